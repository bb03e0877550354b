import datetime as dt

import pytest

from unicard.domain.shared.errors import DomainError, InvalidValue
from unicard.domain.shared.governorates import GOVERNORATES
from unicard.domain.shared.national_id import NationalId, Sex

# The table in POLICY.md, written out again so that a slip in governorates.py shows up here.
POLICY_GOVERNORATES = {
    "01": "Cairo", "02": "Alexandria", "03": "Port Said", "04": "Suez", "11": "Damietta",
    "12": "Dakahlia", "13": "Sharqia", "14": "Qalyubia", "15": "Kafr El-Sheikh", "16": "Gharbia",
    "17": "Monufia", "18": "Beheira", "19": "Ismailia", "21": "Giza", "22": "Beni Suef",
    "23": "Faiyum", "24": "Minya", "25": "Asyut", "26": "Sohag", "27": "Qena", "28": "Aswan",
    "29": "Luxor", "31": "Red Sea", "32": "New Valley", "33": "Matrouh", "34": "North Sinai",
    "35": "South Sinai", "88": "Born abroad",
}  # fmt: skip


def make_id(
    *,
    century: str = "2",
    birth: str = "900315",
    governorate: str = "01",
    serial: str = "2345",
    check: str = "6",
) -> str:
    return century + birth + governorate + serial + check


def rejection(raw: str, *, today: dt.date | None = None) -> InvalidValue:
    with pytest.raises(InvalidValue) as caught:
        NationalId.parse(raw, today=today)
    return caught.value


def popular_mod11_check_digit(first13: str) -> int:
    """The widely copied (and wrong) formula; the policy says never to reject on it."""
    weights = (2, 7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    remainder = sum(int(d) * w for d, w in zip(first13, weights, strict=True)) % 11
    return (11 - remainder) % 10


class TestAcceptsAValidId:
    def test_reads_every_part(self) -> None:
        national_id = NationalId.parse("29003150123456")
        assert national_id.value == "29003150123456"
        assert national_id.birth_date == dt.date(1990, 3, 15)
        assert national_id.governorate.code == "01"
        assert national_id.governorate.name_en == "Cairo"
        assert national_id.sex is Sex.MALE

    def test_str_is_the_fourteen_digits(self) -> None:
        assert str(NationalId.parse(make_id())) == make_id()

    @pytest.mark.parametrize(
        "raw",
        [
            "2 900315 01 2345 6",
            "2-900315-01-2345-6",
            "  29003150123456\t",
            "٢٩٠٠٣١٥٠١٢٣٤٥٦",  # Arabic-Indic digits
            "۲۹۰۰۳۱۵۰۱۲۳۴۵۶",  # Eastern Arabic (Persian) digits
            "٢ ٩٠٠٣١٥ ٠١ ٢٣٤٥ ٦",
        ],
    )
    def test_accepts_arabic_digits_spaces_and_dashes(self, raw: str) -> None:
        assert NationalId.parse(raw).value == "29003150123456"

    def test_equal_ids_parsed_from_different_spellings_are_equal(self) -> None:
        assert NationalId.parse("٢٩٠٠٣١٥٠١٢٣٤٥٦") == NationalId.parse("2 900315 01 2345 6")


class TestCheckDigitIsNeverGroundsForRejection:
    def test_accepts_an_id_the_popular_mod11_formula_rejects(self) -> None:
        first13 = "2980712" + "21" + "0187"
        assert popular_mod11_check_digit(first13) == 8
        national_id = NationalId.parse(first13 + "9")
        assert national_id.birth_date == dt.date(1998, 7, 12)
        assert national_id.governorate.name_en == "Giza"

    @pytest.mark.parametrize("check", "0123456789")
    def test_accepts_any_check_digit(self, check: str) -> None:
        NationalId.parse(make_id(check=check))


class TestGovernorate:
    def test_table_matches_the_policy(self) -> None:
        assert {code: g.name_en for code, g in GOVERNORATES.items()} == POLICY_GOVERNORATES

    @pytest.mark.parametrize(("code", "name"), sorted(POLICY_GOVERNORATES.items()))
    def test_accepts_every_governorate_in_the_table(self, code: str, name: str) -> None:
        national_id = NationalId.parse(make_id(governorate=code))
        assert national_id.governorate.code == code
        assert national_id.governorate.name_en == name
        assert national_id.governorate.name_ar

    @pytest.mark.parametrize("code", ["00", "05", "10", "20", "30", "36", "87", "89", "99"])
    def test_rejects_an_unknown_code_naming_it(self, code: str) -> None:
        error = rejection(make_id(governorate=code))
        assert error.code == "national_id.governorate"
        assert error.params["code"] == code


class TestCentury:
    @pytest.mark.parametrize(
        ("century", "birth", "expected"),
        [
            ("2", "900315", dt.date(1990, 3, 15)),
            ("2", "000101", dt.date(1900, 1, 1)),
            ("2", "991231", dt.date(1999, 12, 31)),
            ("3", "050620", dt.date(2005, 6, 20)),
            ("3", "000101", dt.date(2000, 1, 1)),
        ],
    )
    def test_first_digit_sets_the_century(self, century: str, birth: str, expected: dt.date) -> None:
        assert NationalId.parse(make_id(century=century, birth=birth)).birth_date == expected

    @pytest.mark.parametrize("digit", ["0", "1", "4", "5", "9"])
    def test_rejects_other_first_digits_naming_the_digit(self, digit: str) -> None:
        error = rejection(make_id(century=digit))
        assert error.code == "national_id.century"
        assert error.params["digit"] == digit


class TestBirthDate:
    @pytest.mark.parametrize(
        ("century", "birth", "expected"),
        [
            ("3", "000229", dt.date(2000, 2, 29)),  # divisible by 400: leap
            ("2", "960229", dt.date(1996, 2, 29)),
            ("3", "240229", dt.date(2024, 2, 29)),
        ],
    )
    def test_accepts_february_29_in_a_leap_year(self, century: str, birth: str, expected: dt.date) -> None:
        assert NationalId.parse(make_id(century=century, birth=birth)).birth_date == expected

    @pytest.mark.parametrize(
        ("century", "birth", "date"),
        [
            ("2", "000229", "29-02-1900"),  # divisible by 100, not 400: not leap
            ("2", "970229", "29-02-1997"),
            ("3", "230229", "29-02-2023"),
        ],
    )
    def test_rejects_february_29_in_a_common_year(self, century: str, birth: str, date: str) -> None:
        error = rejection(make_id(century=century, birth=birth))
        assert error.code == "national_id.birth_date"
        assert error.params["date"] == date

    @pytest.mark.parametrize(
        ("birth", "date"),
        [
            ("900431", "31-04-1990"),
            ("900230", "30-02-1990"),
            ("900231", "31-02-1990"),
            ("901301", "01-13-1990"),
            ("900001", "01-00-1990"),
            ("900100", "00-01-1990"),
            ("900132", "32-01-1990"),
        ],
    )
    def test_rejects_a_date_that_does_not_exist(self, birth: str, date: str) -> None:
        error = rejection(make_id(birth=birth))
        assert error.code == "national_id.birth_date"
        assert error.params["date"] == date

    def test_rejects_a_birth_date_after_today(self) -> None:
        error = rejection(make_id(century="3", birth="300101"), today=dt.date(2025, 6, 1))
        assert error.code == "national_id.birth_in_future"
        assert error.params["date"] == "01-01-2030"

    def test_accepts_a_birth_date_of_today(self) -> None:
        national_id = NationalId.parse(make_id(century="3", birth="250601"), today=dt.date(2025, 6, 1))
        assert national_id.birth_date == dt.date(2025, 6, 1)

    def test_without_today_the_future_is_not_checked(self) -> None:
        assert NationalId.parse(make_id(century="3", birth="990101")).birth_date.year == 2099


class TestSex:
    @pytest.mark.parametrize("digit", "13579")
    def test_odd_thirteenth_digit_is_male(self, digit: str) -> None:
        assert NationalId.parse(make_id(serial="234" + digit)).sex is Sex.MALE

    @pytest.mark.parametrize("digit", "02468")
    def test_even_thirteenth_digit_is_female(self, digit: str) -> None:
        assert NationalId.parse(make_id(serial="234" + digit)).sex is Sex.FEMALE

    def test_other_serial_digits_do_not_decide(self) -> None:
        assert NationalId.parse(make_id(serial="9992")).sex is Sex.FEMALE
        assert NationalId.parse(make_id(serial="0001")).sex is Sex.MALE


class TestShape:
    @pytest.mark.parametrize(
        ("raw", "length"),
        [("", 0), ("2900315012345", 13), ("290031501234567", 15), ("2", 1), ("  ", 0)],
    )
    def test_rejects_the_wrong_length_with_the_length(self, raw: str, length: int) -> None:
        error = rejection(raw)
        assert error.code == "national_id.wrong_length"
        assert error.params["length"] == length

    @pytest.mark.parametrize(
        "raw",
        [
            "2900315012345a",
            "29003150123.56",
            "2900315012345²",  # str.isdigit() says yes, but it is not a digit of an ID
            "2900315O123456",
            "ID 29003150123456",
        ],
    )
    def test_rejects_non_digits(self, raw: str) -> None:
        error = rejection(raw)
        assert error.code == "national_id.not_digits"
        assert error.params["field"] == "national_id"

    def test_errors_are_domain_errors_naming_the_field(self) -> None:
        error = rejection(make_id(governorate="99"))
        assert isinstance(error, DomainError)
        assert error.params["field"] == "national_id"
        assert error.params["value"] == make_id(governorate="99")


class TestMasked:
    def test_shows_only_the_last_four_digits(self) -> None:
        assert NationalId.parse("29003150123456").masked() == "**********3456"

    def test_hides_birth_date_and_governorate(self) -> None:
        masked = NationalId.parse("29003150123456").masked()
        assert len(masked) == 14
        assert "900315" not in masked
