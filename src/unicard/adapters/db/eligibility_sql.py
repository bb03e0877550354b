"""The set-based evaluation of a whole population: one GROUP BY over members' facts.

Every criterion becomes a handful of aggregates per household — whether a fresh value holds
(MAX of a 0/1), whether a value is stale, how many values there are, the household total — and
its result a CASE over them; the outcome is a CASE over the results, exactly as
:func:`unicard.domain.eligibility.evaluation.combine` decides it for one household. Nothing
loops over households in Python; the database does the work in one pass over the facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    false,
    func,
    literal,
    not_,
    or_,
    select,
)

from unicard.adapters.db.tables import citizens, household_members, households
from unicard.adapters.db.tables_feeds import citizen_facts
from unicard.domain.eligibility.evaluation import Result
from unicard.domain.eligibility.rules import Criterion, Method, Operator, RuleSet, Scope, WhenMissing

HELD, NOT_HELD = literal(Result.HELD.value), literal(Result.NOT_HELD.value)


@dataclass(frozen=True, slots=True)
class Columns:
    """The names of one criterion's columns in the per-household query."""

    result: str  # held / not_held / missing / stale / not_applicable
    witness: str  # the national ID whose value decided (NULL for a total or nobody)
    total: str  # the household total (household_total scope only)


def columns(index: int) -> Columns:
    return Columns(f"r{index}", f"w{index}", f"t{index}")


def member_facts(facts: Sequence[str]) -> Any:
    """Living, present members' facts of the kinds ``facts`` names, with their household."""
    return (
        select(
            household_members.c.household_id,
            (household_members.c.relation == "head").label("is_head"),
            citizen_facts.c.national_id,
            citizen_facts.c.fact,
            citizen_facts.c.value,
            citizen_facts.c.code,
            citizen_facts.c.as_of,
        )
        .join(citizens, citizens.c.id == household_members.c.citizen_id)
        .join(citizen_facts, citizen_facts.c.national_id == citizens.c.national_id)
        .where(
            household_members.c.left_at.is_(None),
            citizens.c.deceased_on.is_(None),
            citizen_facts.c.fact.in_(sorted(set(facts))),
        )
        .subquery("mf")
    )


def people() -> Any:
    """Living, present members per household."""
    return (
        select(household_members.c.household_id, func.count().label("people"))
        .join(citizens, citizens.c.id == household_members.c.citizen_id)
        .where(household_members.c.left_at.is_(None), citizens.c.deceased_on.is_(None))
        .group_by(household_members.c.household_id)
        .subquery("pp")
    )


def evaluation(rule_set: RuleSet, on: dt.date, *, numbers: Sequence[str] | None = None) -> Select[Any]:
    """One row per open household: number, governorate, people, was_eligible, outcome and, per
    criterion i, ``r{i}`` (result), ``w{i}`` (witness national ID), ``t{i}`` (total)."""
    oldest = on - dt.timedelta(days=rule_set.max_fact_age_days)
    mf = member_facts([c.fact for c in rule_set.criteria])
    aggregates: list[Any] = [mf.c.household_id]
    for index, criterion in enumerate(rule_set.criteria):
        aggregates.extend(_aggregates(criterion, index, mf, oldest))
    per_household = select(*aggregates).group_by(mf.c.household_id).subquery("agg")
    pp = people()
    new_entrant = not_(households.c.ration_eligible)
    results = [
        _result(criterion, per_household, index, new_entrant).label(columns(index).result)
        for index, criterion in enumerate(rule_set.criteria)
    ]
    inner = (
        select(
            households.c.id.label("household_id"),
            households.c.number,
            households.c.governorate,
            func.coalesce(pp.c.people, 0).label("people"),
            households.c.ration_eligible.label("was_eligible"),
            *results,
            *(per_household.c[columns(i).witness] for i in range(len(rule_set.criteria))),
            *(per_household.c[columns(i).total] for i in range(len(rule_set.criteria))),
        )
        .outerjoin(per_household, per_household.c.household_id == households.c.id)
        .outerjoin(pp, pp.c.household_id == households.c.id)
        .where(households.c.status != "closed")
    )
    if numbers is not None:
        inner = inner.where(households.c.number.in_(list(numbers)))
    rows = inner.subquery("ev")
    return select(rows, _outcome(rule_set, rows).label("outcome"))


def _aggregates(criterion: Criterion, index: int, mf: Any, oldest: dt.date) -> list[Any]:
    names = columns(index)
    this_fact = mf.c.fact == criterion.fact
    if criterion.scope is Scope.HEAD:
        this_fact = and_(this_fact, mf.c.is_head)
    fresh = mf.c.as_of >= oldest
    stale = mf.c.as_of < oldest
    one_held = and_(this_fact, fresh, _holds(criterion, mf))
    total = func.sum(case((and_(this_fact, fresh), mf.c.value)))
    return [
        func.max(case((one_held, 1), else_=0)).label(f"h{index}"),
        func.max(case((and_(this_fact, stale), 1), else_=0)).label(f"s{index}"),
        func.sum(case((this_fact, 1), else_=0)).label(f"n{index}"),
        # The member shown: one whose value holds, else one whose value is stale.
        func.coalesce(
            func.min(case((one_held, mf.c.national_id))),
            func.min(case((and_(this_fact, stale), mf.c.national_id))),
        ).label(names.witness),
        total.label(names.total),
    ]


def _holds(criterion: Criterion, mf: Any) -> ColumnElement[bool]:
    column = mf.c.code if not criterion.kind.numeric else mf.c.value
    return _compare(criterion, column)


def _compare(criterion: Criterion, column: Any) -> ColumnElement[bool]:
    threshold = criterion.threshold
    match criterion.operator:
        case Operator.IN:
            assert isinstance(threshold, frozenset)
            return column.in_(sorted(threshold))  # type: ignore[no-any-return]
        case Operator.EQ:
            return column == threshold  # type: ignore[no-any-return]
        case Operator.GT:
            return column > threshold  # type: ignore[no-any-return]
        case Operator.GE:
            return column >= threshold  # type: ignore[no-any-return]
        case Operator.LT:
            return column < threshold  # type: ignore[no-any-return]
        case _:
            return column <= threshold  # type: ignore[no-any-return]


def _result(criterion: Criterion, agg: Any, index: int, new_entrant: Any) -> ColumnElement[str]:
    held = func.coalesce(agg.c[f"h{index}"], 0) == 1
    stale = func.coalesce(agg.c[f"s{index}"], 0) == 1
    none = func.coalesce(agg.c[f"n{index}"], 0) == 0
    when_none = Result.MISSING if criterion.when_missing is WhenMissing.REVIEW else Result.NOT_HELD
    if criterion.scope is Scope.HOUSEHOLD_TOTAL:
        whens = [
            (none, literal(when_none.value)),
            (stale, literal(Result.STALE.value)),
            (_compare(criterion, agg.c[columns(index).total]), HELD),
        ]
    else:
        whens = [(held, HELD), (stale, literal(Result.STALE.value)), (none, literal(when_none.value))]
    if criterion.new_entrants_only:
        whens.insert(0, (not_(new_entrant), literal(Result.NOT_APPLICABLE.value)))
    return case(*whens, else_=NOT_HELD)


def _outcome(rule_set: RuleSet, rows: Any) -> ColumnElement[str]:
    def count(criteria: Sequence[Criterion], results: Sequence[str]) -> Any:
        terms = [
            case((rows.c[columns(rule_set.criteria.index(c)).result].in_(results), 1), else_=0)
            for c in criteria
        ]
        return sum(terms[1:], terms[0]) if terms else literal(0)

    held_words, unknown_words = [Result.HELD.value], [Result.MISSING.value, Result.STALE.value]
    needed = rule_set.at_least if rule_set.method is Method.AT_LEAST else 1
    scored, bars = rule_set.scored, rule_set.entry_bars
    held = count(scored, held_words)
    unknown = count(scored, unknown_words)
    bar_held = count(bars, held_words) > 0 if bars else false()
    bar_unknown = count(bars, unknown_words) > 0 if bars else false()
    return case(
        (or_(held >= needed, bar_held), literal("excluded")),
        (or_(held + unknown >= needed, bar_unknown), literal("needs_review")),
        else_=literal("eligible"),
    )
