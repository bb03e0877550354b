"""One row at a time: the domain's rules applied to a CSV row, and what the error log keeps."""

from __future__ import annotations

import datetime as dt

import pytest

from unicard.domain.registry.household import Relation
from unicard.services.imports.citizen_rows import parse_citizen
from unicard.services.imports.formats import CITIZENS, HOUSEHOLDS, Record
from unicard.services.imports.household_rows import parse_member
from unicard.services.imports.problems import ErrorLog, RowError, UnreadableFile

TODAY = dt.date(2026, 11, 22)
NID = "28503140312357"  # born 1985-03-14 in Port Said, male


def row(number: int = 2, **values: str) -> Record:
    return Record(number, values, len(values))


class TestParseCitizen:
    def test_a_complete_row(self) -> None:
        staged, problems = parse_citizen(
            row(
                national_id=NID,
                name_ar="  محمد   أحمد ",
                name_latin="Mohamed Ahmed",
                birth_date="1985-03-14",
                sex="m",
                residence_governorate="3",
                mobile="0100 123 4567",
            ),
            TODAY,
        )
        assert problems == []
        assert staged is not None
        citizen = staged.citizen
        assert (citizen.name_ar, citizen.residence_governorate) == ("محمد أحمد", "03")
        assert citizen.mobile is not None
        assert citizen.mobile.e164 == "+201001234567"
        assert staged.mobile_text == "0100 123 4567"

    def test_optional_columns_may_be_empty_or_absent(self) -> None:
        staged, problems = parse_citizen(
            row(national_id=NID, name_ar="محمد", residence_governorate="03", sex=""), TODAY
        )
        assert problems == []
        assert staged is not None
        assert staged.citizen.mobile is None
        assert staged.citizen.name_latin is None

    def test_a_stated_death_is_part_of_the_first_version(self) -> None:
        staged, _ = parse_citizen(
            row(national_id=NID, name_ar="محمد", residence_governorate="03", deceased_on="٢٠٢٠-٠١-٠٢"), TODAY
        )
        assert staged is not None
        assert staged.citizen.deceased_on == dt.date(2020, 1, 2)
        assert staged.citizen.version == 1

    def test_a_bad_date_and_a_domain_error_are_both_reported(self) -> None:
        staged, problems = parse_citizen(
            row(
                national_id=NID, name_ar="محمد", residence_governorate="03", sex="F", deceased_on="2020-02-30"
            ),
            TODAY,
        )
        assert staged is None
        assert [(p.row, p.column, p.code) for p in problems] == [
            (2, "deceased_on", "import.date"),
            (2, "sex", "citizen.sex_mismatch"),
        ]

    @pytest.mark.parametrize("text", ["14/03/1985", "19850314", "1985-3-14", "yesterday"])
    def test_dates_must_be_written_yyyy_mm_dd(self, text: str) -> None:
        _, problems = parse_citizen(
            row(national_id=NID, name_ar="محمد", residence_governorate="03", birth_date=text), TODAY
        )
        assert [(p.column, p.code, p.value) for p in problems] == [("birth_date", "import.date", text)]

    def test_the_error_names_the_column_and_quotes_the_cell(self) -> None:
        _, problems = parse_citizen(
            row(national_id="2850314031235", name_ar="محمد", residence_governorate="03"), TODAY
        )
        [problem] = problems
        assert (problem.column, problem.value, problem.code) == (
            "national_id",
            "2850314031235",
            "national_id.wrong_length",
        )


class TestParseMember:
    def test_a_complete_row(self) -> None:
        member, problems = parse_member(
            row(
                household_number=" 1032004517 ",
                governorate="3",
                national_id=NID,
                relation="Head",
                grocer_id=" G-1 ",
            ),
            TODAY,
        )
        assert problems == []
        assert member is not None
        assert (member.number, member.governorate, member.relation, member.grocer_id) == (
            "1032004517",
            "03",
            Relation.HEAD,
            "G-1",
        )

    def test_every_bad_cell_of_a_row_is_reported(self) -> None:
        member, problems = parse_member(
            row(household_number="12", governorate="03", national_id="123", relation="uncle", grocer_id=""),
            TODAY,
        )
        assert member is None
        assert [(p.column, p.code) for p in problems] == [
            ("household_number", "household.number"),
            ("national_id", "national_id.wrong_length"),
            ("relation", "household.relation"),
        ]

    def test_no_grocer_is_none(self) -> None:
        member, _ = parse_member(
            row(household_number="1032004517", governorate="03", national_id=NID, relation="son"), TODAY
        )
        assert member is not None
        assert member.grocer_id is None


class TestHeader:
    def test_optional_columns_may_be_left_out_and_the_order_is_free(self) -> None:
        CITIZENS.check_header(["residence_governorate", "name_ar", "national_id"])

    @pytest.mark.parametrize(
        ("names", "code", "params"),
        [
            (["national_id", "name_ar"], "import.missing_columns", {"columns": "residence_governorate"}),
            (
                [*HOUSEHOLDS.columns, "notes"],
                "import.unknown_columns",
                {"columns": "notes", "expected": ", ".join(HOUSEHOLDS.columns)},
            ),
            (
                ["household_number", "governorate", "nid", "relation"],
                "import.wrong_columns",
                {"missing": "national_id", "unknown": "nid"},
            ),
            ([*HOUSEHOLDS.columns, "relation"], "import.duplicate_columns", {"columns": "relation"}),
        ],
    )
    def test_names_the_columns_that_are_wrong(
        self, names: list[str], code: str, params: dict[str, str]
    ) -> None:
        layout = CITIZENS if "name_ar" in names else HOUSEHOLDS
        with pytest.raises(UnreadableFile) as refused:
            layout.check_header(names)
        assert refused.value.code == code
        assert dict(refused.value.params) == params


class TestErrorLog:
    def test_counts_everything_and_keeps_the_lowest_rows(self) -> None:
        log = ErrorLog(limit=3)
        for number in (9, 4, 7, 2, 8, 4):
            log.add(RowError(number, "c", "", f"code{number}"))
        assert log.total == 6
        assert log.omitted == 3
        assert [error.row for error in log.listed] == [2, 4, 4]

    def test_errors_of_one_row_keep_the_order_they_were_found_in(self) -> None:
        log = ErrorLog()
        log.extend([RowError(3, "b", "", "first"), RowError(2, "z", "", "x"), RowError(3, "a", "", "second")])
        assert [error.code for error in log.listed] == ["x", "first", "second"]

    def test_an_empty_log_is_false(self) -> None:
        assert not ErrorLog()
