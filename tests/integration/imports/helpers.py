"""Writing test files, running the CLI against the test database, reading what it left behind."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from click.testing import Result
from sqlalchemy import Engine, Table, func, select
from typer.testing import CliRunner

from tests import factories
from unicard.entrypoints.cli.main import app
from unicard.services.imports.formats import CITIZENS, HOUSEHOLDS

SAMPLES = Path(__file__).parents[3] / "docs" / "formats" / "samples"


def write_csv(
    path: Path, rows: Sequence[Mapping[str, str]], columns: Sequence[str] = CITIZENS.columns
) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_households(path: Path, rows: Sequence[Mapping[str, str]]) -> Path:
    return write_csv(path, rows, HOUSEHOLDS.columns)


def citizen_row(
    *, birth: dt.date = dt.date(1985, 3, 14), sex: str = "M", with_mobile: bool = True, **cells: str
) -> dict[str, str]:
    details = factories.citizen_details(birth=birth, sex=sex, with_mobile=with_mobile)
    row = {
        "national_id": details.national_id,
        "name_ar": details.name_ar,
        "residence_governorate": "03",
        "mobile": details.mobile or "",
    }
    return {**row, **cells}


def member_row(number: str, national_id: str, relation: str, **cells: str) -> dict[str, str]:
    return {
        "household_number": number,
        "governorate": "03",
        "national_id": national_id,
        "relation": relation,
        **cells,
    }


def run(database_url: str, *args: str, operator: str | None = None) -> Result:
    """The ``unicard`` command as an operator would type it, against the test's database."""
    env = {"UNICARD_DATABASE_URL": database_url, "UNICARD_OPERATOR": operator}
    return CliRunner().invoke(app, list(args), env=env)


def report_of(path: Path) -> list[dict[str, str]]:
    with (path.parent / (path.name + ".errors.csv")).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def count(engine: Engine, table: Table) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def register_sample_grocers(database_url: str, tmp_path: Path) -> None:
    """The sample merchants (their grocers are the ones the sample households name). A copy, so
    the terminal secrets file is written in the test's folder, not beside the sample."""
    copy = tmp_path / "sample-merchants.csv"
    copy.write_bytes((SAMPLES / "merchants.csv").read_bytes())
    env = {"UNICARD_DATABASE_URL": database_url, "UNICARD_SECRET_KEY": "k" * 32}
    result = CliRunner().invoke(app, ["merchant", "import", str(copy)], env=env)
    assert result.exit_code == 0, result.output
