"""An appeal against an eligibility decision, and who may move it from one state to the next.

    opened ──take for review──▶ under_review ──decide──▶ upheld | rejected
       └──────────────┴──withdraw (the citizen)──▶ withdrawn

A citizen (in the app) or a supply office opens an appeal against an adverse decision (excluded,
or needing review) of the citizen's household. Only a supply officer of the household's
governorate takes it for review, corrects facts and decides. An officer who opened the appeal on
the citizen's behalf may not decide it: one person does not both bring and judge a case; nor may
whoever drafted or approved the rule set the decision applied. The one who corrected a fact may
decide: checking the evidence is part of judging it.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from unicard.domain.appeals.corrections import FactCorrection, ProposedFact
from unicard.domain.entitlements.periods import Period
from unicard.domain.operators.operator import Operator, Role
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.errors import Conflict, Forbidden, InvalidValue

MAX_REASON = 1000
MAX_PROPOSED = 20
#: Decision outcomes a household may appeal; an eligible household has nothing to appeal.
APPEALABLE = frozenset({"excluded", "needs_review"})


class AppealStatus(enum.StrEnum):
    OPENED = "opened"
    UNDER_REVIEW = "under_review"
    UPHELD = "upheld"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def is_open(self) -> bool:
        return self in (AppealStatus.OPENED, AppealStatus.UNDER_REVIEW)


class OpenedVia(enum.StrEnum):
    APP = "app"  # the citizen, signed in with national ID + OTP
    OFFICE = "office"  # a supply office, on the citizen's behalf


class EventKind(enum.StrEnum):
    OPENED = "opened"
    REVIEW_STARTED = "review_started"
    FACT_CORRECTED = "fact_corrected"
    UPHELD = "upheld"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True, slots=True)
class Opener:
    via: OpenedVia
    name: str  # the citizen's national ID (app), or the operator's username (office)

    @classmethod
    def citizen(cls, national_id: str) -> Opener:
        return cls(OpenedVia.APP, national_id)

    @classmethod
    def office(cls, operator: Operator) -> Opener:
        return cls(OpenedVia.OFFICE, operator.username)

    @property
    def actor(self) -> str:
        """How the audit log and the timeline name the opener."""
        return f"citizen:{self.name}" if self.via is OpenedVia.APP else self.name


@dataclass(frozen=True, slots=True)
class AppealEvent:
    """One line of an appeal's timeline."""

    kind: EventKind
    actor: str
    at: dt.datetime
    note: str = ""
    details: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Appeal:
    decision_id: int
    household_number: str
    governorate: str
    appellant: str  # the national ID of the member the appeal is for, who is told of it
    reason: str
    opener: Opener
    opened_at: dt.datetime
    proposed: tuple[ProposedFact, ...] = ()
    status: AppealStatus = AppealStatus.OPENED
    reviewer: str | None = None
    decided_by: str | None = None
    decided_at: dt.datetime | None = None
    decision_note: str | None = None
    effective_from: dt.date | None = None  # upheld: the first day the household is eligible again
    id: int | None = None
    version: int = 1

    @classmethod
    def open(
        cls,
        *,
        decision_id: int,
        decision_outcome: str,
        household_number: str,
        governorate: str,
        reason: str,
        opener: Opener,
        at: dt.datetime,
        appellant: str | None = None,
        proposed: Sequence[ProposedFact] = (),
        officer: Operator | None = None,
    ) -> tuple[Appeal, AppealEvent]:
        """A new appeal; ``officer`` is the operator when a supply office opens it, on behalf of
        ``appellant`` (a member, checked by the caller); a citizen appeals for themself."""
        if opener.via is OpenedVia.APP:
            appellant = opener.name
        elif appellant is None:
            raise ValueError("an office-opened appeal names the member it is for")
        if opener.via is OpenedVia.OFFICE:
            if officer is None or officer.username != opener.name:
                raise ValueError("an office-opened appeal names the operator who opens it")
            require_officer(officer, governorate)
        if decision_outcome not in APPEALABLE:
            raise Conflict("appeal.decision_not_adverse", decision_id=decision_id, outcome=decision_outcome)
        if len(proposed) > MAX_PROPOSED:
            raise InvalidValue("appeal.too_many_facts", field="corrected_facts", maximum=MAX_PROPOSED)
        appeal = cls(
            decision_id,
            household_number,
            governorate,
            appellant,
            _text(reason, "reason"),
            opener,
            at,
            tuple(proposed),
        )
        details = {"decision_id": decision_id, "via": opener.via.value, "facts": len(proposed)}
        return appeal, AppealEvent(EventKind.OPENED, opener.actor, at, appeal.reason, details)

    def take_for_review(self, officer: Operator, at: dt.datetime) -> tuple[Appeal, AppealEvent]:
        require_officer(officer, self.governorate)
        self._require(AppealStatus.OPENED, "review")
        after = self._next(status=AppealStatus.UNDER_REVIEW, reviewer=officer.username)
        return after, AppealEvent(EventKind.REVIEW_STARTED, officer.username, at)

    def record_correction(
        self, officer: Operator, correction: FactCorrection, at: dt.datetime
    ) -> AppealEvent:
        """The timeline line for a fact the officer corrected; the appeal itself does not change."""
        require_officer(officer, self.governorate)
        self._require(AppealStatus.UNDER_REVIEW, "correct")
        details = {
            "national_id": correction.national_id,
            "fact": correction.fact,
            "value": correction.value,
            "code": correction.code,
        }
        return AppealEvent(EventKind.FACT_CORRECTED, officer.username, at, correction.evidence, details)

    def decide(
        self,
        officer: Operator,
        *,
        upheld: bool,
        note: str,
        at: dt.datetime,
        rule_authors: frozenset[str] = frozenset(),
    ) -> tuple[Appeal, AppealEvent]:
        """``rule_authors``: who drafted and approved the rule set behind the decision; none of
        them judges an appeal against it."""
        require_officer(officer, self.governorate)
        self._require(AppealStatus.UNDER_REVIEW, "decide")
        if self.opener.via is OpenedVia.OFFICE and self.opener.name == officer.username:
            raise Forbidden("appeal.decided_by_opener", appeal_id=self.id, username=officer.username)
        if officer.username in rule_authors:
            raise Forbidden("appeal.decided_by_rule_author", appeal_id=self.id, username=officer.username)
        status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
        effective_from = next_period_start(at) if upheld else None
        after = self._next(
            status=status,
            decided_by=officer.username,
            decided_at=at,
            decision_note=_text(note, "reason"),
            effective_from=effective_from,
        )
        kind = EventKind.UPHELD if upheld else EventKind.REJECTED
        details = {"effective_from": effective_from.isoformat()} if effective_from else {}
        return after, AppealEvent(kind, officer.username, at, after.decision_note or "", details)

    def withdraw(self, national_id: str, at: dt.datetime) -> tuple[Appeal, AppealEvent]:
        """The citizen takes the appeal back (the caller checked they belong to the household)."""
        if not self.status.is_open:
            raise Conflict(
                "appeal.wrong_state", appeal_id=self.id, status=self.status.value, action="withdraw"
            )
        after = self._next(status=AppealStatus.WITHDRAWN, decided_at=at)
        return after, AppealEvent(EventKind.WITHDRAWN, f"citizen:{national_id}", at)

    def snapshot(self) -> dict[str, object]:
        return {
            "id": self.id,
            "decision_id": self.decision_id,
            "household_number": self.household_number,
            "appellant": self.appellant,
            "status": self.status.value,
            "opened_by": self.opener.actor,
            "reviewer": self.reviewer,
            "decided_by": self.decided_by,
            "decision_note": self.decision_note,
            "effective_from": self.effective_from.isoformat() if self.effective_from else None,
            "version": self.version,
        }

    def _require(self, status: AppealStatus, action: str) -> None:
        if self.status is not status:
            raise Conflict("appeal.wrong_state", appeal_id=self.id, status=self.status.value, action=action)

    def _next(self, **changes: object) -> Appeal:
        return replace(self, version=self.version + 1, **changes)  # type: ignore[arg-type]


def require_officer(officer: Operator, governorate: str) -> None:
    """Only a supply officer of the household's governorate handles its appeals."""
    if Role.SUPPLY_OFFICER not in officer.roles:
        raise Forbidden("appeal.officer_only", username=officer.username)
    if not officer.covers(governorate):
        raise Forbidden("appeal.out_of_scope", username=officer.username, governorate=governorate)


def next_period_start(at: dt.datetime) -> dt.date:
    """The first day of the month after ``at`` (Cairo): a decision changes no month already begun."""
    current = Period.of(cairo_date(at))
    following = (
        Period(current.year + 1, 1) if current.month == 12 else Period(current.year, current.month + 1)
    )
    return following.first_day


def _text(text: str, field: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InvalidValue("appeal.reason_missing", field=field)
    if len(cleaned) > MAX_REASON:
        raise InvalidValue("appeal.text_too_long", field=field, maximum=MAX_REASON)
    return cleaned
