"""A synthetic national file set (households, people, facts) written by DuckDB itself.

Rows come from ``range()`` and every random choice from ``hash(seed, key, salt)``, so the same
size and seed give the same files, any part can be written on its own, and nothing is held in
memory: each part is one streaming ``COPY``. The distribution follows the feeds synth
(:mod:`unicard.services.feeds.synth`): most households poor, well below every threshold; about
22 % better off with one to four indicators, each in a band excluded by the 2019 round only, by
Phase 4 only, or by both. Unlike that synth, a few facts are missing or stale (about 1 % of
adults report no electricity, 0.2 % of values are older than the rule sets' 400 days), so the
national run also has households that need review.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from unicard.adapters.columnar.files import quote
from unicard.domain.eligibility.facts import FACTS
from unicard.services.feeds.synth import COMMON_PROFESSIONS, HIGH_PROFESSIONS

MANIFEST = "manifest.json"
#: Households written per COPY: bounds each statement's memory whatever the total.
PART_HOUSEHOLDS = 2_000_000
GOVERNORATES = (
    "01", "02", "03", "04", "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "22",
    "23", "24", "25", "26", "27", "28", "29", "31", "32", "33", "34", "35",
)  # fmt: skip
#: Household size 1…7, cumulative shares: a mean of ≈ 3.2 people (22 M households ≈ 70 M people).
_SIZE_CUMULATIVE = (0.14, 0.34, 0.59, 0.81, 0.92, 0.98)
#: The indicators of the feeds synth, in a fixed order (index k in the SQL below).
INDICATORS = (
    "electricity", "school_fees", "farmland", "car", "luxury_car", "many_cars",
    "mobile", "vat", "income_tax", "customs", "salary", "profession",
)  # fmt: skip
_NATIONAL_ID_BASE = 29_000_000_000_000  # 14 digits, as national IDs are
_STALE_DAYS = 500
_NUMERIC = tuple(key for key, kind in FACTS.items() if kind.numeric)


@dataclass(frozen=True, slots=True)
class Manifest:
    households: int
    seed: int
    as_of: str  # ISO date the facts are as of (and the day the bench evaluates on)
    people: int
    facts: int
    seconds: float


def read_manifest(root: Path) -> Manifest | None:
    path = root / MANIFEST
    if not path.exists():
        return None
    return Manifest(**json.loads(path.read_text(encoding="utf-8")))


def write_file_set(
    con: duckdb.DuckDBPyConnection, root: Path, *, households: int, seed: int, as_of: dt.date
) -> Manifest:
    """Write the file set under ``root`` (emptied first) and its manifest; the manifest last, so a
    half-written set has none and is written again."""
    start = dt.datetime.now(dt.UTC)
    for table in ("households", "people", "facts"):
        shutil.rmtree(root / table, ignore_errors=True)
        (root / table).mkdir(parents=True)
    (root / MANIFEST).unlink(missing_ok=True)
    _macros(con, seed)
    for part, first in enumerate(range(0, households, PART_HOUSEHOLDS)):
        last = min(first + PART_HOUSEHOLDS, households)
        _write_part(con, root, part, first, last, as_of)
    people, facts = _count(con, root)
    seconds = (dt.datetime.now(dt.UTC) - start).total_seconds()
    manifest = Manifest(households, seed, as_of.isoformat(), people, facts, round(seconds, 1))
    (root / MANIFEST).write_text(json.dumps(asdict(manifest)), encoding="utf-8")
    return manifest


def _macros(con: duckdb.DuckDBPyConnection, seed: int) -> None:
    # u(): a uniform number in [0, 1) from a key and a salt; pick(): an integer in [low, high].
    con.execute(f"CREATE OR REPLACE MACRO u(k, salt) AS (hash(k, salt, {int(seed)}) % 1000000) / 1000000.0")
    con.execute(
        f"CREATE OR REPLACE MACRO pick(k, salt, low, high) AS "
        f"low + (hash(k, salt, {int(seed)}, 1) % (high - low + 1))::BIGINT"
    )
    con.execute("CREATE OR REPLACE MACRO egp(k, salt, low, high) AS pick(k, salt, low * 100, high * 100)")


def _write_part(
    con: duckdb.DuckDBPyConnection, root: Path, part: int, first: int, last: int, as_of: dt.date
) -> None:
    con.execute(f"CREATE OR REPLACE TEMP VIEW hh AS {_households_sql(first, last)}")
    con.execute(f"CREATE OR REPLACE TEMP VIEW members AS {_members_sql()}")
    name = f"part-{part:03d}"
    con.execute(
        "COPY (SELECT household, governorate, was_eligible FROM hh) "
        f"TO {quote(str(root / 'households' / f'{name}.parquet'))} (FORMAT parquet)"
    )
    con.execute(
        "COPY (SELECT household, national_id, is_head FROM members) "
        f"TO {quote(str(root / 'people' / f'{name}.parquet'))} (FORMAT parquet)"
    )
    con.execute(
        f"COPY ({_facts_sql(as_of)}) TO {quote(str(root / 'facts'))} "
        f"(FORMAT parquet, PARTITION_BY (fact), FILENAME_PATTERN '{name}-{{i}}', OVERWRITE_OR_IGNORE)"
    )


def _households_sql(first: int, last: int) -> str:
    governorates = "[" + ", ".join(quote(g) for g in GOVERNORATES) + "]"
    sizes = " ".join(f"WHEN r < {p} THEN {i + 1}" for i, p in enumerate(_SIZE_CUMULATIVE))
    count = "1 + (u(h, 'c1') < 0.35)::INT + (u(h, 'c2') < 0.25)::INT + (u(h, 'c3') < 0.2)::INT"
    return f"""
SELECT h AS household,
  {governorates}[1 + (hash(h, 'gov') % {len(GOVERNORATES)})::INT] AS governorate,
  u(h, 'ration') < 0.9 AS was_eligible,
  CASE {sizes} ELSE 7 END AS size,
  u(h, 'well') < 0.22 AS well_off,
  {count} AS n_indicators,
  (hash(h, 'start') % 12)::INT AS start,
  [1, 5, 7, 11][1 + (hash(h, 'step') % 4)::INT] AS step,
  CASE WHEN u(h, 'holder') < 0.75 THEN 0 ELSE 1 END AS holder
FROM (SELECT range AS h, u(range, 'size') AS r FROM range({int(first)}, {int(last)}))"""


def _members_sql() -> str:
    # Member 0 is the head; 0 and 1 are adults, later members adults three times in ten.
    # Indicator k is one of the household's n when its place in a permutation of 0…11 (start,
    # step coprime to 12, each its own inverse) is below n.
    chosen = ", ".join(
        f"well_off AND ((({k} - start + 12) * step) % 12) < n_indicators AS i_{name}"
        for k, name in enumerate(INDICATORS)
    )
    return f"""
SELECT household, national_id, m = 0 AS is_head, adult, holds_indicators, retired, {chosen},
  u(household, 'band_e') < 0.5 AS both_electricity, u(household, 'band_s') < 0.5 AS both_school,
  u(household, 'band_f') < 0.5 AS both_farmland, u(household, 'band_c') < 0.5 AS both_car,
  u(household, 'customs') < 0.5 AS export
FROM (
  SELECT *, {_NATIONAL_ID_BASE} + household * 8 + m AS national_id,
    m < 2 OR u({_NATIONAL_ID_BASE} + household * 8 + m, 'adult') < 0.3 AS adult,
    m = CASE WHEN size > 1 THEN holder ELSE 0 END AS holds_indicators,
    u({_NATIONAL_ID_BASE} + household * 8 + m, 'age') < 0.12 AS retired
  FROM (SELECT *, unnest(range(size)) AS m FROM hh)
)"""


def _wide_sql() -> str:
    """One row per adult, a column per fact (NULL: no value reported)."""
    professions = "[" + ", ".join(quote(p) for p in COMMON_PROFESSIONS) + "]"
    high = "[" + ", ".join(quote(p) for p in HIGH_PROFESSIONS) + "]"
    p = "national_id"
    rich = "holds_indicators AND i_"
    return f"""
SELECT {p} AS national_id,
  CASE WHEN u({p}, 'no_meter') < 0.01 THEN NULL
    WHEN {rich}electricity THEN CASE WHEN both_electricity THEN pick({p}, 'e', 1000, 2600)
      ELSE pick({p}, 'e', 651, 999) END
    WHEN is_head THEN pick({p}, 'e', 60, 460) ELSE pick({p}, 'e', 0, 120) END AS electricity_kwh_month,
  CASE WHEN is_head AND u({p}, 'gas') < 0.7 THEN pick({p}, 'g', 5, 40) ELSE 0 END AS gas_m3_month,
  CASE WHEN {rich}many_cars THEN pick({p}, 'v', 4, 6) WHEN {rich}car THEN pick({p}, 'v', 1, 2)
    WHEN {rich}luxury_car OR u({p}, 'car') < 0.1 THEN 1 ELSE 0 END AS vehicles,
  CASE WHEN {rich}car THEN pick({p}, 'y', 2015, 2025) WHEN {rich}luxury_car THEN 2014
    WHEN {rich}many_cars THEN pick({p}, 'y', 2003, 2014)
    WHEN u({p}, 'car') < 0.1 THEN pick({p}, 'y', 1985, 2014) END AS newest_vehicle_year,
  CASE WHEN {rich}car AND both_car THEN pick({p}, 'y', 2015, 2025) WHEN {rich}luxury_car THEN 2014
    END AS newest_luxury_vehicle_year,
  CASE WHEN {rich}farmland THEN CASE WHEN both_farmland THEN pick({p}, 'f', 128, 480) * 3
      ELSE pick({p}, 'f', 80, 120) * 3 END
    WHEN u({p}, 'land') < 0.12 THEN pick({p}, 'f', 1, 40) * 3 ELSE 0 END AS farmland_qirats,
  CASE WHEN {rich}school_fees THEN CASE WHEN both_school THEN egp({p}, 's', 50001, 180000)
      ELSE egp({p}, 's', 30001, 50000) END
    WHEN u({p}, 'school') < 0.2 THEN egp({p}, 's', 300, 12000) ELSE 0 END AS school_fees_year,
  CASE WHEN {rich}mobile THEN egp({p}, 'm', 801, 3500)
    WHEN u({p}, 'mobile') < 0.9 THEN egp({p}, 'm', 20, 450) ELSE 0 END AS mobile_bill_month,
  CASE WHEN {rich}income_tax THEN egp({p}, 't', 100001, 600000)
    WHEN u({p}, 'tax') < 0.15 THEN egp({p}, 't', 0, 6000) ELSE 0 END AS income_tax_year,
  CASE WHEN {rich}vat THEN egp({p}, 'vat', 200001, 900000) ELSE 0 END AS vat_paid_year,
  egp({p}, 'inc', 600, 4500) AS income_month,
  CASE WHEN {rich}customs AND export THEN egp({p}, 'x', 100001, 2000000) ELSE 0 END AS export_customs_year,
  CASE WHEN {rich}customs AND NOT export THEN egp({p}, 'x', 100001, 2000000) ELSE 0
    END AS import_customs_year,
  CASE WHEN {rich}salary THEN egp({p}, 'sal', 12000, 35000)
    WHEN NOT retired AND u({p}, 'salary') < 0.25 THEN egp({p}, 'sal', 2500, 9000) ELSE 0
    END AS government_salary_month,
  CASE WHEN retired AND u({p}, 'pension') < 0.6 THEN egp({p}, 'pen', 700, 3200) ELSE 0 END AS pension_month,
  CASE WHEN {rich}profession THEN {high}[1 + (hash({p}, 'hp') % {len(HIGH_PROFESSIONS)})::INT]
    WHEN retired THEN 'retired'
    ELSE {professions}[1 + (hash({p}, 'prof') % {len(COMMON_PROFESSIONS)})::INT] END AS profession
FROM members WHERE adult"""


def _facts_sql(as_of: dt.date) -> str:
    numeric = ", ".join(_NUMERIC)
    sources = " ".join(f"WHEN {quote(k)} THEN {quote(kind.agency.value)}" for k, kind in FACTS.items())
    fresh = f"DATE '{as_of.isoformat()}'"
    stale = f"DATE '{(as_of - dt.timedelta(days=_STALE_DAYS)).isoformat()}'"
    return f"""
WITH wide AS ({_wide_sql()}),
long AS (
  SELECT national_id, fact, value, NULL::VARCHAR AS code
  FROM (UNPIVOT (SELECT national_id, {numeric} FROM wide) ON {numeric} INTO NAME fact VALUE value)
  UNION ALL
  SELECT national_id, 'profession' AS fact, NULL::BIGINT AS value, profession AS code FROM wide
)
SELECT national_id, value::BIGINT AS value, code,
  CASE WHEN u(national_id, fact) < 0.002 THEN {stale} ELSE {fresh} END AS as_of,
  CASE fact {sources} END AS source, fact
FROM long"""


def _count(con: duckdb.DuckDBPyConnection, root: Path) -> tuple[int, int]:
    people = con.execute(
        f"SELECT count(*) FROM read_parquet({quote(str(root / 'people' / '*.parquet'))})"
    ).fetchone()
    facts = con.execute(
        f"SELECT count(*) FROM read_parquet({quote(str(root / 'facts' / '**' / '*.parquet'))})"
    ).fetchone()
    assert people is not None
    assert facts is not None
    return int(people[0]), int(facts[0])
