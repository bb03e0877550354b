"""A rule set of the ministerial committee: criteria over agency facts, and how they combine.

A criterion compares one fact (from :mod:`.facts`) with a threshold in the fact's base unit,
over a scope of the household: any member, the head, or the household's total. A rule set
combines its criteria: exclude when any holds, or when at least N hold; criteria marked for new
entrants bar only households asking to enter the ration (the scoring variant).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from unicard.domain.eligibility.facts import FACTS, FactKind


class Operator(enum.StrEnum):
    GT = ">"
    GE = ">="
    LT = "<"
    LE = "<="
    EQ = "=="
    IN = "in"


class Scope(enum.StrEnum):
    ANY_MEMBER = "any_member"
    HEAD = "head"
    HOUSEHOLD_TOTAL = "household_total"


class Method(enum.StrEnum):
    ANY = "any"  # excluded when any criterion holds
    AT_LEAST = "at_least"  # excluded when at least N criteria hold


class WhenMissing(enum.StrEnum):
    """What a household without any value of the fact means for the criterion."""

    REVIEW = "review"  # unknown: the decision needs a person (a meter everyone has, unreported)
    NOT_HELD = "not_held"  # absence is an answer (no row in the vehicle registry: no car)


Threshold = int | str | frozenset[int] | frozenset[str]


@dataclass(frozen=True, slots=True)
class Criterion:
    key: str  # unique within the rule set; names the criterion in reasons and reports
    fact: str
    operator: Operator
    threshold: Threshold  # base units; a frozenset for ``in``; a str for a code ``==``
    scope: Scope
    label_ar: str
    label_en: str
    when_missing: WhenMissing = WhenMissing.REVIEW
    new_entrants_only: bool = False

    @property
    def kind(self) -> FactKind:
        return FACTS[self.fact]

    def holds(self, value: int | str) -> bool:
        """Whether ``value`` (a number in base units, or a code) meets the criterion."""
        threshold = self.threshold
        if self.operator is Operator.IN:
            assert isinstance(threshold, frozenset)
            return value in threshold
        if self.operator is Operator.EQ:
            return value == threshold
        assert isinstance(value, int)
        assert isinstance(threshold, int)
        match self.operator:
            case Operator.GT:
                return value > threshold
            case Operator.GE:
                return value >= threshold
            case Operator.LT:
                return value < threshold
            case _:
                return value <= threshold


@dataclass(frozen=True, slots=True)
class RuleSet:
    name: str
    title_ar: str
    title_en: str
    method: Method
    at_least: int  # for Method.AT_LEAST; 1 for Method.ANY
    max_fact_age_days: int  # a fact older than this on the evaluation day is stale
    criteria: tuple[Criterion, ...]

    @property
    def facts(self) -> frozenset[str]:
        return frozenset(criterion.fact for criterion in self.criteria)

    @property
    def scored(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if not c.new_entrants_only)

    @property
    def entry_bars(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.new_entrants_only)
