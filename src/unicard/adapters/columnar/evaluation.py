"""A parsed rule set compiled to one DuckDB query over the national file set.

The same plan as the database path (:mod:`unicard.adapters.db.eligibility_sql`): members' facts
joined to their household, ``GROUP BY household`` with, per criterion, whether a fresh value
holds, whether a value is stale, how many values there are and the household total; each
criterion's result is a ``CASE`` over those, and the outcome a ``CASE`` over the results, as
:func:`unicard.domain.eligibility.evaluation.combine` decides for one household. The criteria
come from the domain's :class:`RuleSet` (operators, scopes, ``when_missing``, new-entrant bars,
at-least-N); nothing here re-reads a rule file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb

from unicard.adapters.columnar.files import quote
from unicard.domain.eligibility.evaluation import Outcome, Result
from unicard.domain.eligibility.rules import Criterion, Method, Operator, RuleSet, Scope, WhenMissing
from unicard.services.eligibility.ports import EffectRow, effect_row

_SQL_OPERATORS = {
    Operator.GT: ">",
    Operator.GE: ">=",
    Operator.LT: "<",
    Operator.LE: "<=",
    Operator.EQ: "=",
}


def outcomes_sql(rule_set: RuleSet, on: dt.date) -> str:
    """One row per household: household, governorate, people, was_eligible, ``r{i}`` per
    criterion (held / not_held / missing / stale / not_applicable) and outcome."""
    oldest = on - dt.timedelta(days=rule_set.max_fact_age_days)
    facts = ", ".join(quote(fact) for fact in sorted(rule_set.facts))
    per_person, per_household = _aggregates(rule_set, oldest)
    results = ",\n    ".join(f"{_result(c, i)} AS r{i}" for i, c in enumerate(rule_set.criteria))
    # Facts are folded per person first (one narrow row per adult), then joined to the people:
    # joining every fact row to its household spilled the join's probe side (~50 GB at 22 M
    # households for Phase 4's twelve facts).
    return f"""
WITH pf AS (
  SELECT f.national_id,
    {", ".join(per_person)}
  FROM facts AS f WHERE f.fact IN ({facts})
  GROUP BY f.national_id
),
agg AS (
  SELECT p.household, count(*) AS people,
    {", ".join(per_household)}
  FROM people AS p LEFT JOIN pf ON pf.national_id = p.national_id
  GROUP BY p.household
),
ev AS (
  SELECT h.household, h.governorate, coalesce(agg.people, 0) AS people, h.was_eligible,
    {results}
  FROM households AS h
  LEFT JOIN agg ON agg.household = h.household
)
SELECT ev.*, {_outcome(rule_set)} AS outcome FROM ev"""


def household_outcomes(
    con: duckdb.DuckDBPyConnection, rule_set: RuleSet, on: dt.date
) -> dict[int, tuple[list[str], str]]:
    """Household → (each criterion's result, the outcome); for checks on small populations."""
    n = len(rule_set.criteria)
    rows = con.execute(outcomes_sql(rule_set, on)).fetchall()
    # Columns: household, governorate, people, was_eligible, r0..r{n-1}, outcome.
    return {int(row[0]): ([str(r) for r in row[4 : 4 + n]], str(row[4 + n])) for row in rows}


def effect(con: duckdb.DuckDBPyConnection, rule_set: RuleSet, on: dt.date) -> list[EffectRow]:
    """Per governorate: the outcomes, what changes against today's status, each criterion —
    the dry run's report, as the database path's ``effect`` answers it."""
    excluded = f"outcome = '{Outcome.EXCLUDED.value}'"
    eligible = f"outcome = '{Outcome.ELIGIBLE.value}'"
    newly_out = f"was_eligible AND {excluded}"
    back_in = f"NOT was_eligible AND {eligible}"
    measures = [
        _households("TRUE"),
        _people("TRUE"),
        _households(eligible),
        _households(excluded),
        _households(f"outcome = '{Outcome.NEEDS_REVIEW.value}'"),
        _households(newly_out),
        _people(newly_out),
        _households(back_in),
        _people(back_in),
    ]
    for index in range(len(rule_set.criteria)):
        held = f"r{index} = '{Result.HELD.value}'"
        measures += [_households(held), _people(held), _households(f"{held} AND {newly_out}")]
    query = (
        f"SELECT governorate, {', '.join(measures)} FROM ({outcomes_sql(rule_set, on)}) "
        "GROUP BY governorate ORDER BY governorate"
    )
    return [_effect_row(rule_set, row) for row in con.execute(query).fetchall()]


def _households(condition: str) -> str:
    return f"sum(CASE WHEN {condition} THEN 1 ELSE 0 END)::BIGINT"


def _people(condition: str) -> str:
    return f"sum(CASE WHEN {condition} THEN people ELSE 0 END)::BIGINT"


def _effect_row(rule_set: RuleSet, row: Sequence[object]) -> EffectRow:
    counts = [int(str(value or 0)) for value in row[1:10]]
    rest = [int(str(value or 0)) for value in row[10:]]
    criteria = {
        c.key: (rest[3 * i], rest[3 * i + 1], rest[3 * i + 2]) for i, c in enumerate(rule_set.criteria)
    }
    return effect_row(str(row[0]), counts, criteria)


#: Criteria per bit mask: three bits each (a value, a stale value, a fresh value that holds) in a
#: BIGINT. One ``bit_or`` per 20 criteria keeps the per-household state to a few bytes — with a
#: MAX/SUM per flag, 22 M households x 12 criteria made DuckDB spill tens of GB.
_PER_MASK = 20
_PRESENT, _STALE, _HELD = 1, 2, 4


def _mask_bits(index: int) -> tuple[str, int]:
    """The mask column and the bit offset of criterion ``index``."""
    return f"agg.m{index // _PER_MASK}", 3 * (index % _PER_MASK)


def _aggregates(rule_set: RuleSet, oldest: dt.date) -> tuple[list[str], list[str]]:
    """The per-person aggregates over facts, and the per-household ones over those."""
    old = f"DATE '{oldest.isoformat()}'"
    flags: dict[int, list[str]] = {}
    head_only: dict[int, int] = {}  # mask → the bits of its head-scope criteria
    totals = []
    for index, criterion in enumerate(rule_set.criteria):
        this_fact = f"f.fact = {quote(criterion.fact)}"
        column = "f.value" if criterion.kind.numeric else "f.code"
        flag = (
            f"CASE WHEN {this_fact} THEN {_PRESENT} + CASE WHEN f.as_of < {old} THEN {_STALE} "
            f"WHEN {_compare(criterion, column)} THEN {_HELD} ELSE 0 END ELSE 0 END"
        )
        mask, offset = index // _PER_MASK, 3 * (index % _PER_MASK)
        flags.setdefault(mask, []).append(f"(({flag})::BIGINT << {offset})")
        if criterion.scope is Scope.HEAD:
            head_only[mask] = head_only.get(mask, 0) | (7 << offset)
        if criterion.scope is Scope.HOUSEHOLD_TOTAL:
            totals.append(index)
    per_person = [f"bit_or({' | '.join(parts)}) AS m{mask}" for mask, parts in flags.items()]
    per_person += [
        f"sum(CASE WHEN f.fact = {quote(rule_set.criteria[i].fact)} AND f.as_of >= {old} "
        f"THEN f.value END) AS t{i}"
        for i in totals
    ]
    # A head-scope criterion sees only the head's flags: clear its bits for everyone else.
    per_household = [
        f"bit_or(CASE WHEN p.is_head THEN pf.m{mask} ELSE pf.m{mask} & ~{head_only.get(mask, 0)}::BIGINT END)"
        f" AS m{mask}"
        for mask in flags
    ]
    per_household += [f"sum(pf.t{i}) AS t{i}" for i in totals]
    return per_person, per_household


def _literal(value: int | str) -> str:
    return str(int(value)) if isinstance(value, int) else quote(value)


def _compare(criterion: Criterion, column: str) -> str:
    threshold = criterion.threshold
    if criterion.operator is Operator.IN:
        assert isinstance(threshold, frozenset)
        return f"{column} IN ({', '.join(_literal(v) for v in sorted(threshold))})"  # type: ignore[arg-type]
    assert isinstance(threshold, int | str)
    return f"{column} {_SQL_OPERATORS[criterion.operator]} {_literal(threshold)}"


def _result(criterion: Criterion, index: int) -> str:
    mask, offset = _mask_bits(index)

    def flag(bit: int) -> str:
        return f"(coalesce({mask}, 0) & {bit << offset}) <> 0"

    held, stale, none = flag(_HELD), flag(_STALE), f"NOT {flag(_PRESENT)}"
    when_none = Result.MISSING if criterion.when_missing is WhenMissing.REVIEW else Result.NOT_HELD
    if criterion.scope is Scope.HOUSEHOLD_TOTAL:
        total_holds = _compare(criterion, f"agg.t{index}")
        whens = [(none, when_none), (stale, Result.STALE), (total_holds, Result.HELD)]
    else:
        whens = [(held, Result.HELD), (stale, Result.STALE), (none, when_none)]
    if criterion.new_entrants_only:
        whens.insert(0, ("h.was_eligible", Result.NOT_APPLICABLE))
    cases = " ".join(f"WHEN {condition} THEN '{result.value}'" for condition, result in whens)
    return f"CASE {cases} ELSE '{Result.NOT_HELD.value}' END"


def _outcome(rule_set: RuleSet) -> str:
    def count(criteria: Sequence[Criterion], results: Sequence[Result]) -> str:
        words = ", ".join(f"'{r.value}'" for r in results)
        terms = [
            f"(CASE WHEN r{rule_set.criteria.index(c)} IN ({words}) THEN 1 ELSE 0 END)" for c in criteria
        ]
        return " + ".join(terms) if terms else "0"

    held_words, unknown_words = [Result.HELD], [Result.MISSING, Result.STALE]
    needed = rule_set.at_least if rule_set.method is Method.AT_LEAST else 1
    held, unknown = count(rule_set.scored, held_words), count(rule_set.scored, unknown_words)
    bars = rule_set.entry_bars
    bar_held = f"({count(bars, held_words)}) > 0" if bars else "FALSE"
    bar_unknown = f"({count(bars, unknown_words)}) > 0" if bars else "FALSE"
    return (
        f"CASE WHEN ({held}) >= {needed} OR {bar_held} THEN '{Outcome.EXCLUDED.value}' "
        f"WHEN ({held}) + ({unknown}) >= {needed} OR {bar_unknown} THEN '{Outcome.NEEDS_REVIEW.value}' "
        f"ELSE '{Outcome.ELIGIBLE.value}' END"
    )
