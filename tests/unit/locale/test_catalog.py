import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from unicard.domain.shared.errors import DomainError, InvalidValue
from unicard.domain.shared.mobile import MobileNumber
from unicard.domain.shared.money import Money
from unicard.domain.shared.national_id import NationalId
from unicard.domain.shared.pan import Pan
from unicard.locale import catalog
from unicard.locale.catalog import MESSAGES, Language, describe, render

SHARED = Path(catalog.__file__).parents[1] / "domain" / "shared"
LANGUAGES: tuple[Language, ...] = ("ar", "en")

# A code is a string literal as the first argument of a call, like InvalidValue("pan.luhn", ...).
_CODE_LITERAL = re.compile(r"\w\(\s*\"([a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*)\"")
# national_id.py builds codes as f"national_id.{reason}" from _reject("reason", ...).
_PREFIXED_HELPER = re.compile(r"f\"([a-z_]+)\.\{reason\}\"")
_HELPER_CALL = re.compile(r"_reject\(\s*\"([a-z][a-z0-9_]*)\"")

_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
_FIELD = re.compile(r"\{(\w+)\}")


def codes_raised_in(path: Path) -> set[str]:
    source = path.read_text(encoding="utf-8")
    codes = set(_CODE_LITERAL.findall(source))
    for prefix in _PREFIXED_HELPER.findall(source):
        codes |= {f"{prefix}.{reason}" for reason in _HELPER_CALL.findall(source)}
    return codes


RAISED = {
    code
    for path in sorted(SHARED.glob("*.py"))
    for code in codes_raised_in(path)
    if not code.startswith("unicard.")  # a module path, not an error code
}


def _raise_money_times_float() -> object:
    return Money(20) * 1.5  # type: ignore[operator]


# One real way to provoke each code, so messages are tried with the params the domain sends.
PROVOKE: dict[str, Callable[[], object]] = {
    "national_id.not_digits": lambda: NationalId.parse("2900315012345x"),
    "national_id.wrong_length": lambda: NationalId.parse("2900315012345"),
    "national_id.century": lambda: NationalId.parse("49003150123456"),
    "national_id.birth_date": lambda: NationalId.parse("29002310123456"),
    "national_id.birth_in_future": lambda: NationalId.parse("33001010123456", today=dt.date(2025, 1, 1)),
    "national_id.governorate": lambda: NationalId.parse("29003159923456"),
    "mobile.unreadable": lambda: MobileNumber.parse("call me"),
    "mobile.not_egyptian": lambda: MobileNumber.parse("+447911123456"),
    "mobile.not_mobile": lambda: MobileNumber.parse("0223456789"),
    "mobile.unknown_operator": lambda: MobileNumber.parse("01312345678"),
    "money.unreadable": lambda: Money.parse("1.234"),
    "money.not_integer": _raise_money_times_float,
    "pan.not_digits": lambda: Pan.parse("4111a11111111111"),
    "pan.wrong_length": lambda: Pan.parse("41111111111"),
    "pan.luhn": lambda: Pan.parse("4111111111111112"),
    "pan.account_number": lambda: Pan.issue("507803", "1234567890"),
}


def provoke(code: str) -> DomainError:
    with pytest.raises(DomainError) as caught:
        PROVOKE[code]()
    assert caught.value.code == code
    return caught.value


class TestCoverage:
    def test_finds_the_codes_in_the_source(self) -> None:
        # Guards the regexes: if they stopped matching, every other test would pass vacuously.
        assert {"national_id.birth_date", "mobile.not_mobile", "money.unreadable", "pan.luhn"} <= (RAISED)

    def test_every_raised_code_can_be_provoked_here(self) -> None:
        assert set(PROVOKE) == RAISED

    @pytest.mark.parametrize("code", sorted(RAISED))
    def test_every_raised_code_has_arabic_and_english(self, code: str) -> None:
        assert code in MESSAGES, f"add {code!r} to a module in unicard/locale/messages/"
        arabic, english = MESSAGES[code]
        assert arabic.strip()
        assert english.strip()

    @pytest.mark.parametrize("code", sorted(RAISED))
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_real_params_fill_every_field(self, code: str, language: Language) -> None:
        text = describe(provoke(code), language)
        assert "{" not in text
        assert "}" not in text


class TestTemplates:
    @pytest.mark.parametrize("code", sorted(MESSAGES))
    def test_code_is_dotted_lowercase(self, code: str) -> None:
        assert re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z0-9][a-z0-9_]*)+", code)

    @pytest.mark.parametrize("code", sorted(MESSAGES))
    def test_arabic_is_in_arabic_and_english_is_not(self, code: str) -> None:
        arabic, english = MESSAGES[code]
        assert _ARABIC_LETTER.search(arabic)
        assert not _ARABIC_LETTER.search(english)

    @pytest.mark.parametrize("code", sorted(MESSAGES))
    def test_both_languages_use_the_same_fields(self, code: str) -> None:
        arabic, english = MESSAGES[code]
        assert set(_FIELD.findall(arabic)) == set(_FIELD.findall(english))


class TestRender:
    def test_says_exactly_what_is_wrong(self) -> None:
        error = InvalidValue("national_id.birth_date", field="national_id", date="31-02-1990")
        assert describe(error, "en") == "the birth date 31-02-1990 in digits 2–7 does not exist"
        assert describe(error, "ar") == "تاريخ الميلاد 31-02-1990 في الأرقام من 2 إلى 7 غير موجود"

    def test_names_the_rejected_governorate(self) -> None:
        error = provoke("national_id.governorate")
        assert "99" in describe(error, "en")
        assert "99" in describe(error, "ar")

    def test_describe_is_render_of_code_and_params(self) -> None:
        error = provoke("mobile.unknown_operator")
        for language in LANGUAGES:
            assert describe(error, language) == render(error.code, error.params, language)

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_unknown_code_gives_a_generic_message_naming_it(self, language: Language) -> None:
        text = render("ledger.no_such_code", {"x": 1}, language)
        assert "ledger.no_such_code" in text

    def test_unknown_code_is_in_the_right_language(self) -> None:
        assert _ARABIC_LETTER.search(render("x.y", {}, "ar"))
        assert not _ARABIC_LETTER.search(render("x.y", {}, "en"))

    def test_missing_param_leaves_the_placeholder(self) -> None:
        assert render("pan.wrong_length", {}, "en") == (
            "the card number has {length} digits; it must have 12 to 19"
        )

    def test_extra_params_are_ignored(self) -> None:
        assert render("pan.wrong_length", {"length": 9, "field": "pan"}, "en").startswith(
            "the card number has 9 digits"
        )

    @pytest.mark.parametrize(
        ("template", "expected"),
        [
            ("{{a}} and {a}", "{a} and A"),
            ("{0} {a.b} {a[0]} {a:>5} {a!r} {", "{0} {a.b} {a[0]} {a:>5} {a!r} {"),
            ("{missing} {a}", "{missing} A"),
        ],
    )
    def test_odd_templates_never_raise(
        self, monkeypatch: pytest.MonkeyPatch, template: str, expected: str
    ) -> None:
        monkeypatch.setitem(MESSAGES, "test.odd", (template, template))
        assert render("test.odd", {"a": "A"}, "en") == expected

    def test_params_are_not_expanded_twice(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setitem(MESSAGES, "test.value", ("«{value}»", "“{value}”"))
        assert render("test.value", {"value": "{value}", "x": 1}, "en") == "“{value}”"

    def test_money_params_are_formatted_for_the_language(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setitem(MESSAGES, "test.money", ("الرصيد {balance}", "balance {balance}"))
        params = {"balance": Money(125050)}
        assert render("test.money", params, "en") == "balance EGP 1,250.50"
        assert render("test.money", params, "ar") == "الرصيد ١٬٢٥٠٫٥٠ ج.م."


class TestAssembly:
    def test_a_code_defined_in_two_subjects_is_refused(self) -> None:
        with pytest.raises(ValueError, match=r"pan\.luhn"):
            catalog._merge([{"pan.luhn": ("أ", "a")}, {"pan.luhn": ("ب", "b")}])

    def test_every_subject_module_contributes(self) -> None:
        assert catalog.SUBJECTS
        assert len(MESSAGES) == sum(len(catalog._load(s)) for s in catalog.SUBJECTS)
