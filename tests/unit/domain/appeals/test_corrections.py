"""Corrected facts: a known fact, the right kind of value, never negative, evidence for an officer's."""

from __future__ import annotations

import pytest

from unicard.domain.appeals import FactCorrection, ProposedFact
from unicard.domain.shared.errors import InvalidValue

NID = "28503140300137"


def refused(**fields: object) -> InvalidValue:
    with pytest.raises(InvalidValue) as caught:
        ProposedFact.create(national_id=NID, field="corrected_facts.0", **fields)  # type: ignore[arg-type]
    return caught.value


def test_a_numeric_fact_in_its_base_unit() -> None:
    fact = ProposedFact.create(national_id=NID, fact="electricity_kwh_month", value=420, evidence=" bill  ")
    assert (fact.value, fact.code, fact.evidence) == (420, None, "bill")


def test_a_code_fact_is_cleaned() -> None:
    assert ProposedFact.create(national_id=NID, fact="profession", code=" Teacher ").code == "teacher"


def test_an_unknown_fact_names_the_known_ones() -> None:
    error = refused(fact="yacht_count", value=1)
    assert (error.code, error.params["field"]) == ("appeal.unknown_fact", "corrected_facts.0")
    assert "vehicles" in str(error.params["known"])


def test_a_negative_value() -> None:
    error = refused(fact="vehicles", value=-1)
    assert (error.code, error.params["field"], error.params["value"]) == (
        "appeal.fact_negative",
        "corrected_facts.0.value",
        -1,
    )


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"fact": "vehicles", "code": "two"}, "appeal.fact_number_expected"),
        ({"fact": "vehicles"}, "appeal.fact_number_expected"),
        ({"fact": "profession", "value": 3}, "appeal.fact_code_expected"),
        ({"fact": "profession", "code": "not a code!"}, "appeal.fact_code_expected"),
    ],
)
def test_the_wrong_kind_of_value(fields: dict[str, object], code: str) -> None:
    assert refused(**fields).code == code


def test_an_officers_correction_needs_evidence() -> None:
    with pytest.raises(InvalidValue) as caught:
        FactCorrection.create(national_id=NID, fact="vehicles", value=0, code=None, evidence="  ")
    assert (caught.value.code, caught.value.params["field"]) == ("appeal.evidence_missing", "evidence")


def test_evidence_has_a_length_limit() -> None:
    with pytest.raises(InvalidValue) as caught:
        FactCorrection.create(national_id=NID, fact="vehicles", value=0, code=None, evidence="x" * 501)
    assert caught.value.code == "appeal.text_too_long"
