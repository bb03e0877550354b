"""Egyptian names for the synthetic population, drawn from the lists shipped in ``names/``.

Each list line is ``arabic | Latin | community | weights``. First names carry three weights, one
per birth era, so that a grandmother is a Fatma or a Samira and her granddaughter a Malak or a
Jana; the community column keeps a Christian family's names Christian and a Muslim family's
Muslim. Draws are table lookups: every weighted list is expanded once into a tuple of indices,
so a draw costs one ``random()`` call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.resources import files

YEAR = 365.25
_GENERATION = int(30 * YEAR)
_OLDEST = int(200 * YEAR)  # ages looked up go up to 100 years plus two generations
_ERA_STARTS = (dt.date(1975, 1, 1), dt.date(2000, 1, 1))  # "old" before the first, "young" from the last
_COMMUNITIES = ("M", "C")  # a family is Muslim or Christian; "S" names belong to both

Random = Callable[[], float]
Name = tuple[int, int, int, int]  # first, father, grandfather, family: indices into the lists


@dataclass(frozen=True, slots=True)
class NameList:
    arabic: tuple[str, ...]
    latin: tuple[str, ...]
    community: tuple[str, ...]
    weights: tuple[tuple[int, ...], ...]  # weights[i] has one entry per era (one for family names)


def load(stem: str) -> NameList:
    """Read ``names/<stem>.txt`` from the package."""
    path = files("unicard.adapters.population").joinpath("names", f"{stem}.txt")
    text = path.read_text(encoding="utf-8")
    rows = [[part.strip() for part in line.split("|")] for line in _content(text)]
    return NameList(
        arabic=tuple(row[0] for row in rows),
        latin=tuple(row[1] for row in rows),
        community=tuple(row[2] for row in rows),
        weights=tuple(tuple(int(w) for w in row[3].split()) for row in rows),
    )


def _content(text: str) -> Iterator[str]:
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line


def _expand(names: NameList, community: str, era: int) -> tuple[int, ...]:
    """Index ``i`` repeated ``weight`` times, for names of ``community`` or shared ones."""
    return tuple(
        index
        for index, (owner, weights) in enumerate(zip(names.community, names.weights, strict=True))
        if owner in (community, "S")
        for _ in range(weights[era])
    )


class NameBook:
    """Weighted draws of first and family names, by sex, community and birth era.

    Ages are in days before ``today``, the unit the generator works in.
    """

    def __init__(self, today: dt.date) -> None:
        self.male, self.female, self.family = load("male"), load("female"), load("family")
        # The birth era of every age in days, looked up rather than computed: this is the hot path.
        old, middle = (today.toordinal() - start.toordinal() for start in _ERA_STARTS)
        self._era = bytes(0 if age > old else 1 if age > middle else 2 for age in range(_OLDEST))
        # Indexed [2 * male + christian][era]: a list, not a dict, because this is the hot path.
        self._first = [
            tuple(_expand(self.male if male else self.female, community, era) for era in range(3))
            for male in (False, True)
            for community in _COMMUNITIES
        ]
        self._families = tuple(_expand(self.family, community, 0) for community in _COMMUNITIES)

    def first(self, rnd: Random, male: bool, christian: bool, age_days: int) -> int:
        """A first name for someone aged ``age_days``, by the fashion of their birth era."""
        table = self._first[2 * male + christian][self._era[age_days]]
        return table[int(rnd() * len(table))]

    def full(self, rnd: Random, male: bool, christian: bool, age_days: int) -> Name:
        """A whole name for someone whose parents are not in the family.

        The father is named as a man born about 30 years earlier, the grandfather 60.
        """
        era, men = self._era, self._first[2 + christian]
        firsts = self._first[2 * male + christian][era[age_days]]
        fathers, grandfathers = men[era[age_days + _GENERATION]], men[era[age_days + 2 * _GENERATION]]
        families = self._families[christian]
        return (
            firsts[int(rnd() * len(firsts))],
            fathers[int(rnd() * len(fathers))],
            grandfathers[int(rnd() * len(grandfathers))],
            families[int(rnd() * len(families))],
        )

    def arabic(self, male: bool, name: Name) -> str:
        first, father, grandfather, family = name
        firsts, men = (self.male if male else self.female).arabic, self.male.arabic
        return f"{firsts[first]} {men[father]} {men[grandfather]} {self.family.arabic[family]}"

    def latin(self, male: bool, name: Name) -> str:
        first, father, grandfather, family = name
        firsts, men = (self.male if male else self.female).latin, self.male.latin
        return f"{firsts[first]} {men[father]} {men[grandfather]} {self.family.latin[family]}"
