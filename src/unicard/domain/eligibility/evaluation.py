"""Evaluate one household against a rule set, criterion by criterion, with the reasons.

A criterion *holds* (the household looks well off by it), does *not hold*, or is *unknown*: the
fact it reads is missing (and the rule says missing means review) or older than the rule set's
staleness limit. A fresh value that holds is enough on its own; an unknown never excludes.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from unicard.domain.eligibility.rules import Criterion, Method, RuleSet, Scope, WhenMissing


class Outcome(enum.StrEnum):
    ELIGIBLE = "eligible"
    EXCLUDED = "excluded"
    NEEDS_REVIEW = "needs_review"


class Result(enum.StrEnum):
    HELD = "held"
    NOT_HELD = "not_held"
    MISSING = "missing"  # no member has a value: unknown
    STALE = "stale"  # the value that decides is older than the limit: unknown
    NOT_APPLICABLE = "not_applicable"  # a new-entrant bar, for a household already on the ration

    @property
    def unknown(self) -> bool:
        return self in (Result.MISSING, Result.STALE)


@dataclass(frozen=True, slots=True)
class MemberFact:
    """One member's latest value of one fact, as the agency reported it."""

    national_id: str
    fact: str
    value: int | str  # base units, or a code
    source: str
    as_of: dt.date


@dataclass(frozen=True, slots=True)
class HouseholdFacts:
    number: str
    head: str | None  # the head's national ID
    members: tuple[str, ...]
    values: Mapping[tuple[str, str], MemberFact]  # (national_id, fact) → value
    new_entrant: bool = False  # not on the ration now: the entry bars apply


@dataclass(frozen=True, slots=True)
class Reason:
    criterion: str
    fact: str
    result: Result
    national_id: str | None = None  # the member whose value decided; None for a total or nobody
    value: int | str | None = None
    source: str | None = None
    as_of: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    household: str
    rule_set: str
    outcome: Outcome
    reasons: tuple[Reason, ...]

    @property
    def held(self) -> tuple[Reason, ...]:
        return tuple(reason for reason in self.reasons if reason.result is Result.HELD)


def evaluate(rule_set: RuleSet, household: HouseholdFacts, on: dt.date) -> Decision:
    oldest = on - dt.timedelta(days=rule_set.max_fact_age_days)
    reasons = tuple(_judge(c, household, oldest) for c in rule_set.criteria)
    outcome = combine(rule_set, reasons)
    return Decision(household.number, rule_set.name, outcome, reasons)


def combine(rule_set: RuleSet, reasons: Sequence[Reason]) -> Outcome:
    """The outcome from each criterion's result, ``reasons`` in the rule set's criteria order."""
    by_key = {reason.criterion: reason.result for reason in reasons}
    bars = [by_key[c.key] for c in rule_set.entry_bars]
    scored = [by_key[c.key] for c in rule_set.scored]
    held = sum(result is Result.HELD for result in scored)
    unknown = sum(result.unknown for result in scored)
    needed = rule_set.at_least if rule_set.method is Method.AT_LEAST else 1
    if held >= needed or Result.HELD in bars:
        return Outcome.EXCLUDED
    if held + unknown >= needed or any(result.unknown for result in bars):
        return Outcome.NEEDS_REVIEW
    return Outcome.ELIGIBLE


def _judge(criterion: Criterion, household: HouseholdFacts, oldest: dt.date) -> Reason:
    if criterion.new_entrants_only and not household.new_entrant:
        return Reason(criterion.key, criterion.fact, Result.NOT_APPLICABLE)
    if criterion.scope is Scope.HOUSEHOLD_TOTAL:
        return _judge_total(criterion, household, oldest)
    people = (household.head,) if criterion.scope is Scope.HEAD else household.members
    found = [v for p in people if p and (v := household.values.get((p, criterion.fact))) is not None]
    fresh = [v for v in found if v.as_of >= oldest]
    for value in fresh:
        if criterion.holds(value.value):
            return _reason(criterion, Result.HELD, value)
    stale = [v for v in found if v.as_of < oldest]
    if stale:
        return _reason(criterion, Result.STALE, stale[0])
    if not found:
        return _missing(criterion)
    return _reason(criterion, Result.NOT_HELD, _largest(fresh))


def _judge_total(criterion: Criterion, household: HouseholdFacts, oldest: dt.date) -> Reason:
    found = [v for p in household.members if (v := household.values.get((p, criterion.fact))) is not None]
    if not found:
        return _missing(criterion)
    if any(v.as_of < oldest for v in found):
        stale = min(found, key=lambda v: v.as_of)
        return Reason(criterion.key, criterion.fact, Result.STALE, None, None, stale.source, stale.as_of)
    total = sum(int(v.value) for v in found)
    result = Result.HELD if criterion.holds(total) else Result.NOT_HELD
    sources = ", ".join(sorted({v.source for v in found}))
    return Reason(criterion.key, criterion.fact, result, None, total, sources, min(v.as_of for v in found))


def _missing(criterion: Criterion) -> Reason:
    result = Result.MISSING if criterion.when_missing is WhenMissing.REVIEW else Result.NOT_HELD
    return Reason(criterion.key, criterion.fact, result)


def _reason(criterion: Criterion, result: Result, value: MemberFact) -> Reason:
    return Reason(
        criterion.key, criterion.fact, result, value.national_id, value.value, value.source, value.as_of
    )


def _largest(values: Sequence[MemberFact]) -> MemberFact:
    """The value shown for a criterion that did not hold: the member closest to the threshold."""
    return max(values, key=lambda v: (isinstance(v.value, int), v.value if isinstance(v.value, int) else 0))
