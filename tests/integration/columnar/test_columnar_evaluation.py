"""The DuckDB path over Parquet files decides every household exactly as the domain's
one-household evaluation does, and its dry-run report adds up the same outcomes."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from unicard.adapters.columnar.evaluation import effect, household_outcomes
from unicard.adapters.columnar.files import Limits, connect, open_file_set, quote
from unicard.adapters.rule_files import parse_rule_set, shipped_rule_texts
from unicard.domain.eligibility.evaluation import HouseholdFacts, MemberFact, Outcome, Result, evaluate
from unicard.domain.eligibility.rules import Criterion, Method, Operator, RuleSet, Scope, WhenMissing

TODAY = dt.date(2026, 11, 22)
FRESH, STALE = dt.date(2026, 10, 1), dt.date(2025, 6, 1)  # STALE is older than 400 days


def shipped(name: str) -> RuleSet:
    return parse_rule_set(shipped_rule_texts()[f"{name}.toml"], file=name)


@dataclass(frozen=True)
class Home:
    number: int
    governorate: str
    was_eligible: bool
    head: int | None
    members: tuple[int, ...]
    facts: tuple[tuple[int, str, int | str, dt.date], ...]  # national_id, fact, value, as_of

    def domain(self) -> HouseholdFacts:
        values = {
            (str(nid), fact): MemberFact(str(nid), fact, value, "agency", as_of)
            for nid, fact, value, as_of in self.facts
        }
        return HouseholdFacts(
            str(self.number),
            None if self.head is None else str(self.head),
            tuple(str(m) for m in self.members),
            values,
            new_entrant=not self.was_eligible,
        )


def _near(criteria: Iterable[Criterion], fact: str, rng: random.Random) -> int | str:
    """A value on, just below or just above one of the thresholds the criteria set for ``fact``."""
    thresholds = [c.threshold for c in criteria if c.fact == fact]
    threshold = rng.choice(thresholds)
    if isinstance(threshold, frozenset):
        codes: list[int | str] = [*sorted(str(code) for code in threshold), "worker"]
        return rng.choice(codes)
    if isinstance(threshold, str):
        return rng.choice([threshold, "worker"])
    return max(0, threshold + rng.choice([-1, 0, 1, 0]) * rng.choice([1, 1, 2]))


def population(rule_sets: list[RuleSet], households: int, seed: int) -> list[Home]:
    """Households of 0…4 living members, some without a head, facts near every threshold, some
    stale, some missing, some households off the ration."""
    rng = random.Random(seed)
    criteria = [c for rs in rule_sets for c in rs.criteria]
    facts = sorted({c.fact for c in criteria})
    homes, next_id = [], 29_000_000_000_000
    for number in range(1, households + 1):
        members = tuple(range(next_id, next_id + rng.choice([0, 1, 2, 2, 3, 4])))
        next_id += 10
        head = members[0] if members and rng.random() < 0.9 else None
        rows = [
            (nid, fact, _near(criteria, fact, rng), STALE if rng.random() < 0.1 else FRESH)
            for nid in members
            for fact in facts
            if rng.random() < 0.55
        ]
        governorate = rng.choice(["01", "03", "21"])
        homes.append(Home(number, governorate, rng.random() < 0.7, head, members, tuple(rows)))
    return homes


def write_files(homes: list[Home], root: Path) -> duckdb.DuckDBPyConnection:
    con = connect(Limits(memory_limit="512MB", threads=1))
    con.execute("CREATE TABLE h (household BIGINT, governorate VARCHAR, was_eligible BOOLEAN)")
    con.execute("CREATE TABLE p (household BIGINT, national_id BIGINT, is_head BOOLEAN)")
    con.execute(
        "CREATE TABLE f (national_id BIGINT, value BIGINT, code VARCHAR,"
        " as_of DATE, source VARCHAR, fact VARCHAR)"
    )
    con.executemany(
        "INSERT INTO h VALUES (?, ?, ?)", [(h.number, h.governorate, h.was_eligible) for h in homes]
    )
    con.executemany(
        "INSERT INTO p VALUES (?, ?, ?)", [(h.number, m, m == h.head) for h in homes for m in h.members]
    )
    con.executemany(
        "INSERT INTO f VALUES (?, ?, ?, ?, 'agency', ?)",
        [
            (
                nid,
                value if isinstance(value, int) else None,
                value if isinstance(value, str) else None,
                as_of,
                fact,
            )
            for h in homes
            for nid, fact, value, as_of in h.facts
        ],
    )
    for table, name in (("h", "households"), ("p", "people")):
        (root / name).mkdir(parents=True)
        con.execute(f"COPY {table} TO {quote(str(root / name / 'part-000.parquet'))} (FORMAT parquet)")
    con.execute(f"COPY f TO {quote(str(root / 'facts'))} (FORMAT parquet, PARTITION_BY (fact))")
    open_file_set(con, root)
    return con


def _both_ways(rules: RuleSet, homes: list[Home], con: duckdb.DuckDBPyConnection) -> Counter[str]:
    got = household_outcomes(con, rules, TODAY)
    assert set(got) == {h.number for h in homes}
    for h in homes:
        decision = evaluate(rules, h.domain(), TODAY)
        results, outcome = got[h.number]
        assert results == [r.result.value for r in decision.reasons], (h.number, h)
        assert outcome == decision.outcome.value, (h.number, h)
    return Counter(outcome for _, outcome in got.values())


@pytest.mark.parametrize("name", ["round-2019", "phase-4", "scoring-2017"])
def test_duckdb_decides_every_household_as_the_domain_does(tmp_path: Path, name: str) -> None:
    rules = shipped(name)
    homes = population([rules], households=300, seed=len(name))
    outcomes = _both_ways(rules, homes, write_files(homes, tmp_path))
    # Varied enough for the comparison to mean something.
    assert {"eligible", "excluded", "needs_review"} <= set(outcomes)


#: Operators, the head scope and a code ``==`` the shipped rounds do not use, at least 2 of 4,
#: and an entry bar.
HOMEMADE = RuleSet(
    name="homemade",
    title_ar="تجربة",
    title_en="homemade",
    method=Method.AT_LEAST,
    at_least=2,
    max_fact_age_days=400,
    criteria=(
        Criterion("head_power", "electricity_kwh_month", Operator.GE, 650, Scope.HEAD, "أ", "a"),
        Criterion("little_gas", "gas_m3_month", Operator.LT, 10, Scope.ANY_MEMBER, "ب", "b"),
        Criterion(
            "cars",
            "vehicles",
            Operator.LE,
            2,
            Scope.HOUSEHOLD_TOTAL,
            "ج",
            "c",
            when_missing=WhenMissing.NOT_HELD,
        ),
        Criterion("judge", "profession", Operator.EQ, "judge", Scope.HEAD, "د", "d"),
        Criterion(
            "entry_land",
            "farmland_qirats",
            Operator.GT,
            240,
            Scope.ANY_MEMBER,
            "ه",
            "e",
            new_entrants_only=True,
        ),
    ),
)


def test_duckdb_compiles_every_operator_and_scope(tmp_path: Path) -> None:
    homes = population([HOMEMADE], households=400, seed=7)
    outcomes = _both_ways(HOMEMADE, homes, write_files(homes, tmp_path))
    assert {"eligible", "excluded", "needs_review"} <= set(outcomes)


def test_the_report_adds_up_the_domains_outcomes_by_governorate(tmp_path: Path) -> None:
    rules = shipped("phase-4")
    homes = population([rules], households=300, seed=11)
    rows = {row.governorate: row for row in effect(write_files(homes, tmp_path), rules, TODAY)}
    for governorate in ("01", "03", "21"):
        mine = [h for h in homes if h.governorate == governorate]
        decided = [(h, evaluate(rules, h.domain(), TODAY)) for h in mine]
        out = [h for h, d in decided if h.was_eligible and d.outcome is Outcome.EXCLUDED]
        back = [h for h, d in decided if not h.was_eligible and d.outcome is Outcome.ELIGIBLE]
        row = rows[governorate]
        assert (row.households, row.people) == (len(mine), sum(len(h.members) for h in mine))
        assert row.excluded == sum(d.outcome is Outcome.EXCLUDED for _, d in decided)
        assert row.needs_review == sum(d.outcome is Outcome.NEEDS_REVIEW for _, d in decided)
        assert (row.would_exclude, row.would_exclude_people) == (len(out), sum(len(h.members) for h in out))
        assert (row.would_reinclude, row.would_reinclude_people) == (
            len(back),
            sum(len(h.members) for h in back),
        )
        held = [
            (h, d)
            for h, d in decided
            if any(r.criterion == "electricity" and r.result is Result.HELD for r in d.reasons)
        ]
        assert row.criteria["electricity"] == (
            len(held),
            sum(len(h.members) for h, _ in held),
            sum(1 for h, d in held if h.was_eligible and d.outcome is Outcome.EXCLUDED),
        )


def test_more_criteria_than_one_bit_mask_holds(tmp_path: Path) -> None:
    # 25 criteria: the flags of the last five live in a second mask.
    many = RuleSet(
        name="many",
        title_ar="كثير",
        title_en="many",
        method=Method.AT_LEAST,
        at_least=6,
        max_fact_age_days=400,
        criteria=tuple(
            Criterion(
                f"{c.key}_{copy}",
                c.fact,
                c.operator,
                c.threshold,
                c.scope,
                c.label_ar,
                c.label_en,
                c.when_missing,
                c.new_entrants_only,
            )
            for copy in range(5)
            for c in HOMEMADE.criteria
        ),
    )
    homes = population([many], households=300, seed=3)
    outcomes = _both_ways(many, homes, write_files(homes, tmp_path))
    assert {"eligible", "excluded", "needs_review"} <= set(outcomes)
