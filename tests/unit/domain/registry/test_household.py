"""The household's own rules: one head who is a member, open/closed, heads leaving."""

from __future__ import annotations

import pytest

from unicard.domain.registry.household import Household, HouseholdStatus, Relation
from unicard.domain.registry.names import search_key
from unicard.domain.shared.errors import Conflict, InvalidValue, NotFound

HEAD, WIFE, SON = "28503140300157", "29001010300123", "31501010300151"


def family() -> Household:
    return (
        Household.create(number="0312345678901", governorate="03", head=HEAD)
        .with_member(WIFE, Relation.SPOUSE)
        .with_member(SON, Relation.SON)
    )


class TestHousehold:
    def test_the_head_is_a_member(self) -> None:
        household = family()
        assert household.head == HEAD
        assert household.members[HEAD] is Relation.HEAD

    @pytest.mark.parametrize("number", ["12", "abc123456", ""])
    def test_ration_card_number_must_be_digits(self, number: str) -> None:
        with pytest.raises(InvalidValue):
            Household.create(number=number, governorate="03", head=HEAD)

    def test_governorate_must_be_known(self) -> None:
        with pytest.raises(InvalidValue):
            Household.create(number="0312345678901", governorate="77", head=HEAD)

    def test_a_member_joins_once(self) -> None:
        with pytest.raises(Conflict):
            family().with_member(SON, Relation.SON)

    def test_a_second_head_comes_only_through_set_head(self) -> None:
        with pytest.raises(Conflict):
            family().with_member("29501010300111", Relation.HEAD)

    def test_head_leaving_leaves_the_household_needing_a_head(self) -> None:
        household = family().without_member(HEAD)
        assert household.status is HouseholdStatus.NEEDS_HEAD
        assert household.head is None

    def test_naming_a_new_head_restores_the_household(self) -> None:
        household = family().without_member(HEAD).with_head(WIFE)
        assert household.status is HouseholdStatus.ACTIVE
        assert household.head == WIFE

    def test_former_head_takes_the_given_relation(self) -> None:
        household = family().with_head(WIFE, former_head_relation=Relation.SPOUSE)
        assert household.members[HEAD] is Relation.SPOUSE
        assert list(household.members.values()).count(Relation.HEAD) == 1

    def test_last_member_leaving_closes_it(self) -> None:
        household = Household.create(number="0312345678901", governorate="03", head=HEAD).without_member(HEAD)
        assert household.status is HouseholdStatus.CLOSED
        with pytest.raises(Conflict):
            household.with_member(WIFE, Relation.SPOUSE)

    def test_removing_a_stranger_is_not_found(self) -> None:
        with pytest.raises(NotFound):
            family().without_member("29901010300199")

    def test_every_change_is_a_new_version(self) -> None:
        assert family().version == 3


class TestSearchKey:
    @pytest.mark.parametrize(
        ("spelling", "other"),
        [("أحمد", "احمد"), ("فاطمة", "فاطمه"), ("مُحَمَّد", "محمد"), ("مصطفى", "مصطفي"), ("Ahmed", "ahmed")],
    )
    def test_common_spellings_match(self, spelling: str, other: str) -> None:
        assert search_key(spelling) == search_key(other)

    def test_joins_arabic_and_latin(self) -> None:
        assert search_key("محمد علي", "Mohamed Ali") == "محمد علي mohamed ali"
