"""The set-based evaluation of the population agrees with the domain's one-household evaluation,
and the dry runs of the 2019 and Phase 4 rounds differ the way their thresholds say."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from tests.fakes import FixedClock
from tests.integration.eligibility.world import FRESH, Home, home, varied_population
from unicard.adapters.db.eligibility_sql import evaluation
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.adapters.rule_files import parse_rule_set, shipped_rule_texts
from unicard.domain.eligibility.evaluation import evaluate
from unicard.domain.eligibility.rules import RuleSet
from unicard.services.eligibility import evaluation as use_case
from unicard.services.eligibility import rule_sets

TODAY = dt.date(2026, 11, 22)


def shipped(name: str) -> RuleSet:
    return parse_rule_set(shipped_rule_texts()[f"{name}.toml"], file=name)


@pytest.mark.parametrize("name", ["round-2019", "phase-4", "scoring-2017"])
def test_sql_decides_every_household_as_the_domain_does(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, name: str
) -> None:
    homes = varied_population(uow_factory, clock, households=40, seed=len(name))
    rules = shipped(name)
    with uow_factory() as uow:
        rows = {row.number: row for row in uow.connection.execute(evaluation(rules, TODAY))}
        expected = {}
        for h in homes:
            facts = uow.eligibility.household_facts(h.number, sorted(rules.facts))
            assert facts is not None
            expected[h.number] = evaluate(rules, facts, TODAY)
    assert set(rows) == set(expected)
    for number, decision in expected.items():
        row = rows[number]
        got = [row._mapping[f"r{i}"] for i in range(len(rules.criteria))]
        assert got == [r.result.value for r in decision.reasons], number
        assert row.outcome == decision.outcome.value, number
    # The population is varied enough for the comparison to mean something.
    assert {"eligible", "excluded", "needs_review"} <= set(Counter(r.outcome for r in rows.values()))


def _draft_both(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    for name in ("round-2019", "phase-4"):
        text = shipped_rule_texts()[f"{name}.toml"]
        rule_sets.draft(uow_factory(), clock, parse_rule_set, actor="analyst", document=text, file=name)


def test_2019_excludes_800_kwh_and_phase_4_does_not(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    _draft_both(uow_factory, clock)
    kwh: list[Home] = [
        home(uow_factory, clock, size=3, facts=[[("electricity_kwh_month", 800, FRESH)]]),
        home(uow_factory, clock, size=2, facts=[[], [("electricity_kwh_month", 1200, FRESH)]]),
        home(uow_factory, clock, size=1, facts=[[("electricity_kwh_month", 300, FRESH)]], governorate="01"),
        home(uow_factory, clock, size=2, facts=[[("electricity_kwh_month", 700, FRESH)]], eligible=False),
    ]
    r2019 = use_case.dry_run(uow_factory(), clock, parse_rule_set, actor="analyst", rule_set="round-2019")
    phase4 = use_case.dry_run(uow_factory(), clock, parse_rule_set, actor="analyst", rule_set="phase-4")
    old, new = r2019.total(), phase4.total()
    # 800 and 1200 kWh are above 650; only 1200 reaches 1,000.
    assert (old.would_exclude, old.would_exclude_people) == (2, 5)
    assert (new.would_exclude, new.would_exclude_people) == (1, 2)
    # 700 kWh, off the ration: 2019 keeps it out, Phase 4 lets it back in.
    assert (old.would_reinclude, new.would_reinclude) == (0, 1)
    assert old.criteria["electricity"] == (3, 7, 2)
    assert new.criteria["electricity"] == (1, 2, 1)
    by_governorate = {row.governorate: row for row in r2019.rows}
    assert (by_governorate["03"].would_exclude, by_governorate["01"].would_exclude) == (2, 0)
    assert len(kwh) == 4
    rows = use_case.effect_csv_rows(r2019)
    assert rows[0][:3] == ["governorate", "criterion", "households"]
    assert ["ALL", "electricity", "3", "7", "", "", "", "2", "", "", ""] in rows
