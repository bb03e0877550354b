"""``unicard export``: the registry in the import formats, so export → import is a no-op."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from sqlalchemy import Engine, select

from tests.fakes import FixedClock
from tests.integration.imports.helpers import SAMPLES, register_sample_grocers, run
from unicard.adapters.db.tables import citizens, household_members, households
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.domain.operators.operator import ALL_GOVERNORATES, Operator, Role
from unicard.services import citizens as citizen_use_cases
from unicard.services.imports.formats import CITIZENS, HOUSEHOLDS

ADMIN = Operator("admin", "Admin", frozenset({Role.ADMIN}), frozenset({ALL_GOVERNORATES}))
HEAD_OF_1032011206 = "26208210315000"


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_samples(database_url: str, tmp_path: Path) -> None:
    result = run(database_url, "import", "citizens", str(SAMPLES / "citizens.csv"))
    assert result.exit_code == 0, result.output
    register_sample_grocers(database_url, tmp_path)
    result = run(database_url, "import", "households", str(SAMPLES / "households.csv"))
    assert result.exit_code == 0, result.output


class TestExport:
    def test_citizens_export_in_the_import_format(
        self, engine: Engine, database_url: str, tmp_path: Path
    ) -> None:
        load_samples(database_url, tmp_path)
        out = tmp_path / "out.csv"

        result = run(database_url, "export", "citizens", str(out), "--lang", "en")

        assert result.exit_code == 0, result.output
        assert "exported 20 rows" in result.output
        assert out.read_bytes().startswith(",".join(CITIZENS.columns).encode() + b"\r\n")
        exported = {row["national_id"]: row for row in rows_of(out)}
        sample = {row["national_id"]: row for row in rows_of(SAMPLES / "citizens.csv")}
        assert exported.keys() == sample.keys()
        # Derived cells are filled in and mobiles are written in E.164 whatever the input said.
        girl = exported["31006150307885"]
        assert (girl["birth_date"], girl["sex"], girl["mobile"]) == ("2010-06-15", "F", "")
        assert exported["26804120301217"]["mobile"] == "+201001234567"
        assert exported["24002110303190"]["deceased_on"] == "2019-08-14"

    def test_households_export_heads_first(self, engine: Engine, database_url: str, tmp_path: Path) -> None:
        load_samples(database_url, tmp_path)
        out = tmp_path / "out.csv"

        run(database_url, "export", "households", str(out))

        rows = rows_of(out)
        assert list(rows[0]) == list(HOUSEHOLDS.columns)
        assert len(rows) == 18
        firsts = [
            row
            for index, row in enumerate(rows)
            if index == 0 or rows[index - 1]["household_number"] != row["household_number"]
        ]
        assert [row["relation"] for row in firsts] == ["head"] * 5
        assert {row["grocer_id"] for row in rows if row["household_number"] == "1032009983"} == {
            "GRC-03-000147"
        }


class TestRoundTrip:
    def test_export_then_import_changes_nothing(
        self,
        engine: Engine,
        database_url: str,
        tmp_path: Path,
        uow_factory: SqlUnitOfWorkFactory,
        clock: FixedClock,
    ) -> None:
        load_samples(database_url, tmp_path)
        # A head who died leaves a household without a head: it must still round-trip.
        citizen_use_cases.mark_deceased(
            uow_factory(), clock, ADMIN, HEAD_OF_1032011206, dt.date(2025, 5, 1), "death"
        )
        snapshot = _registry(engine)
        for kind in ("citizens", "households"):
            run(database_url, "export", kind, str(tmp_path / f"{kind}.csv"))

        expected = {
            "citizens": "0 citizens added, 20 already present",
            "households": "0 households added with 0 members, 5 already present",
        }
        for kind, counts in expected.items():
            result = run(database_url, "import", kind, str(tmp_path / f"{kind}.csv"), "--lang", "en")
            assert result.exit_code == 0, result.output
            assert counts in result.output

        assert _registry(engine) == snapshot


def _registry(engine: Engine) -> tuple[object, ...]:
    with engine.connect() as connection:
        return tuple(
            connection.execute(select(table).order_by(*table.primary_key.columns)).all()
            for table in (citizens, households, household_members)
        )
