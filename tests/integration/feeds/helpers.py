"""Feed files for tests: the sample registry loaded, feed CSVs written, facts read back."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from click.testing import Result
from sqlalchemy import Engine, select

from tests.integration.imports.helpers import SAMPLES, register_sample_grocers, run
from unicard.adapters.db.tables_feeds import citizen_facts

FEED_SAMPLES = SAMPLES / "feeds"
AS_OF = "2026-10-31"


def load_sample_registry(database_url: str, tmp_path: Path) -> None:
    register_sample_grocers(database_url, tmp_path)
    for kind in ("citizens", "households"):
        copy = Path(shutil.copy(SAMPLES / f"{kind}.csv", tmp_path / f"sample-{kind}.csv"))
        result = run(database_url, "import", kind, str(copy))
        assert result.exit_code == 0, result.output


def sample_feed(tmp_path: Path, agency: str) -> Path:
    return Path(shutil.copy(FEED_SAMPLES / f"{agency}.csv", tmp_path / f"{agency}.csv"))


def write_feed(path: Path, header: str, rows: Sequence[str]) -> Path:
    path.write_text("\r\n".join([header, *rows]) + "\r\n", encoding="utf-8")
    return path


def feed_import(database_url: str, path: Path, agency: str, as_of: str = AS_OF) -> Result:
    return run(
        database_url, "feed", "import", str(path), "--agency", agency, "--as-of", as_of, "--lang", "en"
    )


def latest(engine: Engine) -> dict[tuple[str, str], tuple[int | None, str | None, str]]:
    """(national ID, fact) -> (value, code, as_of) of every latest fact."""
    c = citizen_facts.c
    with engine.connect() as connection:
        rows = connection.execute(select(c.national_id, c.fact, c.value, c.code, c.as_of)).all()
    return {(row.national_id, row.fact): (row.value, row.code, row.as_of.isoformat()) for row in rows}
