"""Evaluating one household: each criterion's result and the outcome they combine to."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from unicard.adapters.rule_files import parse_rule_set, shipped_rule_texts
from unicard.domain.eligibility.evaluation import (
    HouseholdFacts,
    MemberFact,
    Outcome,
    Result,
    evaluate,
)
from unicard.domain.eligibility.rules import Criterion, Method, Operator, RuleSet, Scope, WhenMissing

TODAY = dt.date(2026, 12, 1)
FRESH = dt.date(2026, 10, 1)
HEAD, WIFE = "28001010100015", "28502020100026"


def shipped(name: str) -> RuleSet:
    return parse_rule_set(shipped_rule_texts()[f"{name}.toml"], file=name)


def household(
    *facts: tuple[str, str, int | str], as_of: dt.date = FRESH, new: bool = False
) -> HouseholdFacts:
    values = {(who, fact): MemberFact(who, fact, value, "agency", as_of) for who, fact, value in facts}
    return HouseholdFacts("H1", HEAD, (HEAD, WIFE), values, new_entrant=new)


def reason(decision_reasons: tuple[object, ...], key: str) -> object:
    return next(r for r in decision_reasons if r.criterion == key)


def test_2019_excludes_a_household_whose_wife_uses_800_kwh_and_names_her() -> None:
    decision = evaluate(shipped("round-2019"), household((WIFE, "electricity_kwh_month", 800)), TODAY)
    assert decision.outcome is Outcome.EXCLUDED
    (held,) = decision.held
    assert (held.criterion, held.national_id, held.value, held.source) == ("electricity", WIFE, 800, "agency")


def test_phase_4_keeps_the_same_household_at_800_kwh() -> None:
    decision = evaluate(shipped("phase-4"), household((WIFE, "electricity_kwh_month", 800)), TODAY)
    assert decision.outcome is Outcome.ELIGIBLE
    assert reason(decision.reasons, "electricity").result is Result.NOT_HELD  # type: ignore[attr-defined]


def test_a_missing_meter_reading_needs_review_but_a_missing_car_does_not() -> None:
    decision = evaluate(shipped("round-2019"), household(), TODAY)
    assert decision.outcome is Outcome.NEEDS_REVIEW
    assert reason(decision.reasons, "electricity").result is Result.MISSING  # type: ignore[attr-defined]
    assert reason(decision.reasons, "new_car").result is Result.NOT_HELD  # type: ignore[attr-defined]


def test_a_stale_reading_needs_review_and_a_fresh_one_that_holds_still_excludes() -> None:
    old = dt.date(2025, 1, 1)
    stale = evaluate(shipped("round-2019"), household((HEAD, "electricity_kwh_month", 100), as_of=old), TODAY)
    assert stale.outcome is Outcome.NEEDS_REVIEW
    assert reason(stale.reasons, "electricity").result is Result.STALE  # type: ignore[attr-defined]
    both = household((HEAD, "electricity_kwh_month", 100), as_of=old)
    fresh_car = MemberFact(WIFE, "newest_vehicle_year", 2020, "traffic", FRESH)
    with_car = HouseholdFacts(
        "H1", HEAD, (HEAD, WIFE), {**both.values, (WIFE, "newest_vehicle_year"): fresh_car}
    )
    assert evaluate(shipped("round-2019"), with_car, TODAY).outcome is Outcome.EXCLUDED


def test_phase_4_totals_cars_over_the_household_and_reads_the_profession_list() -> None:
    cars = household((HEAD, "vehicles", 2), (WIFE, "vehicles", 2), (HEAD, "electricity_kwh_month", 10))
    decision = evaluate(shipped("phase-4"), cars, TODAY)
    assert decision.outcome is Outcome.EXCLUDED
    assert [(r.criterion, r.value) for r in decision.held] == [("cars", 4)]
    judge = household((WIFE, "profession", "judge"), (HEAD, "electricity_kwh_month", 10))
    assert [r.criterion for r in evaluate(shipped("phase-4"), judge, TODAY).held] == ["high_profession"]
    teacher = household((WIFE, "profession", "teacher"), (HEAD, "electricity_kwh_month", 10))
    assert evaluate(shipped("phase-4"), teacher, TODAY).outcome is Outcome.ELIGIBLE


def test_scoring_needs_four_criteria_and_bars_new_entrants_on_income() -> None:
    rules = shipped("scoring-2017")
    three = [
        (HEAD, "electricity_kwh_month", 700),
        (HEAD, "newest_vehicle_year", 2016),
        (WIFE, "mobile_bill_month", 90_000),
    ]
    assert evaluate(rules, household(*three), TODAY).outcome is Outcome.ELIGIBLE
    four = [*three, (WIFE, "school_fees_year", 4_000_000)]
    assert evaluate(rules, household(*four), TODAY).outcome is Outcome.EXCLUDED
    income = [(HEAD, "electricity_kwh_month", 100), (HEAD, "income_month", 160_000)]
    assert evaluate(rules, household(*income), TODAY).outcome is Outcome.ELIGIBLE  # on the ration already
    assert evaluate(rules, household(*income, new=True), TODAY).outcome is Outcome.EXCLUDED


def _single(operator: Operator, threshold: int, scope: Scope) -> RuleSet:
    criterion = Criterion(
        "c", "electricity_kwh_month", operator, threshold, scope, "ع", "e", WhenMissing.NOT_HELD
    )
    return RuleSet("t", "ع", "e", Method.ANY, 1, 400, (criterion,))


@given(
    head=st.integers(0, 5000),
    wife=st.integers(0, 5000),
    threshold=st.integers(0, 5000),
    operator=st.sampled_from([Operator.GT, Operator.GE, Operator.LT, Operator.LE, Operator.EQ]),
)
def test_scopes_agree_with_their_definition(head: int, wife: int, threshold: int, operator: Operator) -> None:
    facts = household((HEAD, "electricity_kwh_month", head), (WIFE, "electricity_kwh_month", wife))
    compare = {
        Operator.GT: int.__gt__, Operator.GE: int.__ge__, Operator.LT: int.__lt__,
        Operator.LE: int.__le__, Operator.EQ: int.__eq__,
    }[operator]  # fmt: skip
    expected = {
        Scope.ANY_MEMBER: compare(head, threshold) or compare(wife, threshold),
        Scope.HEAD: compare(head, threshold),
        Scope.HOUSEHOLD_TOTAL: compare(head + wife, threshold),
    }
    for scope, held in expected.items():
        outcome = evaluate(_single(operator, threshold, scope), facts, TODAY).outcome
        assert outcome is (Outcome.EXCLUDED if held else Outcome.ELIGIBLE), scope
