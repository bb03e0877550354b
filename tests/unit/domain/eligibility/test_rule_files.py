"""Rule files: the shipped rounds read as POLICY.md says, and every bad input names its line."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unicard.adapters.rule_files import RuleFileError, parse_rule_set, shipped_rule_texts
from unicard.domain.eligibility.facts import FactUnit
from unicard.domain.eligibility.units import to_base
from unicard.domain.shared.errors import InvalidValue
from unicard.locale.catalog import describe

ROUND_2019 = shipped_rule_texts()["round-2019.toml"]


def test_the_three_rounds_ship_with_their_thresholds_in_base_units() -> None:
    texts = shipped_rule_texts()
    assert sorted(texts) == ["phase-4.toml", "round-2019.toml", "scoring-2017.toml"]
    r2019 = {c.key: c.threshold for c in parse_rule_set(ROUND_2019, file="f").criteria}
    assert r2019 == {
        "school_fees": 3_000_000, "new_car": 2014, "farmland": 240, "electricity": 650, "mobile_bill": 80_000,
    }  # fmt: skip
    phase4 = parse_rule_set(texts["phase-4.toml"], file="f")
    assert len(phase4.criteria) == 12
    profession = next(c for c in phase4.criteria if c.fact == "profession")
    assert isinstance(profession.threshold, frozenset)
    assert "judge" in profession.threshold
    scoring = parse_rule_set(texts["scoring-2017.toml"], file="f")
    assert scoring.at_least == 4
    assert {c.key for c in scoring.entry_bars} == {"entry_income", "entry_pension"}


def _error(text: str) -> RuleFileError:
    with pytest.raises(RuleFileError) as caught:
        parse_rule_set(text, file="rules.toml")
    return caught.value


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line == needle)


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ('fact = "newest_vehicle_year"', 'fact = "yacht_length"', "eligibility.rule.unknown_fact"),
        ('operator = ">="', 'operator = "=>"', "eligibility.rule.unknown_operator"),
        ("threshold = 10", 'threshold = "ten"', "eligibility.rule.threshold"),
        ("threshold = 10", "threshold = true", "eligibility.rule.threshold"),
        ("threshold = 10", 'threshold = "10.01"', "eligibility.rule.inexact"),
        ('unit = "feddan"', 'unit = "EGP"', "eligibility.rule.wrong_unit"),
        ('scope = "head"', 'scope = "everyone"', "eligibility.rule.unknown_scope"),
        ('when_missing = "review"', 'when_missing = "maybe"', "eligibility.rule.unknown_when_missing"),
        ('method = "any"', 'method = "most"', "eligibility.rule.unknown_method"),
        (
            'label_en = "a car made after 2014"',
            'lable_en = "a car made after 2014"',
            "eligibility.rule.unknown_key",
        ),
    ],
)
def test_a_bad_value_is_refused_naming_its_line(old: str, new: str, code: str) -> None:
    text = ROUND_2019.replace(
        'scope = "any_member"\nwhen_missing = "not_held"\nlabel_ar = "سيارة',
        'scope = "head"\nwhen_missing = "not_held"\nlabel_ar = "سيارة',
    )
    assert old in text
    bad = text.replace(old, new, 1)
    error = _error(bad)
    assert error.code == code
    assert error.line is not None
    assert bad.splitlines()[error.line - 1] == new
    assert f"line {error.line}" in describe(error, "en")
    assert f"السطر {error.line}" in describe(error, "ar")


def test_a_missing_field_names_the_criterion_header_line() -> None:
    bad = ROUND_2019.replace('fact = "newest_vehicle_year"\n', "", 1)
    error = _error(bad)
    assert (error.code, error.params["field"]) == ("eligibility.rule.missing", "criterion[1].fact")
    header_lines = [n for n, line in enumerate(bad.splitlines(), 1) if line == "[[criterion]]"]
    assert error.line == header_lines[1]


def test_a_syntax_error_names_line_and_column() -> None:
    bad = ROUND_2019.replace("[[criterion]]", "[[criterion]", 1)
    error = _error(bad)
    assert error.code == "eligibility.rule.syntax"
    assert error.line == _line(bad, "[[criterion]")


def test_an_order_operator_on_a_profession_code_is_refused() -> None:
    phase4 = shipped_rule_texts()["phase-4.toml"]
    bad = phase4.replace(
        'operator = "in"\nthreshold = "high_profession"', 'operator = ">"\nthreshold = "high_profession"'
    )
    error = _error(bad)
    assert error.code == "eligibility.rule.operator_for_code"
    assert error.line is not None
    assert bad.splitlines()[error.line - 1] == 'operator = ">"'
    unknown = _error(phase4.replace('threshold = "high_profession"', 'threshold = "rich_people"'))
    assert unknown.code == "eligibility.rule.unknown_list"


@given(pounds=st.integers(0, 10**9), piasters=st.integers(0, 99))
def test_egp_converts_exactly_to_piasters(pounds: int, piasters: int) -> None:
    written = f"{pounds}.{piasters:02d}"
    assert to_base(written, "EGP", FactUnit.PIASTERS, field="t") == pounds * 100 + piasters


@given(qirats=st.integers(0, 10**6))
def test_feddans_convert_exactly_to_qirats_or_are_refused(qirats: int) -> None:
    whole, part = divmod(qirats, 24)
    if part in (0, 6, 12, 18):  # quarter feddans are written exactly as decimals
        assert to_base(f"{whole}.{part * 100 // 24:02d}", "feddan", FactUnit.QIRATS, field="t") == qirats
    with pytest.raises(InvalidValue):
        to_base("0.001", "feddan", FactUnit.QIRATS, field="t")
