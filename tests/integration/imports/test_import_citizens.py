"""``unicard import citizens``: the whole file or nothing, every bad row reported, re-import a no-op."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from tests.integration.imports.helpers import SAMPLES, citizen_row, count, report_of, run, write_csv
from unicard.adapters.db.tables import audit_log, citizens

_ARABIC = re.compile(r"[\u0621-\u064a]")


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return Path(shutil.copy(SAMPLES / "citizens.csv", tmp_path / "citizens.csv"))


class TestSampleFile:
    def test_imports_every_citizen(self, engine: Engine, database_url: str, sample: Path) -> None:
        result = run(database_url, "import", "citizens", str(sample), "--lang", "en")
        assert result.exit_code == 0, result.output
        assert "20 citizens added, 0 already present" in result.output
        assert count(engine, citizens) == 20

    def test_reimport_is_a_no_op(self, engine: Engine, database_url: str, sample: Path) -> None:
        run(database_url, "import", "citizens", str(sample))
        with engine.connect() as connection:
            before = connection.execute(select(citizens).order_by(citizens.c.id)).all()
        result = run(database_url, "import", "citizens", str(sample), "--lang", "en")
        assert result.exit_code == 0, result.output
        assert "0 citizens added, 20 already present" in result.output
        with engine.connect() as connection:
            assert connection.execute(select(citizens).order_by(citizens.c.id)).all() == before

    def test_one_audit_record_per_import_names_the_file_and_its_hash(
        self, engine: Engine, database_url: str, sample: Path
    ) -> None:
        run(database_url, "import", "citizens", str(sample), "--actor", "clerk.portsaid")
        with engine.connect() as connection:
            records = connection.execute(select(audit_log)).all()
        assert len(records) == 1
        record = records[0]
        assert (record.actor, record.action) == ("clerk.portsaid", "import.citizens")
        details = json.loads(record.details)
        assert details["file"] == "citizens.csv"
        assert details["sha256"] == hashlib.sha256(sample.read_bytes()).hexdigest()
        assert (details["rows"], details["added"], details["already_present"]) == (20, 20, 0)

    def test_each_citizen_records_who_imported_it_from_which_file(
        self, engine: Engine, database_url: str, sample: Path
    ) -> None:
        run(database_url, "import", "citizens", str(sample), "--actor", "clerk.portsaid")
        sha = hashlib.sha256(sample.read_bytes()).hexdigest()
        with engine.connect() as connection:
            notes = set(connection.execute(select(citizens.c.changed_by, citizens.c.change_reason)).all())
        assert notes == {("clerk.portsaid", f"import citizens.csv sha256:{sha[:12]}")}

    def test_actor_defaults_to_the_operator_environment_variable(
        self, engine: Engine, database_url: str, sample: Path
    ) -> None:
        run(database_url, "import", "citizens", str(sample), operator="night.clerk")
        with engine.connect() as connection:
            assert connection.execute(select(audit_log.c.actor)).scalar_one() == "night.clerk"

    def test_actor_is_cli_when_nobody_is_named(self, engine: Engine, database_url: str, sample: Path) -> None:
        run(database_url, "import", "citizens", str(sample))
        with engine.connect() as connection:
            assert connection.execute(select(audit_log.c.actor)).scalar_one() == "cli"

    def test_deceased_citizen_is_imported_with_the_date(
        self, engine: Engine, database_url: str, sample: Path
    ) -> None:
        run(database_url, "import", "citizens", str(sample))
        with engine.connect() as connection:
            dead = connection.execute(select(citizens).where(citizens.c.deceased_on.is_not(None))).one()
        assert dead.deceased_on == dt.date(2019, 8, 14)
        assert dead.version == 1


# A row that the domain refuses, the column the report must name, and words its reason must hold.
BAD_ROWS = {
    "bad birth date": (
        {"national_id": "29002300312345"},
        "national_id",
        "the birth date 30-02-1990 in digits 2–7 does not exist",
    ),
    "wrong sex digit": ({"sex": "F"}, "sex", "does not match the sex in the national ID"),
    "unknown governorate": ({"residence_governorate": "99"}, "residence_governorate", "99"),
    "birth date disagreeing with the ID": ({"birth_date": "1985-03-15"}, "birth_date", "1985-03-15"),
    "unreadable date": ({"deceased_on": "14/08/2019"}, "deceased_on", "YYYY-MM-DD"),
    "mobile of another country": ({"mobile": "+447911123456"}, "mobile", "+44"),
    "Latin letters in the Arabic name": ({"name_ar": "Ali"}, "name_ar", "Arabic letters only"),
}


class TestBadRowInTheMiddle:
    @pytest.mark.parametrize("case", sorted(BAD_ROWS))
    def test_imports_nothing_and_reports_the_row(
        self, engine: Engine, database_url: str, tmp_path: Path, case: str
    ) -> None:
        cells, column, words = BAD_ROWS[case]
        rows = [citizen_row() for _ in range(5)]
        rows[2] = {**rows[2], **cells}
        path = write_csv(tmp_path / "citizens.csv", rows)

        result = run(database_url, "import", "citizens", str(path), "--lang", "en")

        assert result.exit_code == 1, result.output
        assert "nothing was imported" in result.output
        assert count(engine, citizens) == 0
        assert count(engine, audit_log) == 0
        [error] = report_of(path)
        assert (error["row"], error["column"]) == ("4", column)  # the header is row 1
        assert words in error["reason_en"]
        assert _ARABIC.search(error["reason_ar"])

    def test_every_bad_row_is_reported_in_one_pass(
        self, engine: Engine, database_url: str, tmp_path: Path
    ) -> None:
        rows = [citizen_row() for _ in range(8)]
        rows[1]["sex"] = "F"
        rows[4]["residence_governorate"] = "99"
        rows[6]["birth_date"] = "not a date"
        path = write_csv(tmp_path / "citizens.csv", rows)

        result = run(database_url, "import", "citizens", str(path), "--lang", "en")

        assert result.exit_code == 1
        assert [(e["row"], e["column"]) for e in report_of(path)] == [
            ("3", "sex"),
            ("6", "residence_governorate"),
            ("8", "birth_date"),
        ]
        assert "3 errors in 8 rows" in result.output

    def test_national_id_twice_in_the_file(self, engine: Engine, database_url: str, tmp_path: Path) -> None:
        rows = [citizen_row() for _ in range(4)]
        rows.insert(3, citizen_row(national_id=rows[1]["national_id"]))
        path = write_csv(tmp_path / "citizens.csv", rows)

        assert run(database_url, "import", "citizens", str(path)).exit_code == 1

        [error] = report_of(path)
        assert (error["row"], error["column"], error["value"]) == ("5", "national_id", rows[1]["national_id"])
        assert "already on row 3 of the same file" in error["reason_en"]
        assert "3" in error["reason_ar"]
        assert count(engine, citizens) == 0

    def test_mobile_given_to_two_living_citizens_in_the_file(
        self, engine: Engine, database_url: str, tmp_path: Path
    ) -> None:
        rows = [citizen_row() for _ in range(4)]
        # The same line, written the local way and the international way.
        rows[3]["mobile"] = "+2" + rows[0]["mobile"]
        path = write_csv(tmp_path / "citizens.csv", rows)

        assert run(database_url, "import", "citizens", str(path)).exit_code == 1

        [error] = report_of(path)
        assert (error["row"], error["column"], error["value"]) == ("5", "mobile", rows[3]["mobile"])
        assert "on row 2 of the same file" in error["reason_en"]

    def test_a_dead_citizens_old_mobile_may_be_given_to_a_living_one(
        self, engine: Engine, database_url: str, tmp_path: Path
    ) -> None:
        rows = [citizen_row(), citizen_row()]
        rows[1]["mobile"] = rows[0]["mobile"]
        rows[0]["deceased_on"] = "2020-01-01"
        path = write_csv(tmp_path / "citizens.csv", rows)

        result = run(database_url, "import", "citizens", str(path))

        assert result.exit_code == 0, result.output
        assert count(engine, citizens) == 2

    def test_a_minor_with_a_mobile_is_refused(
        self, engine: Engine, database_url: str, tmp_path: Path
    ) -> None:
        path = write_csv(tmp_path / "citizens.csv", [citizen_row(), citizen_row(birth=dt.date(2015, 5, 5))])

        assert run(database_url, "import", "citizens", str(path)).exit_code == 1

        [error] = report_of(path)
        assert (error["row"], error["column"]) == ("3", "mobile")

    def test_row_with_a_stray_comma(self, engine: Engine, database_url: str, tmp_path: Path) -> None:
        path = write_csv(tmp_path / "citizens.csv", [citizen_row(), citizen_row()])
        with path.open("a", encoding="utf-8") as handle:
            handle.write("29001010312345,علي حسن,,,,03,,,\r\n")

        assert run(database_url, "import", "citizens", str(path)).exit_code == 1

        [error] = report_of(path)
        assert error["row"] == "4"
        assert "9 fields but the header has 8 columns" in error["reason_en"]


class TestAgainstTheRegistry:
    def test_national_id_registered_with_different_details(
        self, engine: Engine, database_url: str, tmp_path: Path
    ) -> None:
        first = citizen_row(name_latin="Ali Hassan")
        run(database_url, "import", "citizens", str(write_csv(tmp_path / "a.csv", [first])))
        changed = {**first, "name_latin": "Aly Hassan", "mobile": ""}
        path = write_csv(tmp_path / "b.csv", [citizen_row(), changed])

        result = run(database_url, "import", "citizens", str(path), "--lang", "en")

        assert result.exit_code == 1
        [error] = report_of(path)
        assert (error["row"], error["column"]) == ("3", "national_id")
        assert "already registered with different details (name_latin, mobile)" in error["reason_en"]
        assert "use the registry update" in error["reason_en"]
        assert "تعديل السجل" in error["reason_ar"]
        assert count(engine, citizens) == 1

    def test_mobile_of_a_living_citizen_in_the_registry(
        self, engine: Engine, database_url: str, tmp_path: Path
    ) -> None:
        holder = citizen_row()
        run(database_url, "import", "citizens", str(write_csv(tmp_path / "a.csv", [holder])))
        path = write_csv(tmp_path / "b.csv", [citizen_row(), citizen_row(mobile=holder["mobile"])])

        assert run(database_url, "import", "citizens", str(path)).exit_code == 1

        [error] = report_of(path)
        assert (error["row"], error["column"]) == ("3", "mobile")
        assert "another living citizen" in error["reason_en"]

    def test_file_that_adds_to_what_is_registered(
        self, engine: Engine, database_url: str, tmp_path: Path
    ) -> None:
        known = [citizen_row(), citizen_row()]
        run(database_url, "import", "citizens", str(write_csv(tmp_path / "a.csv", known)))
        path = write_csv(tmp_path / "b.csv", [*known, citizen_row()])

        result = run(database_url, "import", "citizens", str(path), "--lang", "en")

        assert "1 citizens added, 2 already present" in result.output
        assert count(engine, citizens) == 3


class TestErrorReport:
    def test_a_corrected_file_removes_the_old_report(
        self, engine: Engine, database_url: str, tmp_path: Path
    ) -> None:
        rows = [citizen_row(), citizen_row(sex="F")]
        path = write_csv(tmp_path / "citizens.csv", [rows[0], {**rows[1], "sex": "M"}])
        run(database_url, "import", "citizens", str(path))
        report = tmp_path / "citizens.csv.errors.csv"
        assert report.exists()

        write_csv(path, rows)
        result = run(database_url, "import", "citizens", str(path), "--lang", "en")

        assert result.exit_code == 0, result.output
        assert not report.exists()
        assert "removed an old error report" in result.output

    def test_report_opens_in_a_spreadsheet(self, engine: Engine, database_url: str, tmp_path: Path) -> None:
        path = write_csv(tmp_path / "citizens.csv", [citizen_row(sex="F", national_id="29002300312345")])
        run(database_url, "import", "citizens", str(path))
        raw = (tmp_path / "citizens.csv.errors.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbfrow,column,value,reason_ar,reason_en\r\n")
