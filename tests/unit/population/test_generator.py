import datetime as dt
import itertools
import re
import time
from collections import Counter

import pytest

from unicard.adapters.population import (
    RELATIONS,
    SIZES,
    CitizenRow,
    Family,
    PopulationSpec,
    generate,
)
from unicard.domain.shared.clock import age_on
from unicard.domain.shared.mobile import MobileNumber
from unicard.domain.shared.national_id import NationalId

TODAY = dt.date(2024, 6, 1)
SPEC = PopulationSpec(citizens=3_000, households=250, seed=11, today=TODAY)
ARABIC_LETTERS = re.compile("^[\u0621-\u064a ]+$")


@pytest.fixture(scope="module")
def families() -> list[Family]:
    return list(generate(SPEC))


@pytest.fixture(scope="module")
def citizens(families: list[Family]) -> list[CitizenRow]:
    return [citizen for family in families for citizen in family.citizens]


@pytest.fixture(scope="module")
def ration_families(families: list[Family]) -> list[Family]:
    return [family for family in families if family.household is not None]


class TestCounts:
    def test_yields_exactly_the_citizens_asked_for(self, citizens: list[CitizenRow]) -> None:
        assert len(citizens) == SPEC.citizens

    def test_yields_exactly_the_ration_households_asked_for(self, ration_families: list[Family]) -> None:
        assert len(ration_families) == SPEC.households
        assert len({family.household.number for family in ration_families if family.household}) == (
            SPEC.households
        )

    @pytest.mark.parametrize(("citizens", "households"), [(1, 1), (40, 40), (40, 0), (41, 10), (7, 3)])
    def test_counts_are_exact_at_the_edges(self, citizens: int, households: int) -> None:
        spec = PopulationSpec(citizens=citizens, households=households, seed=3, today=TODAY)
        families = list(generate(spec))
        assert sum(len(family.citizens) for family in families) == citizens
        assert sum(family.household is not None for family in families) == households

    def test_presets_are_the_pilot_and_a_small_demo(self) -> None:
        pilot = PopulationSpec.preset("pilot", seed=1, today=TODAY)
        assert (pilot.citizens, pilot.households) == SIZES["pilot"] == (500_000, 42_000)
        assert PopulationSpec.SIZES["small"] == (5_000, 420)

    def test_rejects_more_households_than_citizens(self) -> None:
        with pytest.raises(ValueError, match="households"):
            PopulationSpec(citizens=10, households=11, seed=1, today=TODAY)

    def test_rejects_a_today_the_century_digit_cannot_express(self) -> None:
        with pytest.raises(ValueError, match="today"):
            PopulationSpec(citizens=10, households=1, seed=1, today=dt.date(1999, 12, 31))


class TestDeterminism:
    def test_same_seed_gives_the_same_population(self, families: list[Family]) -> None:
        assert list(generate(SPEC)) == families

    def test_another_seed_gives_another_population(self, citizens: list[CitizenRow]) -> None:
        other = PopulationSpec(citizens=SPEC.citizens, households=SPEC.households, seed=12, today=TODAY)
        other_ids = [c.national_id for family in generate(other) for c in family.citizens]
        assert other_ids != [citizen.national_id for citizen in citizens]

    def test_is_lazy(self) -> None:
        pilot = PopulationSpec.preset("pilot", seed=1, today=TODAY)
        started = time.perf_counter()
        first = next(generate(pilot))
        assert isinstance(first, Family)
        assert time.perf_counter() - started < 2.0  # setup only; the 500k are not built


class TestNationalIds:
    def test_parse_and_agree_with_birth_date_and_sex(self, citizens: list[CitizenRow]) -> None:
        for citizen in citizens:
            parsed = NationalId.parse(citizen.national_id, today=TODAY)
            assert parsed.birth_date == citizen.birth_date <= TODAY
            assert parsed.sex.value == citizen.sex

    def test_are_unique(self, citizens: list[CitizenRow]) -> None:
        assert len({citizen.national_id for citizen in citizens}) == len(citizens)

    def test_most_were_born_in_port_said_and_some_abroad(self, citizens: list[CitizenRow]) -> None:
        birthplaces = Counter(citizen.national_id[7:9] for citizen in citizens)
        assert birthplaces["03"] / len(citizens) >= 0.7
        assert birthplaces["88"] > 0
        assert len(birthplaces) > 10


class TestMobiles:
    def test_are_unique_and_parse(self, citizens: list[CitizenRow]) -> None:
        mobiles = [citizen.mobile for citizen in citizens if citizen.mobile is not None]
        assert len(set(mobiles)) == len(mobiles)
        assert all(MobileNumber.parse(mobile).e164 == mobile for mobile in mobiles)

    def test_only_adults_have_one_and_most_adults_do(self, citizens: list[CitizenRow]) -> None:
        adults = [citizen for citizen in citizens if age_on(citizen.birth_date, TODAY) >= 18]
        minors_with_mobile = [
            citizen for citizen in citizens if citizen.mobile and age_on(citizen.birth_date, TODAY) < 18
        ]
        assert minors_with_mobile == []
        share = sum(adult.mobile is not None for adult in adults) / len(adults)
        assert 0.75 <= share <= 0.95

    def test_every_operator_appears(self, citizens: list[CitizenRow]) -> None:
        prefixes = {citizen.mobile[:5] for citizen in citizens if citizen.mobile}
        assert prefixes == {"+2010", "+2011", "+2012", "+2015"}


class TestHouseholds:
    def test_head_is_a_member_listed_first(self, ration_families: list[Family]) -> None:
        for family in ration_families:
            assert family.household is not None
            heads = [member for member in family.members if member.relation == "head"]
            assert [head.national_id for head in heads] == [family.household.head_national_id]
            assert family.citizens[0].national_id == family.household.head_national_id

    def test_members_are_the_family_and_nobody_is_in_two(self, families: list[Family]) -> None:
        seen: set[str] = set()
        for family in families:
            member_ids = [member.national_id for member in family.members]
            assert not seen & set(member_ids)
            seen.update(member_ids)
            if family.household is not None:
                assert member_ids == [citizen.national_id for citizen in family.citizens]
                assert {m.household_number for m in family.members} == {family.household.number}
                assert {m.relation for m in family.members} <= set(RELATIONS)

    def test_sizes_are_one_to_eight_about_four_on_average(self, ration_families: list[Family]) -> None:
        sizes = [len(family.members) for family in ration_families]
        assert min(sizes) >= 1
        assert max(sizes) <= 8
        assert 3.5 <= sum(sizes) / len(sizes) <= 4.5

    def test_most_residents_are_not_on_a_ration_card(self, families: list[Family]) -> None:
        on_cards = sum(len(family.members) for family in families)
        assert on_cards < SPEC.citizens / 2

    def test_everyone_lives_in_port_said(
        self, citizens: list[CitizenRow], ration_families: list[Family]
    ) -> None:
        assert {citizen.residence_governorate for citizen in citizens} == {"03"}
        assert {family.household.governorate for family in ration_families if family.household} == {"03"}


class TestAges:
    def test_heads_are_adults(self, families: list[Family]) -> None:
        assert all(age_on(family.citizens[0].birth_date, TODAY) >= 18 for family in families)

    def test_children_are_18_to_45_years_younger_than_their_parents(
        self, ration_families: list[Family]
    ) -> None:
        checked = 0
        for family in ration_families:
            by_relation = relations(family)
            parents = by_relation["head"] + by_relation["spouse"]
            for child in by_relation["son"] + by_relation["daughter"]:
                for parent in parents:
                    # the parent's age when the child was born
                    assert 18 <= age_on(parent.birth_date, child.birth_date) < 45
                    checked += 1
        assert checked > 100

    def test_the_heads_parents_are_18_to_45_years_older_than_the_head_and_siblings(
        self, ration_families: list[Family]
    ) -> None:
        checked = 0
        for family in ration_families:
            by_relation = relations(family)
            for parent in by_relation["father"] + by_relation["mother"]:
                for child in by_relation["head"] + by_relation["other"]:
                    assert 18 <= age_on(parent.birth_date, child.birth_date) < 45
                    checked += 1
        assert checked > 10

    def test_the_age_pyramid_has_a_broad_base(self, citizens: list[CitizenRow]) -> None:
        ages = [age_on(citizen.birth_date, TODAY) for citizen in citizens]
        under_15 = sum(age < 15 for age in ages) / len(ages)
        over_65 = sum(age >= 65 for age in ages) / len(ages)
        assert 0.22 <= under_15 <= 0.40
        assert 0.02 <= over_65 <= 0.10
        assert max(ages) < 100


class TestNames:
    def test_arabic_names_have_four_parts_in_arabic_letters(self, citizens: list[CitizenRow]) -> None:
        for citizen in citizens:
            assert ARABIC_LETTERS.match(citizen.name_ar), citizen.name_ar
            assert len(citizen.name_ar.split()) >= 4

    def test_about_six_in_ten_have_a_latin_name(self, citizens: list[CitizenRow]) -> None:
        latin = [citizen.name_latin for citizen in citizens if citizen.name_latin is not None]
        assert 0.5 <= len(latin) / len(citizens) <= 0.7
        assert all(name.isascii() and len(name.split()) >= 4 for name in latin)

    def test_children_carry_their_fathers_names(self, ration_families: list[Family]) -> None:
        checked = 0
        for family in ration_families:
            by_relation = relations(family)
            fathers = [p for p in by_relation["head"] + by_relation["spouse"] if p.sex == "M"]
            for child, father in itertools.product(by_relation["son"] + by_relation["daughter"], fathers):
                child_parts, father_parts = child.name_ar.split(), father.name_ar.split()
                assert father_parts[0] in child_parts[1:3]  # a first name may be two words
                assert child_parts[-1] == father_parts[-1]
                checked += 1
        assert checked > 100


def relations(family: Family) -> dict[str, list[CitizenRow]]:
    by_id = {citizen.national_id: citizen for citizen in family.citizens}
    grouped: dict[str, list[CitizenRow]] = {relation: [] for relation in RELATIONS}
    for member in family.members:
        grouped[member.relation].append(by_id[member.national_id])
    return grouped
