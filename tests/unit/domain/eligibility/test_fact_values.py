"""Feed cells in human units converted exactly to each fact's base unit, or refused with why."""

from __future__ import annotations

import datetime as dt

import pytest

from unicard.domain.eligibility.fact_values import (
    checked_value,
    columns_of,
    fact_kind,
    feed_column,
    parse_agency,
    parse_cell,
)
from unicard.domain.eligibility.facts import Agency
from unicard.domain.shared.errors import InvalidValue

AS_OF = dt.date(2026, 10, 31)


def _parse(column: str, text: str) -> int | str:
    found = feed_column(column)
    assert found is not None
    return parse_cell(found, text, AS_OF)


@pytest.mark.parametrize(
    ("column", "text", "expected"),
    [
        ("mobile_bill_month", "800", 80_000),
        ("mobile_bill_month", "800.5", 80_050),
        ("mobile_bill_month", "800.05", 80_005),
        ("mobile_bill_month", " ١٢٫٥٠ ", 1_250),
        ("mobile_bill_month", "0", 0),
        ("mobile_bill_month", "-0", 0),
        ("vat_paid_year", "200000.00", 20_000_000),
        ("farmland_feddans", "10", 240),
        ("farmland_feddans", "10.5", 252),
        ("farmland_feddans", "0.125", 3),
        ("farmland_feddans", "15.0416", None),  # 15 feddans 1 qirat is 15.041666…: not writable exactly
        ("farmland_qirats", "361", 361),
        ("electricity_kwh_month", "650", 650),
        ("electricity_kwh_month", "650.0", 650),
        ("gas_m3_month", "42", 42),
        ("vehicles", "3", 3),
        ("newest_vehicle_year", "2014", 2014),
        ("newest_vehicle_year", "2027", 2027),  # next year's models are on sale already
        ("profession", " Judge ", "judge"),
        ("profession", "army_officer", "army_officer"),
    ],
)
def test_a_value_converts_exactly(column: str, text: str, expected: int | str | None) -> None:
    if expected is None:
        with pytest.raises(InvalidValue) as refused:
            _parse(column, text)
        assert refused.value.code == "feeds.not_exact"
    else:
        assert _parse(column, text) == expected


@pytest.mark.parametrize(
    ("column", "text", "code"),
    [
        ("mobile_bill_month", "800.005", "feeds.not_exact"),
        ("mobile_bill_month", "-1", "feeds.negative"),
        ("mobile_bill_month", "-0.01", "feeds.negative"),
        ("mobile_bill_month", "1,200", "feeds.not_a_number"),
        ("mobile_bill_month", "EGP 5", "feeds.not_a_number"),
        ("mobile_bill_month", "1e3", "feeds.not_a_number"),
        ("electricity_kwh_month", "650.5", "feeds.not_exact"),
        ("electricity_kwh_month", "-650", "feeds.negative"),
        ("farmland_feddans", "0.1", "feeds.not_exact"),
        ("farmland_qirats", "1.5", "feeds.not_exact"),
        ("vehicles", "two", "feeds.not_a_number"),
        ("newest_vehicle_year", "2028", "feeds.year_out_of_range"),
        ("newest_vehicle_year", "14", "feeds.year_out_of_range"),
        ("profession", "high-profession", "feeds.bad_code"),
        ("profession", "1st", "feeds.bad_code"),
    ],
)
def test_a_bad_value_is_refused_with_why(column: str, text: str, code: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        _parse(column, text)
    assert refused.value.code == code
    assert refused.value.params["field"] == column


def test_columns_are_the_agency_facts_and_aliases() -> None:
    assert columns_of(Agency.AGRICULTURE) == ("farmland_qirats", "farmland_feddans")
    assert columns_of(Agency.CIVIL_REGISTRY) == ("profession", "died_on")
    assert "income_month" in columns_of(Agency.TAX)
    assert feed_column("died_on") is None
    assert feed_column("electricity") is None


def test_agencies_are_read_by_name() -> None:
    assert parse_agency(" Electricity ") is Agency.ELECTRICITY
    with pytest.raises(InvalidValue) as refused:
        parse_agency("water")
    assert refused.value.code == "feeds.unknown_agency"


@pytest.mark.parametrize(
    ("fact", "value", "code", "error"),
    [
        ("vehicles", -1, None, "feeds.negative"),
        ("vehicles", None, "two", "feeds.number_expected"),
        ("profession", 3, None, "feeds.code_expected"),
        ("profession", None, "no way", "feeds.bad_code"),
    ],
)
def test_a_corrected_value_is_checked(fact: str, value: int | None, code: str | None, error: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        checked_value(fact_kind(fact), value, code)
    assert refused.value.code == error


def test_a_corrected_value_in_base_units_passes() -> None:
    assert checked_value(fact_kind("farmland_qirats"), 361, None) == (361, None)
    assert checked_value(fact_kind("profession"), None, "Judge") == (None, "judge")
