"""Who lives together: the make-up, ages and names of one family.

A family is a head, perhaps a spouse, their children, and sometimes a parent or a sibling of
the head. Ages are counted in days before ``today``. A mother is 19½–44 years older than each of
her children and a father 19½–44½, so every child is 18–45 years younger than each parent; a
parent of the head is 20–40 years older than the head and 19–44 older than the head's sibling.
Children carry their father's first name and his father's as the second and third parts of
their name, and his family name, as an Egyptian ID card shows them.
"""

from __future__ import annotations

from collections.abc import Callable

from unicard.adapters.population.identifiers import MAX_AGE_DAYS
from unicard.adapters.population.names import YEAR, Name, NameBook

Random = Callable[[], float]
Member = tuple[str, bool, int, Name]  # relation, male, age in days, name

#: Family sizes, as relative weights of 1–8 people: ration families average about 4 people,
#: other resident families are smaller (more single workers and students).
RATION_SIZE_WEIGHTS = (7, 13, 18, 24, 19, 11, 6, 2)
RESIDENT_SIZE_WEIGHTS = (20, 15, 17, 20, 15, 8, 4, 1)

_P_CHRISTIAN = 0.07
_P_GRANDPARENT, _P_SIBLING, _P_SPOUSE, _P_MALE_HEAD_OF_COUPLE = 0.10, 0.04, 0.85, 0.88
# Ages in years, as (share, from, to) bands: tuned so that the whole population comes out close
# to Egypt's age pyramid (CAPMAS 2023: about a third under 15, one in twenty over 60).
Bands = tuple[tuple[float, float, float], ...]
_YOUNGEST_CHILD: Bands = ((0.34, 0, 5), (0.2, 5, 10), (0.18, 10, 16), (0.16, 16, 22), (0.12, 22, 30))
_YOUNG_SINGLE: Bands = ((0.4, 19, 25), (0.4, 25, 32), (0.2, 32, 40))
_OLDER_SINGLE: Bands = ((0.25, 45, 55), (0.3, 55, 65), (0.31, 65, 75), (0.12, 75, 85), (0.02, 85, 95))
_YOUNG_COUPLE: Bands = ((0.6, 23, 30), (0.4, 30, 38))
_OLDER_COUPLE: Bands = ((0.35, 50, 60), (0.4, 60, 70), (0.2, 70, 80), (0.05, 80, 90))


def _days(rnd: Random, low: float, high: float) -> int:
    """A uniformly drawn span between ``low`` and ``high`` years, in days."""
    return int((low + (high - low) * rnd()) * YEAR)


def _age(rnd: Random, bands: Bands) -> int:
    """An age in days, from a band picked by its share, uniformly within the band."""
    share = rnd()
    for weight, low, high in bands:
        if share < weight:
            return _days(rnd, low, high)
        share -= weight
    _, low, high = bands[-1]  # the shares add up to 1, give or take a rounding
    return _days(rnd, low, high)


class FamilyComposer:
    def __init__(self, names: NameBook) -> None:
        self._names = names

    def compose(self, rnd: Random, size: int) -> list[Member]:
        """``size`` people, the head first."""
        family = _Family(self._names, rnd)
        grandparent = size >= 3 and rnd() < _P_GRANDPARENT
        sibling = size >= 4 and rnd() < _P_SIBLING
        core = size - grandparent - sibling
        if core == 1:
            family.single()
        elif rnd() < _P_SPOUSE:
            family.couple(children=core - 2)
        else:
            family.single_parent(children=core - 1)
        if grandparent:
            family.parent_of_head()
        if sibling:
            family.sibling_of_head()
        return family.members


class _Family:
    def __init__(self, names: NameBook, rnd: Random) -> None:
        self.names, self.rnd = names, rnd
        self.christian = rnd() < _P_CHRISTIAN
        self.members: list[Member] = []

    def single(self) -> None:
        rnd = self.rnd
        if rnd() < 0.5:
            self.person("head", male=rnd() < 0.6, age=_age(rnd, _YOUNG_SINGLE))
        else:  # mostly widows
            self.person("head", male=rnd() < 0.35, age=_age(rnd, _OLDER_SINGLE))

    def couple(self, children: int) -> None:
        rnd = self.rnd
        if children:
            mother, father, kids = self.parents_of(children)
        else:
            father = _age(rnd, _YOUNG_COUPLE if rnd() < 0.5 else _OLDER_COUPLE)
            mother, kids = max(father - _days(rnd, 0, 9), int(19 * YEAR)), []
        male_head = rnd() < _P_MALE_HEAD_OF_COUPLE
        husband = self.person("head" if male_head else "spouse", male=True, age=father)
        self.person("spouse" if male_head else "head", male=False, age=mother)
        if not male_head:  # the head is listed first
            self.members.reverse()
        self.children(husband, kids)

    def single_parent(self, children: int) -> None:
        mother, father, kids = self.parents_of(children)
        if self.rnd() < 0.8:  # mostly widowed or divorced mothers
            self.person("head", male=False, age=mother)
            absent_father = self.names.full(self.rnd, True, self.christian, father)
            self.children(absent_father, kids)
        else:
            self.children(self.person("head", male=True, age=father), kids)

    def parents_of(self, children: int) -> tuple[int, int, list[int]]:
        """The mother's and father's ages and the children's, eldest first."""
        rnd = self.rnd
        ages = [_age(rnd, _YOUNGEST_CHILD)]
        for _ in range(children - 1):
            ages.append(ages[-1] + _days(rnd, 1.2, 4))
        ages.reverse()
        spread = ages[0] - ages[-1]
        first_birth = min(_days(rnd, 19.5, 31), int(44 * YEAR) - spread)
        gap = min(_days(rnd, 0, 11), int(44.5 * YEAR) - spread - first_birth)
        mother = ages[0] + first_birth
        return mother, mother + gap, ages

    def children(self, father: Name, ages: list[int]) -> None:
        first, father_of_father, _, family = father
        for age in ages:
            male = self.rnd() < 0.51
            name = self.names.first(self.rnd, male, self.christian, age)
            relation = "son" if male else "daughter"
            self.members.append((relation, male, age, (name, first, father_of_father, family)))

    def parent_of_head(self) -> None:
        _, _, head_age, head_name = self.members[0]
        age = head_age + _days(self.rnd, 20, 40)
        if age > MAX_AGE_DAYS:
            self.sibling_of_head()
            return
        if self.rnd() < 0.3:
            great_grandfather = self.names.first(self.rnd, True, self.christian, age + int(30 * YEAR))
            _, first, grandfather, family = head_name
            name = (first, grandfather, great_grandfather, family)
            self.members.append(("father", True, age, name))
        else:
            self.person("mother", male=False, age=age)

    def sibling_of_head(self) -> None:
        _, _, head_age, (_, father, grandfather, family) = self.members[0]
        youngest, oldest = int(16 * YEAR), MAX_AGE_DAYS
        for relation, _, parent_age, _ in self.members:
            if relation in ("father", "mother"):  # their child too: 19–44 years younger
                youngest, oldest = parent_age - int(44 * YEAR), parent_age - int(19 * YEAR)
        age = min(max(head_age + _days(self.rnd, -10, 10), youngest), oldest)
        male = self.rnd() < 0.4
        first = self.names.first(self.rnd, male, self.christian, age)
        self.members.append(("other", male, age, (first, father, grandfather, family)))

    def person(self, relation: str, *, male: bool, age: int) -> Name:
        """Adds someone whose parents are not in the family."""
        name = self.names.full(self.rnd, male, self.christian, age)
        self.members.append((relation, male, age, name))
        return name
