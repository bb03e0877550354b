"""Files that cannot be read as the expected CSV at all: a clear message, exit 1, nothing touched."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.integration.imports.helpers import count, run
from unicard.adapters.db.tables import audit_log, citizens

HEADER = "national_id,name_ar,residence_governorate\r\n"
ROW = "29001010312345,علي حسن,03\r\n"

# The file's bytes, and words the message must hold.
UNREADABLE = {
    "Windows Arabic code page": (
        (HEADER + ROW).encode("cp1256"),
        "not UTF-8 text (first invalid byte on line 2",
    ),
    "UTF-16 from a spreadsheet": (
        (HEADER + ROW).encode("utf-16"),
        "not UTF-8 text (first invalid byte on line 1",
    ),
    "semicolons": ((HEADER + ROW).replace(",", ";").encode(), "separated by a semicolon"),
    "tabs": ((HEADER + ROW).replace(",", "\t").encode(), "separated by a tab"),
    "no header": (ROW.encode(), "the first row of the file is not a header row"),
    "missing column": (
        b"national_id,residence_governorate\r\n29001010312345,03\r\n",
        "lacks required columns: name_ar",
    ),
    "misspelt column": (
        HEADER.replace("name_ar", "name").encode() + ROW.encode(),
        "it lacks name_ar and has unknown columns name",
    ),
    "unknown column": (HEADER.replace("\r\n", ",notes\r\n").encode(), "unknown columns: notes"),
    "column twice": (HEADER.replace("\r\n", ",name_ar\r\n").encode(), "more than once: name_ar"),
    "empty": (b"", "the file is empty"),
    "nameless column": (HEADER.replace("\r\n", ",\r\n").encode(), "a column without a name (column 4)"),
    "stray quote": ((HEADER + '"2900101"0312345,علي,03\r\n').encode(), "cannot be read as CSV at line 2"),
}


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_is_refused_with_a_clear_message(
    engine: Engine, database_url: str, tmp_path: Path, case: str
) -> None:
    content, words = UNREADABLE[case]
    path = tmp_path / "citizens.csv"
    path.write_bytes(content)

    result = run(database_url, "import", "citizens", str(path))

    assert result.exit_code == 1
    assert words in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert not (tmp_path / "citizens.csv.errors.csv").exists()
    assert count(engine, citizens) == 0
    assert count(engine, audit_log) == 0


def test_the_message_is_also_in_arabic(engine: Engine, database_url: str, tmp_path: Path) -> None:
    path = tmp_path / "citizens.csv"
    path.write_bytes((HEADER + ROW).encode("cp1256"))
    assert "UTF-8" in run(database_url, "import", "citizens", str(path)).output
    assert "ليس نصًا بترميز UTF-8" in run(database_url, "import", "citizens", str(path)).output


class TestTolerated:
    def test_byte_order_mark_lf_endings_column_order_and_case(
        self, engine: Engine, database_url: str, tmp_path: Path
    ) -> None:
        path = tmp_path / "citizens.csv"
        path.write_bytes(
            "\ufeffResidence_Governorate, NAME_AR ,national_id\n03,علي حسن,29001010312345\n".encode()
        )

        result = run(database_url, "import", "citizens", str(path))

        assert result.exit_code == 0, result.output
        assert count(engine, citizens) == 1

    def test_quoted_fields_with_commas_and_blank_lines(
        self, engine: Engine, database_url: str, tmp_path: Path
    ) -> None:
        path = tmp_path / "citizens.csv"
        path.write_text(
            "national_id,name_ar,name_latin,residence_governorate\r\n"
            '29001010312345,علي حسن,"Ali Hassan",03\r\n'
            "\r\n"
            ",,,\r\n",
            encoding="utf-8",
        )

        result = run(database_url, "import", "citizens", str(path))

        assert result.exit_code == 0, result.output
        assert count(engine, citizens) == 1

    def test_header_only_imports_nothing(self, engine: Engine, database_url: str, tmp_path: Path) -> None:
        path = tmp_path / "citizens.csv"
        path.write_text(HEADER, encoding="utf-8")

        assert run(database_url, "import", "citizens", str(path)).exit_code == 0
        assert count(engine, citizens) == 0


def test_schema_out_of_date_is_refused(database_url: str, tmp_path: Path) -> None:
    path = tmp_path / "citizens.csv"
    path.write_text(HEADER + ROW, encoding="utf-8")

    result = run(database_url, "import", "citizens", str(path))

    assert result.exit_code == 1
    assert "unicard db upgrade" in result.output


def test_export_to_a_folder_that_does_not_exist(engine: Engine, database_url: str, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "citizens.csv"

    result = run(database_url, "export", "citizens", str(target))

    assert result.exit_code == 1
    assert "No such file or directory" in result.output
    assert "Traceback" not in result.output
