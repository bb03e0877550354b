from typing import Any

import pytest

from tests.unit.domain.policy.examples import catalog, item
from unicard.domain.policy import Catalog, Unit
from unicard.domain.shared.errors import InvalidValue, NotFound
from unicard.domain.shared.money import Money


class TestCatalog:
    def test_finds_an_item_by_code(self) -> None:
        assert catalog().item("oil").price == Money.pounds(30)
        assert catalog().item("oil").unit is Unit.BOTTLE

    def test_an_item_not_in_the_catalog_is_not_found(self) -> None:
        with pytest.raises(NotFound) as caught:
            catalog().item("caviar")
        assert caught.value.code == "policy.unknown_item"
        assert caught.value.params["code"] == "caviar"

    def test_keeps_the_order_it_was_given(self) -> None:
        assert [each.code for each in catalog()] == ["sugar", "oil", "rice", "tea"]

    def test_refuses_duplicate_codes(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            Catalog((item("sugar"), item("oil"), item("sugar", price=Money(999))))
        assert caught.value.code == "policy.duplicate_code"
        assert caught.value.params["field"] == "catalog.sugar"

    def test_refuses_an_empty_catalog(self) -> None:
        with pytest.raises(InvalidValue, match=r"policy\.catalog_empty"):
            Catalog(())


class TestMonthlyCap:
    def test_per_member_until_the_household_cap(self) -> None:
        sugar = item()  # 1 kg per member, at most 6
        assert sugar.monthly_cap(2) == 2
        assert sugar.monthly_cap(9) == 6

    def test_household_cap_alone(self) -> None:
        assert item(max_per_member=None, max_per_household=2).monthly_cap(9) == 2

    def test_no_cap(self) -> None:
        assert item(max_per_member=None, max_per_household=None).monthly_cap(9) is None


class TestItemValidation:
    @pytest.mark.parametrize(
        ("changes", "code", "field"),
        [
            ({"price": Money(-100)}, "policy.not_positive", "catalog.sugar.price"),
            ({"price": Money(0)}, "policy.not_positive", "catalog.sugar.price"),
            ({"name_ar": "Sugar"}, "policy.not_arabic", "catalog.sugar.name_ar"),
            ({"name_ar": "  "}, "policy.text_missing", "catalog.sugar.name_ar"),
            ({"name_en": ""}, "policy.text_missing", "catalog.sugar.name_en"),
            ({"max_per_member": 0}, "policy.not_positive", "catalog.sugar.max_per_member"),
            ({"max_per_household": -1}, "policy.not_positive", "catalog.sugar.max_per_household"),
        ],
    )
    def test_refuses_nonsense_naming_the_key(self, changes: dict[str, Any], code: str, field: str) -> None:
        with pytest.raises(InvalidValue) as caught:
            item(**changes)
        assert (caught.value.code, caught.value.params["field"]) == (code, field)

    @pytest.mark.parametrize("code", ["Sugar", "1kg", "sugar bag", "", "x" * 41])
    def test_refuses_a_malformed_code(self, code: str) -> None:
        with pytest.raises(InvalidValue) as caught:
            item(code)
        assert caught.value.code == "policy.code_format"
