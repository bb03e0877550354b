"""``unicard import households``: one row per member; whole file or nothing; re-import a no-op."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from tests.fakes import FixedClock
from tests.integration.imports.helpers import (
    SAMPLES,
    citizen_row,
    count,
    member_row,
    register_sample_grocers,
    report_of,
    run,
    write_csv,
    write_households,
)
from unicard.adapters.db.tables import audit_log, household_members, households
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.domain.operators.operator import ALL_GOVERNORATES, Operator, Role
from unicard.services import citizens as citizen_use_cases

ADMIN = Operator("admin", "Admin", frozenset({Role.ADMIN}), frozenset({ALL_GOVERNORATES}))


@pytest.fixture
def registered(engine: Engine, database_url: str, tmp_path: Path) -> list[str]:
    """Eight registered citizens, adults first; their national IDs."""
    minors = [citizen_row(birth=dt.date(2012 + n, 1, 1), with_mobile=False) for n in range(2)]
    rows = [*(citizen_row() for _ in range(6)), *minors]
    result = run(database_url, "import", "citizens", str(write_csv(tmp_path / "people.csv", rows)))
    assert result.exit_code == 0, result.output
    return [row["national_id"] for row in rows]


def import_households(database_url: str, path: Path) -> int:
    return run(database_url, "import", "households", str(path), "--lang", "en").exit_code


class TestSampleFiles:
    def test_households_of_the_sample_citizens_import(
        self, engine: Engine, database_url: str, tmp_path: Path
    ) -> None:
        for name in ("citizens.csv", "households.csv"):
            shutil.copy(SAMPLES / name, tmp_path / name)
        run(database_url, "import", "citizens", str(tmp_path / "citizens.csv"))
        register_sample_grocers(database_url, tmp_path)

        result = run(database_url, "import", "households", str(tmp_path / "households.csv"), "--lang", "en")

        assert result.exit_code == 0, result.output
        assert "5 households added with 18 members, 0 already present" in result.output
        with engine.connect() as connection:
            grocers = dict(connection.execute(select(households.c.number, households.c.grocer_id)).all())
        # The grocer is named on the head's row only for 1032009983: it is still the household's.
        assert grocers["1032009983"] == "GRC-03-000147"
        assert grocers["1032015874"] is None

    def test_reimport_is_a_no_op(self, engine: Engine, database_url: str, tmp_path: Path) -> None:
        run(database_url, "import", "citizens", str(SAMPLES / "citizens.csv"))
        register_sample_grocers(database_url, tmp_path)
        run(database_url, "import", "households", str(SAMPLES / "households.csv"))

        result = run(database_url, "import", "households", str(SAMPLES / "households.csv"), "--lang", "en")

        assert result.exit_code == 0, result.output
        assert "0 households added with 0 members, 5 already present" in result.output
        assert count(engine, households) == 5
        assert count(engine, household_members) == 18
        with engine.connect() as connection:
            actions = connection.execute(select(audit_log.c.action, audit_log.c.details)).all()
        assert [action for action, _ in actions if action != "import.merchants"] == [
            "import.citizens",
            "import.households",
            "import.households",
        ]
        assert json.loads(actions[-1].details)["already_present"] == 5


class TestBadFile:
    def test_member_in_two_households_of_the_file(
        self, engine: Engine, database_url: str, tmp_path: Path, registered: list[str]
    ) -> None:
        a, b, c, d, *_ = registered
        rows = [
            member_row("1000001", a, "head"),
            member_row("1000001", c, "son"),
            member_row("1000002", b, "head"),
            member_row("1000002", c, "son"),
            member_row("1000002", d, "spouse"),
        ]
        path = write_households(tmp_path / "households.csv", rows)

        assert import_households(database_url, path) == 1

        [error] = report_of(path)
        assert (error["row"], error["column"], error["value"]) == ("5", "national_id", c)
        assert "already listed on row 3 as a member of household 1000001" in error["reason_en"]
        assert count(engine, households) == 0
        assert count(engine, household_members) == 0

    def test_household_without_head(
        self, engine: Engine, database_url: str, tmp_path: Path, registered: list[str]
    ) -> None:
        a, b, c, *_ = registered
        rows = [
            member_row("1000001", a, "head"),
            member_row("1000002", b, "spouse"),
            member_row("1000002", c, "son"),
        ]
        path = write_households(tmp_path / "households.csv", rows)

        assert import_households(database_url, path) == 1

        [error] = report_of(path)
        assert (error["row"], error["column"]) == ("3", "relation")
        assert "household 1000002 has no head" in error["reason_en"]
        assert count(engine, households) == 0

    def test_two_heads(
        self, engine: Engine, database_url: str, tmp_path: Path, registered: list[str]
    ) -> None:
        a, b, c, *_ = registered
        rows = [
            member_row("1000001", a, "head"),
            member_row("1000001", b, "son"),
            member_row("1000001", c, "head"),
        ]
        path = write_households(tmp_path / "households.csv", rows)

        assert import_households(database_url, path) == 1

        [error] = report_of(path)
        assert (error["row"], error["column"], error["value"]) == ("4", "relation", "head")
        assert "already has a head on row 2" in error["reason_en"]

    def test_member_listed_twice_in_one_household(
        self, engine: Engine, database_url: str, tmp_path: Path, registered: list[str]
    ) -> None:
        a, b, *_ = registered
        rows = [
            member_row("1000001", a, "head"),
            member_row("1000001", b, "son"),
            member_row("1000001", b, "son"),
        ]
        path = write_households(tmp_path / "households.csv", rows)

        assert import_households(database_url, path) == 1

        [error] = report_of(path)
        assert (error["row"], error["column"]) == ("4", "national_id")
        assert "same household" in error["reason_en"]

    def test_member_not_registered(
        self, engine: Engine, database_url: str, tmp_path: Path, registered: list[str]
    ) -> None:
        stranger = citizen_row()["national_id"]
        path = write_households(
            tmp_path / "households.csv",
            [member_row("1000001", registered[0], "head"), member_row("1000001", stranger, "son")],
        )

        assert import_households(database_url, path) == 1

        [error] = report_of(path)
        assert (error["row"], error["column"], error["value"]) == ("3", "national_id", stranger)
        assert "import the citizens file first" in error["reason_en"]

    def test_governorate_and_grocer_must_agree_across_rows(
        self, engine: Engine, database_url: str, tmp_path: Path, registered: list[str]
    ) -> None:
        a, b, c, *_ = registered
        register_sample_grocers(database_url, tmp_path)
        rows = [
            member_row("1000001", a, "head", grocer_id="GRC-03-000147"),
            member_row("1000001", b, "spouse", governorate="04"),
            member_row("1000001", c, "son", grocer_id="GRC-03-000212"),
        ]
        path = write_households(tmp_path / "households.csv", rows)

        assert import_households(database_url, path) == 1

        errors = [(e["row"], e["column"], e["value"]) for e in report_of(path)]
        assert errors == [("3", "governorate", "04"), ("4", "grocer_id", "GRC-03-000212")]

    def test_a_grocer_must_be_a_registered_grocer(
        self, engine: Engine, database_url: str, tmp_path: Path, registered: list[str]
    ) -> None:
        a, b, *_ = registered
        register_sample_grocers(database_url, tmp_path)
        rows = [
            member_row("1000001", a, "head", grocer_id="GRC-03-999999"),
            member_row("1000002", b, "head", grocer_id="BKR-03-000001"),  # a bakery
        ]
        path = write_households(tmp_path / "households.csv", rows)

        assert import_households(database_url, path) == 1

        report = report_of(path)
        assert [(e["row"], e["column"], e["value"]) for e in report] == [
            ("2", "grocer_id", "GRC-03-999999"),
            ("3", "grocer_id", "BKR-03-000001"),
        ]
        assert "not a registered ration grocer" in report[0]["reason_en"]
        assert count(engine, households) == 0

    def test_bad_cells_are_named_by_column(
        self, engine: Engine, database_url: str, tmp_path: Path, registered: list[str]
    ) -> None:
        a, b, c, d, *_ = registered
        rows = [
            member_row("1000001", a, "head"),
            member_row("12AB", b, "son"),
            member_row("1000001", c, "cousin"),
            member_row("1000001", d, "son", governorate="99"),
            member_row("1000001", "2900", "son"),
        ]
        path = write_households(tmp_path / "households.csv", rows)

        assert import_households(database_url, path) == 1

        errors = [(e["row"], e["column"]) for e in report_of(path)]
        assert errors == [
            ("3", "household_number"),
            ("4", "relation"),
            ("5", "governorate"),
            ("6", "national_id"),
        ]


class TestAgainstTheRegistry:
    def test_member_of_another_open_household(
        self, engine: Engine, database_url: str, tmp_path: Path, registered: list[str]
    ) -> None:
        a, b, c, *_ = registered
        write_households(
            tmp_path / "first.csv", [member_row("1000001", a, "head"), member_row("1000001", b, "son")]
        )
        assert import_households(database_url, tmp_path / "first.csv") == 0
        path = write_households(
            tmp_path / "second.csv", [member_row("1000002", c, "head"), member_row("1000002", b, "son")]
        )

        assert import_households(database_url, path) == 1

        [error] = report_of(path)
        assert (error["row"], error["column"], error["value"]) == ("3", "national_id", b)
        assert "already a member of the registered household 1000001" in error["reason_en"]
        assert count(engine, households) == 1

    def test_household_number_registered_with_other_members(
        self, engine: Engine, database_url: str, tmp_path: Path, registered: list[str]
    ) -> None:
        a, b, c, *_ = registered
        write_households(
            tmp_path / "first.csv", [member_row("1000001", a, "head"), member_row("1000001", b, "son")]
        )
        import_households(database_url, tmp_path / "first.csv")
        path = write_households(
            tmp_path / "second.csv",
            [
                member_row("1000001", a, "head"),
                member_row("1000001", b, "spouse"),
                member_row("1000001", c, "son"),
            ],
        )

        assert import_households(database_url, path) == 1

        [error] = report_of(path)
        assert (error["row"], error["column"], error["value"]) == ("2", "household_number", "1000001")
        assert "already registered with other members" in error["reason_en"]

    def test_deceased_citizen_cannot_join(
        self,
        engine: Engine,
        database_url: str,
        tmp_path: Path,
        registered: list[str],
        uow_factory: SqlUnitOfWorkFactory,
        clock: FixedClock,
    ) -> None:
        a, b, *_ = registered
        citizen_use_cases.mark_deceased(
            uow_factory(), clock, ADMIN, b, dt.date(2024, 1, 1), "death certificate"
        )
        path = write_households(
            tmp_path / "households.csv", [member_row("1000001", a, "head"), member_row("1000001", b, "son")]
        )

        assert import_households(database_url, path) == 1

        [error] = report_of(path)
        assert (error["row"], error["column"]) == ("3", "national_id")
        assert "2024-01-01" in error["reason_en"]
