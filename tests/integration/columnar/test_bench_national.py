"""``unicard eligibility bench-national`` at a small size: it writes the synthetic file set once,
dry-runs each shipped round over it, and the set is the same for the same size and seed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from unicard.adapters.columnar.files import Limits, connect, quote
from unicard.adapters.columnar.national import read_manifest, write_file_set
from unicard.entrypoints.cli.main import app

runner = CliRunner()


def _bench(root: Path) -> list[dict[str, object]]:
    result = runner.invoke(
        app,
        [
            "eligibility",
            "bench-national",
            "--households",
            "4000",
            "--dir",
            str(root),
            "--memory-limit",
            "1GB",
        ],
    )
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_bench_writes_the_files_once_and_measures_each_round(tmp_path: Path) -> None:
    root = tmp_path / "national"
    first = _bench(root)
    assert [line["rule_set"] for line in first] == ["round-2019", "phase-4", "scoring-2017"]
    manifest = read_manifest(root)
    assert manifest is not None
    for line in first:
        assert line["generated_now"] is True
        assert (line["households"], line["people"], line["facts"]) == (4000, manifest.people, manifest.facts)
        assert line["duckdb_memory_limit"] == "1GB"
        outcomes = line["outcomes"]
        assert isinstance(outcomes, dict)
        assert outcomes["households"] == 4000
        assert outcomes["eligible"] + outcomes["excluded"] + outcomes["needs_review"] == 4000
    # ≈ 3.2 people a household; every adult has ≈ 14 facts.
    assert 3.0 < manifest.people / 4000 < 3.4
    assert 10 * manifest.people / 2 < manifest.facts < 16 * manifest.people
    excluded = {line["rule_set"]: line["outcomes"]["excluded"] for line in first}  # type: ignore[index]
    # Most households are poor; a realistic tail above each round's thresholds, a smaller one
    # meeting four of the scoring variant's criteria (its bars stop new entrants only).
    assert 0.05 * 4000 < excluded["round-2019"] < excluded["phase-4"] < 0.35 * 4000
    assert (root / "facts" / "fact=electricity_kwh_month").is_dir()
    again = _bench(root)
    assert [line["generated_now"] for line in again] == [False, False, False]
    assert [line["outcomes"] for line in again] == [line["outcomes"] for line in first]


def _fingerprint(root: Path) -> tuple[object, ...]:
    con = connect(Limits(memory_limit="512MB", threads=1))
    facts = quote(str(root / "facts" / "**" / "*.parquet"))
    row = con.execute(
        f"SELECT count(*), sum(hash(national_id, fact, value, code, as_of, source)) "
        f"FROM read_parquet({facts}, hive_partitioning = true)"
    ).fetchone()
    assert row is not None
    return tuple(row)


def test_the_same_size_and_seed_write_the_same_facts(tmp_path: Path) -> None:
    con = connect(Limits(memory_limit="512MB", threads=1))
    for name in ("a", "b"):
        write_file_set(con, tmp_path / name, households=1500, seed=9, as_of=dt.date(2026, 11, 1))
    write_file_set(con, tmp_path / "c", households=1500, seed=10, as_of=dt.date(2026, 11, 1))
    assert _fingerprint(tmp_path / "a") == _fingerprint(tmp_path / "b")
    assert _fingerprint(tmp_path / "a") != _fingerprint(tmp_path / "c")
