"""``unicard feed synth``: files for the registered population that import cleanly, and again alike."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from tests.integration.feeds.helpers import load_sample_registry
from tests.integration.imports.helpers import count, run
from unicard.adapters.db.tables_feeds import citizen_facts, feed_imports
from unicard.services.feeds.synth import FILES

LIVING_ADULTS = 16  # of the 20 sample citizens: one has died, three were born after 2008


def test_the_files_import_cleanly(engine: Engine, database_url: str, tmp_path: Path) -> None:
    load_sample_registry(database_url, tmp_path)
    out = tmp_path / "feeds"
    result = run(
        database_url, "feed", "synth", "--out", str(out), "--as-of", "2026-10-31", "--import", "--lang", "en"
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("imported the ") == len(FILES)
    assert count(engine, feed_imports) == len(FILES)
    assert sorted(path.name for path in out.iterdir()) == sorted(f"{name}.csv" for name in FILES)
    electricity = (out / "electricity.csv").read_text(encoding="utf-8").splitlines()
    assert len(electricity) == 1 + LIVING_ADULTS
    assert count(engine, citizen_facts) >= LIVING_ADULTS * 14  # the two model years only with a car


def test_the_same_seed_writes_the_same_bytes(engine: Engine, database_url: str, tmp_path: Path) -> None:
    load_sample_registry(database_url, tmp_path)
    for folder in ("one", "two"):
        result = run(database_url, "feed", "synth", "--out", str(tmp_path / folder), "--as-of", "2026-10-31")
        assert result.exit_code == 0, result.output
    for name in FILES:
        assert (tmp_path / "one" / f"{name}.csv").read_bytes() == (
            tmp_path / "two" / f"{name}.csv"
        ).read_bytes()
