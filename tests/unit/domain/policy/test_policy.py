import datetime as dt

import pytest

from tests.unit.domain.policy.examples import policy
from unicard.domain.shared.errors import InvalidValue


class TestVersion:
    @pytest.mark.parametrize("version", ["2024-06-01.1", "2025-01-01.2", "pilot-7"])
    def test_accepts_a_plain_id(self, version: str) -> None:
        assert policy(version=version).version == version

    @pytest.mark.parametrize("version", ["", " 2024", "2024 06 01", ".1", "x" * 41])
    def test_refuses_a_malformed_id(self, version: str) -> None:
        with pytest.raises(InvalidValue) as caught:
            policy(version=version)
        assert (caught.value.code, caught.value.params["field"]) == ("policy.version_format", "version")

    def test_refuses_an_instant_for_a_business_day(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            policy(effective_from=dt.datetime(2024, 6, 1, tzinfo=dt.UTC))
        assert caught.value.params["field"] == "effective_from"

    def test_versions_are_hashable_despite_their_tables(self) -> None:
        assert len({policy(), policy()}) == 1


class TestKeyPaths:
    def test_names_every_rule_section_and_table(self) -> None:
        keys = set(policy().key_paths())
        assert {
            "bread",
            "bread.loaf_cost",
            "catalog.sugar",
            "catalog.sugar.price",
            "wallet.purchase.per_day",
            "verification.pin.unlock",
            "verification.accepted.bread_purchase",
            "health.copayments.medicines.cap",
            "ration.max_members_counted",
        } <= keys

    def test_an_amount_is_one_key(self) -> None:
        assert not any(key.endswith(".piasters") for key in policy().key_paths())


class TestProvenance:
    def test_unconfirmed_covers_the_key_and_everything_under_it(self) -> None:
        doubtful = policy(sources={"catalog": "press"}, unconfirmed=frozenset({"catalog"}))
        assert not doubtful.is_confirmed("catalog.sugar.price")
        assert doubtful.is_confirmed("bread.loaf_cost")
        assert doubtful.is_confirmed("catalogue")  # a prefix of the text, not of the path

    def test_the_start_date_may_have_a_source(self) -> None:
        dated = policy(
            sources={"effective_from": "Cabinet decision"}, unconfirmed=frozenset({"effective_from"})
        )
        assert not dated.is_confirmed("effective_from")

    def test_refuses_a_source_for_a_key_that_does_not_exist(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            policy(sources={"bread.loaf_price": "somewhere"}, unconfirmed=frozenset())
        assert caught.value.code == "policy.unknown_key"
        assert caught.value.params["field"] == 'sources."bread.loaf_price"'

    def test_refuses_an_empty_source(self) -> None:
        with pytest.raises(InvalidValue, match=r"policy\.text_missing"):
            policy(sources={"bread.loaf_cost": " "}, unconfirmed=frozenset())

    def test_refuses_an_unconfirmed_key_that_does_not_exist(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            policy(sources={}, unconfirmed=frozenset({"health.copay"}))
        assert (caught.value.code, caught.value.params["key"]) == ("policy.unknown_key", "health.copay")

    def test_refuses_an_unconfirmed_value_without_a_source(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            policy(sources={}, unconfirmed=frozenset({"bread.loaf_cost"}))
        assert caught.value.code == "policy.unconfirmed_without_source"
