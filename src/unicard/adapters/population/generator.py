"""A seeded, streaming synthetic population of Port Said: residents, their ration households.

``generate(spec)`` yields one :class:`Family` at a time and keeps no rows: memory stays the
same whatever the size (fixed tables of about 15 MB, mostly national ID serial counters and the
birth dates of every possible age). The same spec
gives the same families, byte for byte, on any CPython version: only ``Random.random()`` is
drawn, and always in the same order.

Ration families (exactly ``spec.households``) are interleaved with families of residents who
are not on a ration card, in proportion to how many of each remain, so any prefix of the
stream looks like the whole.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from unicard.adapters.population.birthplaces import PORT_SAID, Birthplaces
from unicard.adapters.population.families import (
    RATION_SIZE_WEIGHTS,
    RESIDENT_SIZE_WEIGHTS,
    FamilyComposer,
    Member,
)
from unicard.adapters.population.identifiers import Mobiles, NationalIds, RationCardNumbers
from unicard.adapters.population.names import YEAR, NameBook
from unicard.adapters.population.rows import CitizenRow, Family, HouseholdRow, MemberRow

#: Preset sizes (citizens, ration households): the Port Said pilot and a quick demo.
SIZES: dict[str, tuple[int, int]] = {"pilot": (500_000, 42_000), "small": (5_000, 420)}

_P_LATIN_NAME = 0.6
# Share of adults with a mobile registered in their name: heads of family, the elderly, others.
_P_MOBILE_HEAD, _P_MOBILE = 0.93, (0.82, 0.6)  # _P_MOBILE[is elderly]
_ELDERLY_DAYS = int(75 * YEAR)


@dataclass(frozen=True, slots=True)
class PopulationSpec:
    """How many residents and ration households to generate, from which seed, as of which day."""

    SIZES: ClassVar[dict[str, tuple[int, int]]] = SIZES

    citizens: int
    households: int
    seed: int
    today: dt.date

    def __post_init__(self) -> None:
        if not 0 <= self.households <= self.citizens:
            raise ValueError("need 0 <= households <= citizens (a household has a head)")
        if not dt.date(2000, 1, 1) <= self.today <= dt.date(2099, 12, 31):
            raise ValueError("today must be in 2000-2099, the years the ID century digit covers")

    @classmethod
    def preset(cls, name: str, *, seed: int, today: dt.date) -> PopulationSpec:
        citizens, households = SIZES[name]
        return cls(citizens=citizens, households=households, seed=seed, today=today)


def generate(spec: PopulationSpec) -> Iterator[Family]:
    """Exactly ``spec.citizens`` citizens in families, ``spec.households`` of them on ration cards.

    Lazy: nothing is computed before the first ``next()``.
    """
    yield from _Generator(spec).families()


class _Generator:
    def __init__(self, spec: PopulationSpec) -> None:
        self.spec = spec
        self.rnd = random.Random(spec.seed).random
        self.adult_days = _adult_age_days(spec.today)
        names = NameBook(spec.today)
        self.composer = FamilyComposer(names)
        # Bound once: these run for every citizen.
        self.arabic_name, self.latin_name = names.arabic, names.latin
        self.birthplace = Birthplaces(spec.today, self.adult_days).draw
        self.national_id = NationalIds(spec.today).issue
        self.mobile = Mobiles(self.rnd).issue
        self.card_numbers = RationCardNumbers(self.rnd)

    def families(self) -> Iterator[Family]:
        ration_sizes = _expand(RATION_SIZE_WEIGHTS)
        resident_sizes = _expand(RESIDENT_SIZE_WEIGHTS)
        ration_mean = sum(ration_sizes) / len(ration_sizes)
        resident_mean = sum(resident_sizes) / len(resident_sizes)
        rnd, people, households = self.rnd, self.spec.citizens, self.spec.households
        while people:
            others = max(0.0, people - households * ration_mean) / resident_mean
            if households and (people == households or rnd() * (households + others) < households):
                size = min(ration_sizes[int(rnd() * len(ration_sizes))], people - households + 1)
                number = self.card_numbers.number(self.spec.households - households)
                households -= 1
            else:
                size = min(resident_sizes[int(rnd() * len(resident_sizes))], people - households)
                number = None
            people -= size
            yield self.family(self.composer.compose(rnd, size), number)

    def family(self, members: list[Member], card_number: str | None) -> Family:
        citizens = tuple(map(self.citizen, members))
        if card_number is None:
            return Family(citizens)
        household = HouseholdRow(card_number, PORT_SAID, citizens[0].national_id)
        rows = tuple(
            MemberRow(card_number, citizen.national_id, member[0])
            for citizen, member in zip(citizens, members, strict=True)
        )
        return Family(citizens, household, rows)

    def citizen(self, member: Member) -> CitizenRow:
        relation, male, age, name = member
        rnd = self.rnd
        nid, born = self.national_id(rnd, age, self.birthplace(rnd, age), male)
        latin = self.latin_name(male, name) if rnd() < _P_LATIN_NAME else None
        if age < self.adult_days:
            mobile = None
        else:
            chance = _P_MOBILE_HEAD if relation == "head" else _P_MOBILE[age >= _ELDERLY_DAYS]
            mobile = self.mobile(rnd) if rnd() < chance else None
        sex = "M" if male else "F"
        return CitizenRow(nid, self.arabic_name(male, name), latin, born, sex, PORT_SAID, mobile)


def _adult_age_days(today: dt.date) -> int:
    """The fewest days old someone 18 years old on ``today`` can be (born on 29 February too)."""
    try:
        eighteenth_birthday_cutoff = today.replace(year=today.year - 18)
    except ValueError:  # 29 February, 18 years back, is not a date: born by the 28th
        eighteenth_birthday_cutoff = today.replace(year=today.year - 18, day=28)
    return today.toordinal() - eighteenth_birthday_cutoff.toordinal()


def _expand(weights: tuple[int, ...]) -> tuple[int, ...]:
    """Sizes 1, 2, … repeated by weight, for one-lookup weighted draws."""
    return tuple(size for size, weight in enumerate(weights, start=1) for _ in range(weight))
