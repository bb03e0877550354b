"""A merchant's record: a valid id for its kind and place, an Arabic name, and its status."""

from __future__ import annotations

import pytest

from unicard.domain.merchants import Merchant, MerchantKind, MerchantStatus, parse_kind, parse_status
from unicard.domain.shared.errors import Conflict, InvalidValue


def bakery(**overrides: object) -> Merchant:
    fields: dict[str, object] = {
        "id": "BKR-03-000001",
        "kind": MerchantKind.BAKERY,
        "name_ar": "مخبز  الأمل ",
        "governorate": "3",
        "name_en": " Al Amal  Bakery ",
    }
    return Merchant.create(**{**fields, **overrides})  # type: ignore[arg-type]


class TestCreate:
    def test_cleans_names_and_governorate(self) -> None:
        merchant = bakery()
        assert (merchant.name_ar, merchant.name_en, merchant.governorate) == (
            "مخبز الأمل",
            "Al Amal Bakery",
            "03",
        )
        assert merchant.status is MerchantStatus.ACTIVE

    def test_english_name_is_optional(self) -> None:
        assert bakery(name_en="  ").name_en is None

    def test_the_id_is_kept_in_canonical_form(self) -> None:
        assert bakery(id="bkr-03-000001").id == "BKR-03-000001"

    @pytest.mark.parametrize(
        ("overrides", "code", "field"),
        [
            ({"id": "GRC-03-000001"}, "merchant.id_kind", "id"),
            ({"id": "BKR-01-000001"}, "merchant.id_governorate_differs", "id"),
            ({"governorate": "88"}, "merchant.governorate", "governorate"),
            ({"name_ar": "  "}, "merchant.name_ar_missing", "name_ar"),
            ({"name_ar": "Al Amal"}, "merchant.name_ar_not_arabic", "name_ar"),
            ({"name_ar": "مخبز" * 40}, "merchant.name_too_long", "name_ar"),
            ({"name_en": "مخبز"}, "merchant.name_en_arabic", "name_en"),
        ],
    )
    def test_refuses(self, overrides: dict[str, object], code: str, field: str) -> None:
        with pytest.raises(InvalidValue) as refused:
            bakery(**overrides)
        assert (refused.value.code, refused.value.params["field"]) == (code, field)

    def test_a_name_may_carry_digits(self) -> None:
        assert bakery(name_ar="مخبز 23 يوليو").name_ar == "مخبز 23 يوليو"


class TestStatus:
    def test_suspends_and_reactivates(self) -> None:
        suspended = bakery().with_status(MerchantStatus.SUSPENDED)
        assert not suspended.is_active
        assert suspended.with_status(MerchantStatus.ACTIVE).is_active

    def test_closing_is_for_good(self) -> None:
        closed = bakery().with_status(MerchantStatus.CLOSED)
        with pytest.raises(Conflict, match=r"merchant\.closed"):
            closed.with_status(MerchantStatus.ACTIVE)
        with pytest.raises(Conflict, match=r"merchant\.closed"):
            closed.renamed(name_ar="مخبز النور")

    def test_the_same_status_again_changes_nothing(self) -> None:
        closed = bakery().with_status(MerchantStatus.CLOSED)
        assert closed.with_status(MerchantStatus.CLOSED) is closed


class TestRename:
    def test_changes_only_what_is_given(self) -> None:
        renamed = bakery().renamed(name_ar="مخبز النور")
        assert (renamed.name_ar, renamed.name_en) == ("مخبز النور", "Al Amal Bakery")

    def test_clears_the_english_name(self) -> None:
        assert bakery().renamed(clear_name_en=True).name_en is None

    def test_validates_the_new_names(self) -> None:
        with pytest.raises(InvalidValue, match=r"merchant\.name_ar_not_arabic"):
            bakery().renamed(name_ar="Nour")


def test_snapshot_is_plain_data() -> None:
    assert bakery().snapshot() == {
        "id": "BKR-03-000001",
        "kind": "bakery",
        "name_ar": "مخبز الأمل",
        "name_en": "Al Amal Bakery",
        "governorate": "03",
        "status": "active",
    }


class TestParse:
    def test_kind_and_status_are_read_case_blind(self) -> None:
        assert parse_kind(" Grocer ") is MerchantKind.GROCER
        assert parse_status("SUSPENDED") is MerchantStatus.SUSPENDED

    def test_unknown_kind_lists_the_kinds(self) -> None:
        with pytest.raises(InvalidValue) as refused:
            parse_kind("pharmacy")
        assert "health_provider" in str(refused.value.params["allowed"])

    def test_unknown_status(self) -> None:
        with pytest.raises(InvalidValue, match=r"merchant\.status"):
            parse_status("gone")
