"""What the eligibility use cases need from storage, and the shapes it answers in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from unicard.domain.eligibility.evaluation import HouseholdFacts, Outcome, Result
from unicard.domain.eligibility.lifecycle import RuleSetRecord
from unicard.domain.eligibility.rules import RuleSet
from unicard.services.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class EffectRow:
    """One governorate's line of the effect report (households and people)."""

    governorate: str
    households: int
    people: int
    eligible: int
    excluded: int
    needs_review: int
    would_exclude: int  # on the ration now, excluded by the rule set
    would_exclude_people: int
    would_reinclude: int  # off the ration now, eligible under the rule set
    would_reinclude_people: int
    #: criterion key → (households it holds for, their people, of them newly excluded)
    criteria: Mapping[str, tuple[int, int, int]] = field(default_factory=dict)


def effect_row(
    governorate: str, counts: Sequence[int], criteria: Mapping[str, tuple[int, int, int]]
) -> EffectRow:
    """``counts`` in the order of :class:`EffectRow`'s fields, households to would_reinclude_people."""
    (households, people, eligible, excluded, review, out, out_people, back, back_people) = counts
    return EffectRow(
        governorate,
        households,
        people,
        eligible,
        excluded,
        review,
        out,
        out_people,
        back,
        back_people,
        criteria,
    )


@dataclass(frozen=True, slots=True)
class ChangedHousehold:
    decision_id: int
    number: str
    now_eligible: bool


@dataclass(frozen=True, slots=True)
class AppliedRun:
    run_id: int
    changed: Sequence[ChangedHousehold]


@dataclass(frozen=True, slots=True)
class StoredReason:
    criterion: str
    fact: str
    result: Result
    national_id: str | None
    value: int | str | None
    source: str | None
    as_of: dt.date | None


@dataclass(frozen=True, slots=True)
class StoredDecision:
    id: int
    household: str
    rule_set: str
    version: int
    outcome: Outcome
    was_eligible: bool
    decided_at: dt.datetime
    reasons: tuple[StoredReason, ...]


class EligibilityStore(Protocol):
    def add_draft(self, rule_set: RuleSet, document: str, *, by: str, at: dt.datetime) -> RuleSetRecord: ...
    def rule_set(self, name: str, version: int | None = None) -> tuple[RuleSetRecord, str] | None: ...
    def rule_sets(self) -> list[RuleSetRecord]: ...
    def approve(self, record_id: int, *, by: str, at: dt.datetime, effective_from: dt.date) -> None: ...
    def make_effective(self, record_id: int) -> list[str]: ...
    def household_facts(self, number: str, facts: Sequence[str]) -> HouseholdFacts | None: ...
    def effect(self, rule_set: RuleSet, on: dt.date) -> list[EffectRow]: ...
    def apply(
        self, rule_set: RuleSet, record: RuleSetRecord, on: dt.date, *, by: str, at: dt.datetime
    ) -> AppliedRun: ...
    def decision(self, decision_id: int) -> StoredDecision | None: ...
    def head_and_mobile(self, number: str) -> tuple[str, str | None] | None: ...


class RuleParser(Protocol):
    """Reads a rule document (the TOML an analyst wrote); refusals name the line."""

    def __call__(self, text: str, *, file: str) -> RuleSet: ...


class EligibilityUnitOfWork(UnitOfWork, Protocol):
    @property
    def eligibility(self) -> EligibilityStore: ...
