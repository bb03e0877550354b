"""Benchmark: generate and load the synthetic Port Said population, as ``unicard demo`` does.

    .venv/bin/python benchmarks/demo_load.py --database sqlite --size pilot
    .venv/bin/python benchmarks/demo_load.py --database postgresql --size pilot

Runs the demo's own use case (generation streamed into the loader, one transaction, the audit
record, the commit) on a throw-away database and prints, as its last line, one JSON object:
``{"benchmark", "database", "citizens", "households", "members", "seconds", "rows_per_s",
"peak_rss_mb"}``. ``seconds`` covers generation, loading and commit, not the migrations;
``rows_per_s`` counts citizen, household and member rows; ``peak_rss_mb`` is this process's
(PostgreSQL's own processes are not in it).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time

from scratch import POSTGRES_URL, scratch_database
from sqlalchemy import Engine

from unicard.adapters.clock import SystemClock
from unicard.adapters.db.demo_population import SqlDemoUnitOfWork
from unicard.adapters.population import SIZES
from unicard.services.demo import PopulationCounts, PopulationPlan, ensure_population


class _Dots:
    """A dot on stderr per 50,000 citizens: alive, without disturbing the JSON on stdout."""

    def __init__(self) -> None:
        self.citizens = 0

    def begin(self, citizens: int) -> None:
        print(f"loading {citizens:,} citizens", end="", file=sys.stderr, flush=True)

    def advance(self, citizens: int) -> None:
        before, self.citizens = self.citizens, self.citizens + citizens
        if before // 50_000 != self.citizens // 50_000:
            print(".", end="", file=sys.stderr, flush=True)


def load(engine: Engine, size: str, seed: int) -> tuple[PopulationCounts, float]:
    """Load the ``size`` population into ``engine``'s empty database: its counts, seconds taken."""
    plan = PopulationPlan(size, *SIZES[size], seed=seed)
    started = time.perf_counter()
    outcome = ensure_population(SqlDemoUnitOfWork(engine), SystemClock(), plan, _Dots())
    seconds = time.perf_counter() - started
    print(file=sys.stderr)
    if not outcome.loaded or outcome.population is None:
        raise SystemExit("the scratch database was not empty")
    return outcome.population.counts, seconds


def peak_rss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--size", choices=sorted(SIZES), default="pilot")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--url", default=POSTGRES_URL, help="PostgreSQL server (a scratch schema is made in it)"
    )
    arguments = parser.parse_args()
    with scratch_database(arguments.database, arguments.url) as engine:
        counts, seconds = load(engine, arguments.size, arguments.seed)
    rows = counts.citizens + counts.households + counts.members
    result = {
        "benchmark": "demo_load",
        "database": arguments.database,
        "citizens": counts.citizens,
        "households": counts.households,
        "members": counts.members,
        "seconds": round(seconds, 1),
        "rows_per_s": round(rows / seconds),
        "peak_rss_mb": peak_rss_mb(),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
