"""``bench-national``: write the national file set if absent, then dry-run each shipped round.

One measurement per round: the file set's size, the seconds it took to write, the seconds the
round's dry run took, the process's peak resident memory so far, DuckDB's memory limit and the
outcome counts. DuckDB spills to ``<dir>/spill`` beyond its limit.
"""

from __future__ import annotations

import datetime as dt
import resource
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from unicard.adapters.columnar.evaluation import effect
from unicard.adapters.columnar.files import Limits, connect, open_file_set
from unicard.adapters.columnar.national import Manifest, read_manifest, write_file_set
from unicard.adapters.rule_files import parse_rule_set, shipped_rule_texts
from unicard.services.eligibility.ports import EffectRow

SHIPPED = ("round-2019", "phase-4", "scoring-2017")


def bench_national(
    root: Path,
    *,
    households: int,
    seed: int,
    as_of: dt.date,
    memory_limit: str,
    progress: Callable[[str], None],
) -> Iterator[dict[str, Any]]:
    """Yield one measurement per shipped round, writing the file set first if it is not there
    (or was written for another size or seed)."""
    limits = Limits(memory_limit=memory_limit, spill_dir=root / "spill")
    con = connect(limits)
    manifest = read_manifest(root)
    generated = False
    if manifest is None or (manifest.households, manifest.seed) != (households, seed):
        progress(f"writing {households:,} households under {root}")
        manifest = write_file_set(con, root, households=households, seed=seed, as_of=as_of)
        generated = True
    progress(f"file set: {manifest.people:,} people, {manifest.facts:,} facts")
    open_file_set(con, root)
    on = dt.date.fromisoformat(manifest.as_of)
    texts = shipped_rule_texts()
    for name in SHIPPED:
        rule_set = parse_rule_set(texts[f"{name}.toml"], file=name)
        progress(f"dry run {name}")
        start = time.perf_counter()
        rows = effect(con, rule_set, on)
        seconds = time.perf_counter() - start
        yield _measurement(name, manifest, generated, seconds, memory_limit, _total(rows))


def _total(rows: list[EffectRow]) -> dict[str, int]:
    names = [
        "households", "people", "eligible", "excluded", "needs_review", "would_exclude",
        "would_exclude_people", "would_reinclude", "would_reinclude_people",
    ]  # fmt: skip
    return {name: sum(int(getattr(row, name)) for row in rows) for name in names}


def _measurement(
    name: str, manifest: Manifest, generated: bool, seconds: float, memory_limit: str, total: dict[str, int]
) -> dict[str, Any]:
    # ru_maxrss is in kilobytes on Linux.
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    files = asdict(manifest)
    return {
        "rule_set": name,
        "households": files["households"],
        "people": files["people"],
        "facts": files["facts"],
        "seconds_to_generate": files["seconds"],
        "generated_now": generated,
        "seconds_to_evaluate": round(seconds, 1),
        "peak_rss_mb": peak_mb,
        "duckdb_memory_limit": memory_limit,
        "outcomes": total,
    }
