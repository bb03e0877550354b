"""Eligibility rule sets, decisions explained, and dry-run reports as the API shows them."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from unicard.domain.eligibility.lifecycle import RuleSetRecord


class RuleSetDraft(BaseModel):
    document: str = Field(description="The rule set as TOML (docs/formats/eligibility-rules.md).")
    file: str = Field("upload.toml", description="A name for the document, shown in errors.")


class Approval(BaseModel):
    version: int | None = Field(None, description="The draft's version; the latest when absent.")
    effective_from: dt.date | None = Field(
        None, description="The first day of a month after today; next month's first day when absent."
    )


class RuleSetOut(BaseModel):
    name: str
    version: int
    title_ar: str
    title_en: str
    status: str
    effective_from: dt.date | None
    drafted_by: str
    drafted_at: dt.datetime
    approved_by: str | None
    approved_at: dt.datetime | None

    @classmethod
    def of(cls, record: RuleSetRecord) -> RuleSetOut:
        return cls(
            name=record.name,
            version=record.version,
            title_ar=record.title_ar,
            title_en=record.title_en,
            status=record.status.value,
            effective_from=record.effective_from,
            drafted_by=record.drafted_by,
            drafted_at=record.drafted_at,
            approved_by=record.approved_by,
            approved_at=record.approved_at,
        )


class RuleSetList(BaseModel):
    items: list[RuleSetOut]


class RuleSetDocument(RuleSetOut):
    document: str


class ReasonOut(BaseModel):
    criterion: str
    fact: str
    result: str = Field(description="held, not_held, missing, stale or not_applicable.")
    national_id: str | None = Field(description="The member whose value decided (none for a total).")
    value: int | str | None = Field(description="In the fact's base unit (piasters, qirats, kWh…).")
    source: str | None
    as_of: dt.date | None
    ar: str = Field(description="The criterion's result in Arabic words.")
    en: str = Field(description="The criterion's result in English words.")


class HouseholdEligibility(BaseModel):
    household: str
    rule_set: str
    version: int
    evaluated_on: dt.date
    outcome: str = Field(description="eligible, excluded or needs_review.")
    outcome_ar: str
    outcome_en: str
    reasons: list[ReasonOut]


class Applied(BaseModel):
    rule_set: str
    version: int
    run_id: int
    effective_from: dt.date | None
    excluded: int
    restored: int
    retired: list[str]
