"""What the population generator hands out: plain rows, ready for a loader to batch."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: The relations a ration card lists, each relative to the head of household.
RELATIONS = ("head", "spouse", "son", "daughter", "father", "mother", "other")


@dataclass(frozen=True, slots=True)
class CitizenRow:
    national_id: str  # 14 digits; birth date, governorate of birth and sex agree with the fields
    name_ar: str  # "first father grandfather family", as the ID card shows it
    name_latin: str | None  # for about 60% of citizens
    birth_date: dt.date
    sex: str  # "M" or "F"
    residence_governorate: str  # "03": everyone lives in Port Said
    mobile: str | None  # E.164; adults only, unique across the population


@dataclass(frozen=True, slots=True)
class HouseholdRow:
    number: str  # the legacy ration card number, 13 digits, unique
    governorate: str
    head_national_id: str


@dataclass(frozen=True, slots=True)
class MemberRow:
    household_number: str
    national_id: str
    relation: str  # one of RELATIONS


@dataclass(frozen=True, slots=True)
class Family:
    """People who live together, the head first.

    A ration family also has its household (ration card) and one member row per citizen; other
    residents' families have neither.
    """

    citizens: tuple[CitizenRow, ...]
    household: HouseholdRow | None = None
    members: tuple[MemberRow, ...] = ()
