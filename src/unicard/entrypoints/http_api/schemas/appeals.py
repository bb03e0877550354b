"""Appeals (تظلمات) as the API reads and writes them, for officers and for the citizen app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, Field

from unicard.domain.appeals import Appeal, AppealEvent, AppealFigures, AppealStatus, ProposedFact
from unicard.entrypoints.http_api.schemas.common import GovernorateOut, RequestBody
from unicard.services.appeals.queries import AppealStats, AppealView

VALUE_DOC = (
    "For a numeric fact: the value in its base unit (piasters, kWh, m³, qirats = 1/24 feddan, count,"
    " year); never negative. Leave out for a code fact."
)
REASON_DOC = "Why the decision is wrong, in the citizen's words (up to 1000 characters)."
Mask = Callable[[str], str]
#: How the citizen app names an officer: the office acts, not a username.
SUPPLY_OFFICE = "supply_office"


class CorrectedFactIn(RequestBody):
    national_id: str = Field(description="The member whose fact is wrong (a member of the household).")
    fact: str = Field(description="A fact key of the catalog, e.g. vehicles, electricity_kwh_month.")
    value: int | None = Field(None, description=VALUE_DOC)
    code: str | None = Field(None, description="For a code fact (profession): the right code.")
    evidence: str = Field("", max_length=500, description="The document that shows it, e.g. a sale contract.")


class CitizenAppealOpening(RequestBody):
    decision_id: int | None = Field(
        None,
        description="The eligibility decision appealed (excluded, or needing review);"
        " left out: the household's latest decision.",
    )
    reason: str = Field(description=REASON_DOC, examples=["we sold the car in 2023"])
    corrected_facts: list[CorrectedFactIn] = Field(default_factory=list, max_length=20)


class OfficeAppealOpening(RequestBody):
    decision_id: int | None = Field(
        None,
        description="The eligibility decision appealed (excluded, or needing review);"
        " left out: the latest decision on the member's household.",
    )
    reason: str = Field(description=REASON_DOC, examples=["we sold the car in 2023"])
    corrected_facts: list[CorrectedFactIn] = Field(default_factory=list, max_length=20)
    national_id: str = Field(description="The member the appeal is for; told of it by SMS and in the app.")


class FactCorrectionIn(RequestBody):
    national_id: str = Field(description="The member whose fact is corrected.")
    fact: str = Field(description="A fact key of the catalog.")
    value: int | None = Field(None, description=VALUE_DOC)
    code: str | None = Field(None, description="For a code fact (profession).")
    evidence: str = Field(description="What the correction rests on: document, number, date.")


class AppealDecisionIn(RequestBody):
    outcome: Literal["upheld", "rejected"]
    reason: str = Field(description="Why; a rejection's reason is sent to the citizen.")


class CorrectedFactOut(BaseModel):
    national_id: str
    fact: str
    value: int | None
    code: str | None
    evidence: str


class AppealEventOut(BaseModel):
    kind: str = Field(description="opened, review_started, fact_corrected, upheld, rejected, withdrawn.")
    actor: str = Field(description="An operator's username, or citizen:<national ID>.")
    at: dt.datetime
    note: str
    details: dict[str, object]


class AppealOut(BaseModel):
    id: int
    decision_id: int
    household_number: str
    governorate: GovernorateOut
    national_id: str = Field(description="The member the appeal is for.")
    status: AppealStatus
    reason: str
    opened_via: Literal["app", "office"]
    opened_by: str
    opened_at: dt.datetime
    corrected_facts: list[CorrectedFactOut]
    reviewer: str | None
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_note: str | None
    eligible_from: dt.date | None = Field(
        description="Upheld: the first day the household is eligible again."
    )
    timeline: list[AppealEventOut] | None = Field(None, description="In the view of one appeal.")

    @classmethod
    def of(cls, appeal: Appeal, mask: Mask, timeline: list[AppealEvent] | None = None) -> AppealOut:
        """As an operator reads it; national IDs through ``mask`` (by the viewer's role)."""
        assert appeal.id is not None
        opener = appeal.opener
        return cls(
            id=appeal.id,
            decision_id=appeal.decision_id,
            household_number=appeal.household_number,
            governorate=GovernorateOut.of(appeal.governorate),
            national_id=mask(appeal.appellant),
            status=appeal.status,
            reason=appeal.reason,
            opened_via=opener.via.value,
            opened_by=_actor(opener.actor, mask),
            opened_at=appeal.opened_at,
            corrected_facts=[_fact(fact, mask) for fact in appeal.proposed],
            reviewer=appeal.reviewer,
            decided_by=appeal.decided_by,
            decided_at=appeal.decided_at,
            decision_note=appeal.decision_note,
            eligible_from=appeal.effective_from,
            timeline=None if timeline is None else [_event(event, mask) for event in timeline],
        )

    @classmethod
    def of_view(cls, view: AppealView, mask: Mask) -> AppealOut:
        return cls.of(view.appeal, mask, list(view.timeline))

    @classmethod
    def for_citizen(cls, view: AppealView) -> AppealOut:
        """As the citizen reads it: their own household's, in full, staff named by office only."""
        seen = cls.of(view.appeal, _shown, list(view.timeline))
        return seen.model_copy(
            update={
                "opened_by": _staff(seen.opened_by),
                "reviewer": seen.reviewer and SUPPLY_OFFICE,
                "decided_by": seen.decided_by and SUPPLY_OFFICE,
                "timeline": [
                    event.model_copy(update={"actor": _staff(event.actor)}) for event in seen.timeline or []
                ],
            }
        )


class AppealPage(BaseModel):
    items: list[AppealOut]
    limit: int
    offset: int


class AppealFiguresOut(BaseModel):
    opened: int
    pending: int
    decided: int
    upheld: int
    rejected: int
    withdrawn: int
    upheld_rate: float | None = Field(description="Upheld among decided; null before the first decision.")
    median_days_to_decision: float | None

    @classmethod
    def of(cls, figures: AppealFigures) -> AppealFiguresOut:
        return cls(
            opened=figures.opened,
            pending=figures.pending,
            decided=figures.decided,
            upheld=figures.upheld,
            rejected=figures.rejected,
            withdrawn=figures.withdrawn,
            upheld_rate=figures.upheld_rate,
            median_days_to_decision=figures.median_days_to_decision,
        )


class AppealStatsOut(BaseModel):
    total: AppealFiguresOut
    by_governorate: dict[str, AppealFiguresOut] = Field(description="Keyed by governorate code.")
    by_channel: dict[str, AppealFiguresOut] = Field(description="app (citizens) or office (supply offices).")

    @classmethod
    def of(cls, stats: AppealStats) -> AppealStatsOut:
        return cls(
            total=AppealFiguresOut.of(stats.total),
            by_governorate={code: AppealFiguresOut.of(f) for code, f in stats.by_governorate.items()},
            by_channel={via: AppealFiguresOut.of(f) for via, f in stats.by_channel.items()},
        )


def proposed_facts(facts: list[CorrectedFactIn], canonical: Callable[[str, str], str]) -> list[ProposedFact]:
    """The body's facts as the domain's; each problem names its place (``corrected_facts.1.value``)."""
    return [
        ProposedFact.create(
            national_id=canonical(fact.national_id, f"corrected_facts.{index}.national_id"),
            fact=fact.fact,
            value=fact.value,
            code=fact.code,
            evidence=fact.evidence,
            field=f"corrected_facts.{index}",
        )
        for index, fact in enumerate(facts)
    ]


def _fact(fact: ProposedFact, mask: Mask) -> CorrectedFactOut:
    return CorrectedFactOut(
        national_id=mask(fact.national_id),
        fact=fact.fact,
        value=fact.value,
        code=fact.code,
        evidence=fact.evidence,
    )


def _event(event: AppealEvent, mask: Mask) -> AppealEventOut:
    details = dict(event.details)
    if isinstance(details.get("national_id"), str):
        details["national_id"] = mask(str(details["national_id"]))
    return AppealEventOut(
        kind=event.kind.value, actor=_actor(event.actor, mask), at=event.at, note=event.note, details=details
    )


def _shown(national_id: str) -> str:
    return national_id


def _staff(actor: str) -> str:
    return actor if actor.startswith("citizen:") else SUPPLY_OFFICE


def _actor(actor: str, mask: Mask) -> str:
    prefix, _, national_id = actor.partition(":")
    return f"citizen:{mask(national_id)}" if prefix == "citizen" and national_id else actor
