import json
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings

from tests.unit.adapters.policy_files.strategies import policies
from tests.unit.domain.policy.examples import ACCEPTED, COPAYMENTS, policy
from unicard.adapters.policy_files import policy_from_json, policy_from_plain, policy_to_json, policy_to_plain
from unicard.domain.policy import SECTIONS, BenefitPolicy, under
from unicard.domain.shared.errors import InvalidValue


def plain() -> dict[str, Any]:
    return policy_to_plain(policy())


def refusal(data: object) -> InvalidValue:
    with pytest.raises(InvalidValue) as caught:
        policy_from_plain(data)
    return caught.value


class TestRoundTrip:
    @settings(max_examples=60)
    @given(policies())
    def test_json_round_trip_is_exact(self, original: BenefitPolicy) -> None:
        text = policy_to_json(original)
        assert policy_from_json(text) == original
        assert policy_to_json(policy_from_json(text)) == text

    @settings(max_examples=30)
    @given(policies())
    def test_plain_round_trip_is_exact(self, original: BenefitPolicy) -> None:
        data = policy_to_plain(original)
        assert policy_to_plain(policy_from_plain(data)) == data
        assert json.loads(json.dumps(data)) == data  # plain means JSON types only

    def test_money_is_piasters_and_the_date_is_iso(self) -> None:
        data = plain()
        assert data["bread"]["citizen_price_per_loaf"] == 20
        assert data["ration"]["value_per_member"] == 5000
        assert data["effective_from"] == "2024-06-01"

    def test_an_absent_cap_is_left_out_not_null(self) -> None:
        data = plain()
        assert "max_members_counted" not in data["ration"]
        assert "cap" not in data["health"]["copayments"]["imaging"]

    def test_arabic_stays_readable_in_json(self) -> None:
        assert "سكر" in policy_to_json(policy())


class TestKeyPathsMatchThePlainForm:
    def test_sources_name_keys_as_the_file_writes_them(self) -> None:
        # Sources are checked against the domain's key paths; these must be the file's keys.
        written = set(_flatten({key: value for key, value in plain().items() if key in SECTIONS}))
        known = set(policy().key_paths())
        assert written <= known
        optional = {"max_members_counted", "max_per_member", "max_per_household", "cap"}
        assert {key.rsplit(".", 1)[-1] for key in known - written} <= optional


def _flatten(data: dict[str, Any], prefix: str = "") -> list[str]:
    paths = []
    for key, value in data.items():
        path = under(prefix, key)
        paths.append(path)
        if isinstance(value, dict):
            paths.extend(_flatten(value, path))
    return paths


class TestRefusals:
    @pytest.mark.parametrize(
        ("path", "value", "code"),
        [
            (("bread", "citizen_price_per_loaf"), 0.2, "policy.not_integer"),
            (("bread", "citizen_price_per_loaf"), "20", "policy.not_integer"),
            (("bread", "loaves_per_member_per_day"), True, "policy.not_integer"),
            (("catalog", "sugar", "unit"), "sack", "policy.unknown_choice"),
            (("catalog", "sugar", "name_en"), 7, "policy.not_text"),
            (("ration", "period"), "fortnight", "policy.unknown_choice"),
            (("verification", "accepted", "purchase"), "pin", "policy.not_list"),
            (("health", "exempt"), ["minor", "minor"], "policy.duplicate_choice"),
            (("wallet", "purchase"), 2000000, "policy.not_table"),
            (("effective_from",), "2024-06-01T00:00", "policy.not_date"),
            (("effective_from",), "2024-02-30", "policy.not_date"),
            (("effective_from",), "20240601", "policy.not_date"),
        ],
    )
    def test_a_wrong_value_names_its_key(self, path: tuple[str, ...], value: object, code: str) -> None:
        data = plain()
        _set(data, path, value)
        error = refusal(data)
        assert error.code == code
        assert str(error.params["field"]).startswith(".".join(path))

    def test_an_unknown_unit_lists_the_known_ones(self) -> None:
        data = plain()
        data["catalog"]["sugar"]["unit"] = "sack"
        error = refusal(data)
        assert error.params["field"] == "catalog.sugar.unit"
        assert "kg" in str(error.params["allowed"])

    def test_a_misspelt_key_is_refused_not_ignored(self) -> None:
        data = plain()
        data["bread"]["loaves_per_member_per_dya"] = 6
        error = refusal(data)
        assert (error.code, error.params["field"]) == (
            "policy.unknown_field",
            "bread.loaves_per_member_per_dya",
        )

    def test_a_near_miss_is_named_as_a_misspelling(self) -> None:
        data = plain()
        data["wallet"]["purchase"]["per_dya"] = data["wallet"]["purchase"].pop("per_day")
        error = refusal(data)
        assert (error.code, error.params["field"]) == ("policy.misspelt_field", "wallet.purchase.per_dya")

    def test_a_sibling_key_is_not_taken_for_a_misspelling(self) -> None:
        data = plain()
        del data["verification"]["pin"]["min_length"]
        error = refusal(data)
        assert (error.code, error.params["field"]) == ("policy.missing_field", "verification.pin.min_length")

    def test_a_missing_key_is_named(self) -> None:
        data = plain()
        del data["wallet"]["cash_withdrawal"]["per_day"]
        error = refusal(data)
        assert (error.code, error.params["field"]) == (
            "policy.missing_field",
            "wallet.cash_withdrawal.per_day",
        )

    def test_an_unknown_transaction_type_is_refused(self) -> None:
        data = plain()
        data["verification"]["accepted"]["lottery"] = ["pin"]
        assert refusal(data).params["field"] == "verification.accepted.lottery"

    def test_an_unknown_visit_type_is_refused(self) -> None:
        data = plain()
        data["health"]["copayments"]["spa"] = {"flat": 0, "rate_basis_points": 0}
        assert refusal(data).code == "policy.unknown_choice"

    def test_domain_rules_apply_with_their_key(self) -> None:
        data = plain()
        data["wallet"]["purchase"]["per_day"] = 100
        error = refusal(data)
        assert (error.code, error.params["field"]) == (
            "policy.day_below_transaction",
            "wallet.purchase.per_day",
        )

    def test_a_source_key_with_dots_is_quoted_in_the_path(self) -> None:
        data = plain()
        data["sources"]["bread.loaf_cost"] = 125
        assert refusal(data).params["field"] == 'sources."bread.loaf_cost"'

    def test_not_an_object(self) -> None:
        assert refusal(["policy"]).code == "policy.not_table"


class TestJson:
    def test_refuses_a_repeated_catalog_code(self) -> None:
        text = policy_to_json(policy())
        doubled = text.replace('"catalog": {', '"catalog": {\n    "sugar": {},', 1)
        with pytest.raises(InvalidValue) as caught:
            policy_from_json(doubled)
        assert (caught.value.code, caught.value.params["key"]) == ("policy.repeated_key", "sugar")

    def test_malformed_json_names_the_line(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            policy_from_json('{\n  "version": "x",\n  oops\n}')
        assert caught.value.code == "policy.json_syntax"
        assert caught.value.params["line"] == 3

    def test_equal_versions_serialise_to_the_same_text(self) -> None:
        original = policy()
        shuffled = replace(
            original,
            verification=replace(original.verification, accepted=dict(reversed(ACCEPTED.items()))),
            health=replace(original.health, copayments=dict(reversed(COPAYMENTS.items()))),
            sources=dict(reversed(list(original.sources.items()))),
        )
        assert shuffled == original
        assert policy_to_json(shuffled) == policy_to_json(original)


def _set(data: dict[str, Any], path: tuple[str, ...], value: object) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value
