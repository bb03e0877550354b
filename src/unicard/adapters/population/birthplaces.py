"""Where the residents of Port Said were born: the governorate digits 8–9 of a national ID.

Most were born in Port Said itself. Migrants come mostly from the neighbouring Delta and Canal
governorates and from Cairo, a few from Upper Egypt, about one in a hundred from abroad. Adults
are migrants more often than children, who are mostly born where their parents live. The city
was evacuated after June 1967 (التهجير) and its people returned from 1974, so those born in
between were mostly born elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from unicard.adapters.population.identifiers import CODES, MAX_AGE_DAYS
from unicard.domain.shared.governorates import BORN_ABROAD

PORT_SAID = "03"

#: Relative weights of the governorates of birth of residents not born in Port Said.
MIGRANT_ORIGINS: dict[str, int] = {
    "12": 220,  # Dakahlia
    "13": 160,  # Sharqia
    "11": 140,  # Damietta
    "19": 100,  # Ismailia
    "01": 90,  # Cairo
    "16": 45,  # Gharbia
    "14": 30,  # Qalyubia
    "21": 30,  # Giza
    "02": 30,  # Alexandria
    "04": 30,  # Suez
    "26": 28,  # Sohag
    "15": 20,  # Kafr El-Sheikh
    "17": 20,  # Monufia
    "18": 20,  # Beheira
    "27": 20,  # Qena
    "25": 18,  # Asyut
    "24": 18,  # Minya
    "34": 16,  # North Sinai
    "22": 10,  # Beni Suef
    "23": 8,  # Faiyum
    "28": 8,  # Aswan
    "29": 6,  # Luxor
    "31": 4,  # Red Sea
    "33": 2,  # Matrouh
    "32": 2,  # New Valley
    "35": 2,  # South Sinai
}
# Shares born in Port Said and abroad, by group: children, adults, those born while the city
# stood evacuated; the rest were born in the MIGRANT_ORIGINS.
_GROUPS = {"child": (0.93, 0.004), "adult": (0.78, 0.013), "displaced": (0.25, 0.01)}
_DISPLACED = (dt.date(1967, 6, 5), dt.date(1974, 12, 31))
_TABLE_SIZE = 10_000  # draws are lookups in a table of this many birthplaces, by share


class Birthplaces:
    """Draws a governorate of birth, as an index into :data:`CODES`, for an age in days."""

    def __init__(self, today: dt.date, adult_age_days: int) -> None:
        born_first, born_last = (today.toordinal() - day.toordinal() for day in _DISPLACED)
        self._group_of_age = bytes(
            2 if born_last <= age <= born_first else 1 if age >= adult_age_days else 0
            for age in range(MAX_AGE_DAYS + 2)
        )
        self._tables = tuple(_table(*shares) for shares in _GROUPS.values())

    def draw(self, rnd: Callable[[], float], age_days: int) -> int:
        table = self._tables[self._group_of_age[age_days]]
        return table[int(rnd() * _TABLE_SIZE)]


def _table(port_said: float, abroad: float) -> tuple[int, ...]:
    migrants = 1 - port_said - abroad
    total = sum(MIGRANT_ORIGINS.values())
    counts = {code: round(_TABLE_SIZE * migrants * w / total) for code, w in MIGRANT_ORIGINS.items()}
    counts[BORN_ABROAD] = round(_TABLE_SIZE * abroad)
    counts[PORT_SAID] = _TABLE_SIZE - sum(counts.values())
    return tuple(CODES.index(code) for code, count in counts.items() for _ in range(count))
