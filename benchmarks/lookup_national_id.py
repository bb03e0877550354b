"""Benchmark: look citizens up by national ID, through the repository and through raw SQL.

    .venv/bin/python benchmarks/lookup_national_id.py --database sqlite
    .venv/bin/python benchmarks/lookup_national_id.py --database postgresql
    .venv/bin/python benchmarks/lookup_national_id.py --existing sqlite:///var/unicard.sqlite3

Loads the pilot population into a throw-away database (or uses ``--existing``, a migrated and
loaded one), picks ``--lookups`` random national IDs, and times each lookup one after another:
``repository`` is what an API request does (a unit of work: pooled connection, BEGIN,
``citizens.get``, domain object, ROLLBACK); ``raw_sql`` is one driver connection running the bare
SELECT. Prints the query plan (the unique index must be used), then as its last line one JSON
object: ``{"benchmark", "database", "citizens", "lookups", "lookups_per_s", "p50_ms",
"p99_ms", "raw_sql": {…}, "index_used"}``; the top-level rates are the repository's.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from demo_load import load
from scratch import POSTGRES_URL, scratch_database
from sqlalchemy import Engine, text

from unicard.adapters.db.engine import make_engine
from unicard.adapters.db.unit_of_work import SqlUnitOfWork

_SELECT = "SELECT * FROM citizens WHERE national_id = {mark}"


def sample(engine: Engine, count: int) -> tuple[int, list[str]]:
    with engine.connect() as connection:
        citizens = connection.execute(text("SELECT count(*) FROM citizens")).scalar_one()
        picked = connection.execute(
            text("SELECT national_id FROM citizens ORDER BY random() LIMIT :n"), {"n": count}
        )
        return citizens, list(picked.scalars())


def timed(lookup: Callable[[str], Any], national_ids: list[str]) -> dict[str, float]:
    latencies = []
    started = time.perf_counter()
    for national_id in national_ids:
        before = time.perf_counter()
        found = lookup(national_id)
        latencies.append(time.perf_counter() - before)
        assert found is not None, national_id
    seconds = time.perf_counter() - started
    percentiles = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "lookups_per_s": round(len(national_ids) / seconds),
        "p50_ms": round(percentiles[49] * 1000, 3),
        "p99_ms": round(percentiles[98] * 1000, 3),
    }


def through_repository(engine: Engine) -> Callable[[str], Any]:
    def lookup(national_id: str) -> Any:
        with SqlUnitOfWork(engine) as uow:
            return uow.citizens.get(national_id)

    return lookup


@contextmanager
def raw_cursor(engine: Engine) -> Iterator[tuple[Any, str]]:
    """A driver cursor and its parameter mark (sqlite3 ``?``, psycopg ``%s``)."""
    connection = engine.raw_connection()
    try:
        yield connection.cursor(), "?" if engine.dialect.name == "sqlite" else "%s"
    finally:
        connection.close()


def through_raw_sql(cursor: Any, mark: str) -> Callable[[str], Any]:
    query = _SELECT.format(mark=mark)

    def lookup(national_id: str) -> Any:
        cursor.execute(query, (national_id,))
        return cursor.fetchone()

    return lookup


def query_plan(cursor: Any, mark: str, dialect: str, national_id: str) -> list[str]:
    explain = "EXPLAIN QUERY PLAN " if dialect == "sqlite" else "EXPLAIN "
    cursor.execute(explain + _SELECT.format(mark=mark), (national_id,))
    return [str(row[-1] if dialect == "sqlite" else row[0]) for row in cursor.fetchall()]


def measure(engine: Engine, lookups: int) -> dict[str, Any]:
    citizens, national_ids = sample(engine, lookups)
    repository = timed(through_repository(engine), national_ids)
    with raw_cursor(engine) as (cursor, mark):
        raw = timed(through_raw_sql(cursor, mark), national_ids)
        plan = query_plan(cursor, mark, engine.dialect.name, national_ids[0])
    print("query plan:", *plan, sep="\n  ")
    return {
        "benchmark": "lookup_national_id",
        "database": engine.dialect.name,
        "citizens": citizens,
        "lookups": len(national_ids),
        **repository,
        "raw_sql": raw,
        "index_used": any("index" in line.lower() for line in plan),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--lookups", type=int, default=20_000)
    parser.add_argument("--size", default="pilot", help="population to load into the scratch database")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--url", default=POSTGRES_URL, help="PostgreSQL server (a scratch schema is made in it)"
    )
    parser.add_argument("--existing", help="URL of a migrated, loaded database to use instead")
    arguments = parser.parse_args()
    if arguments.existing:
        engine = make_engine(arguments.existing)
        result = measure(engine, arguments.lookups)
        engine.dispose()
    else:
        with scratch_database(arguments.database, arguments.url) as engine:
            load(engine, arguments.size, arguments.seed)
            result = measure(engine, arguments.lookups)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
