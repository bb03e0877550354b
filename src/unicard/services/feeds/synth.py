"""Synthetic agency feeds over a registered population, for demos and the rules' dry runs.

Most households are poor: every value sits well below every threshold of ``POLICY.md``. About
one household in five is better off, with one to four *indicators*, each in one of three bands:

- ``2019``: excluded by the 2019 round only (electricity 651–999 kWh, school fees EGP 30–50k,
  10–15 feddans, a car made after 2014 that is not a luxury car);
- ``phase4``: excluded by the Phase 4 round only (VAT, income tax, customs, a government salary
  of EGP 12k+, a high profession, more than 3 old cars, a 2014 luxury car);
- ``both``: above both rounds' thresholds (electricity ≥ 1,000 kWh, mobile > EGP 800, …).

So the two rounds exclude different, non-trivial numbers of households, and the scoring variant
(4 or more indicators) a smaller one. Every adult gets a row in every file, zeros included, so a
criterion never lacks a fact; children get none. Values are drawn from ``random.Random`` seeded
by (seed, household) and (seed, national ID): the same seed and registry give the same files,
byte for byte, whatever order the rows are read in.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from unicard.domain.shared.clock import age_on
from unicard.services.imports.ports import RowSink

ADULT_AGE = 18
#: Professions the files use; the rules decide which count as a "high profession".
COMMON_PROFESSIONS = (
    "worker",
    "farmer",
    "driver",
    "craftsman",
    "clerk",
    "teacher",
    "nurse",
    "merchant",
    "housewife",
    "retired",
    "unemployed",
    "student",
)
HIGH_PROFESSIONS = ("judge", "prosecutor", "diplomat", "university_professor", "consultant_physician")

#: file name -> (agency, columns after national_id)
FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "electricity": ("electricity", ("electricity_kwh_month",)),
    "gas": ("gas", ("gas_m3_month",)),
    "traffic": ("traffic", ("vehicles", "newest_vehicle_year", "newest_luxury_vehicle_year")),
    "agriculture": ("agriculture", ("farmland_feddans",)),
    "education": ("education", ("school_fees_year",)),
    "telecom": ("telecom", ("mobile_bill_month",)),
    "tax": ("tax", ("income_tax_year", "vat_paid_year", "income_month")),
    "customs": ("customs", ("export_customs_year", "import_customs_year")),
    "payroll": ("payroll", ("government_salary_month", "pension_month")),
    "civil_registry": ("civil_registry", ("profession",)),
    "deaths": ("civil_registry", ("died_on",)),
}

_P_WELL_OFF = 0.22
_P_DEATH_AFTER_80 = 0.02


@dataclass(frozen=True, slots=True)
class Person:
    national_id: str
    birth_date: dt.date
    household: str | None  # the open household's number, None for a resident without one
    head: bool


class People(Protocol):
    def living(self) -> Iterator[Person]:
        """Every living citizen, the members of a household one after another."""
        ...


@dataclass(slots=True)
class SynthSummary:
    citizens: int = 0
    adults: int = 0
    households: int = 0
    well_off: int = 0
    rows: dict[str, int] = field(default_factory=dict)


Cells = dict[str, str]


def synthesise(
    people: Iterable[Person], sinks: Mapping[str, RowSink], seed: int, as_of: dt.date
) -> SynthSummary:
    """Write a row per adult to each of ``sinks`` (keyed as :data:`FILES`); what was written."""
    summary = SynthSummary(rows=dict.fromkeys(FILES, 0))
    for key, members in _households(people):
        profile = _Profile.of(seed, key)
        summary.households += key is not None
        summary.well_off += bool(profile.indicators) and key is not None
        holders = [person for person in members if age_on(person.birth_date, as_of) >= ADULT_AGE]
        summary.citizens += len(members)
        summary.adults += len(holders)
        for index, person in enumerate(holders):
            rng = random.Random(f"{seed}:citizen:{person.national_id}")
            cells = _poor(rng, person, as_of)
            for indicator, band in profile.indicators:
                if index == profile.holder % len(holders):
                    cells.update(_rich(rng, indicator, band))
            _write(sinks, summary, person, cells)
    return summary


def _households(people: Iterable[Person]) -> Iterator[tuple[str | None, list[Person]]]:
    """Consecutive members of a household together; a person without one is a household alone."""
    current: list[Person] = []
    for person in people:
        if current and (person.household is None or person.household != current[0].household):
            yield current[0].household, current
            current = []
        current.append(person)
    if current:
        yield current[0].household, current


@dataclass(frozen=True, slots=True)
class _Profile:
    indicators: tuple[tuple[str, str], ...]  # (indicator, band)
    holder: int  # which adult holds the indicators (0: the first, usually the head)

    @classmethod
    def of(cls, seed: int, key: str | None) -> _Profile:
        if key is None:
            return cls((), 0)
        rng = random.Random(f"{seed}:household:{key}")
        if rng.random() >= _P_WELL_OFF:
            return cls((), 0)
        count = 1 + (rng.random() < 0.35) + (rng.random() < 0.25) + (rng.random() < 0.2)
        names = rng.sample(sorted(_BANDS), count)
        picked = tuple((name, rng.choice(_BANDS[name])) for name in names)
        return cls(picked, 0 if rng.random() < 0.75 else 1)


#: indicator -> the bands it can fall in.
_BANDS: dict[str, tuple[str, ...]] = {
    "electricity": ("2019", "both"),
    "school_fees": ("2019", "both"),
    "farmland": ("2019", "both"),
    "car": ("2019", "both"),
    "luxury_car": ("phase4",),
    "many_cars": ("phase4",),
    "mobile": ("both",),
    "vat": ("phase4",),
    "income_tax": ("phase4",),
    "customs": ("phase4",),
    "salary": ("phase4",),
    "profession": ("phase4",),
}


def _rich(rng: random.Random, indicator: str, band: str) -> Cells:  # noqa: PLR0911 - one case per indicator
    both = band == "both"
    if indicator == "electricity":
        return {"electricity_kwh_month": str(rng.randint(1_000, 2_600) if both else rng.randint(651, 999))}
    if indicator == "school_fees":
        return {"school_fees_year": _egp(rng, 50_001, 180_000) if both else _egp(rng, 30_001, 50_000)}
    if indicator == "farmland":
        qirats = rng.randint(16 * 8, 60 * 8) * 3 if both else rng.randint(10 * 8, 15 * 8) * 3
        return {"farmland_feddans": _feddans(qirats)}
    if indicator == "car":
        # "both": a luxury car newer than 2013, which is also a car made after 2014.
        year = str(rng.randint(2015, 2025))
        cars = {"vehicles": str(rng.randint(1, 2)), "newest_vehicle_year": year}
        return {**cars, "newest_luxury_vehicle_year": year if both else ""}
    if indicator == "luxury_car":
        return {"vehicles": "1", "newest_vehicle_year": "2014", "newest_luxury_vehicle_year": "2014"}
    if indicator == "many_cars":
        return {"vehicles": str(rng.randint(4, 6)), "newest_vehicle_year": str(rng.randint(2003, 2014))}
    if indicator == "mobile":
        return {"mobile_bill_month": _egp(rng, 801, 3_500)}
    if indicator == "vat":
        return {"vat_paid_year": _egp(rng, 200_001, 900_000)}
    if indicator == "income_tax":
        return {"income_tax_year": _egp(rng, 100_001, 600_000)}
    if indicator == "customs":
        column = rng.choice(("export_customs_year", "import_customs_year"))
        return {column: _egp(rng, 100_001, 2_000_000)}
    if indicator == "salary":
        return {"government_salary_month": _egp(rng, 12_000, 35_000)}
    return {"profession": rng.choice(HIGH_PROFESSIONS)}


def _poor(rng: random.Random, person: Person, as_of: dt.date) -> Cells:
    """Values of a household well below every threshold of every round."""
    age = age_on(person.birth_date, as_of)
    has_car = rng.random() < 0.1
    retired = age >= 60
    cells = {
        "electricity_kwh_month": str(rng.randint(60, 460) if person.head else rng.randint(0, 120)),
        "gas_m3_month": str(rng.randint(5, 40) if person.head and rng.random() < 0.7 else 0),
        "vehicles": "1" if has_car else "0",
        "newest_vehicle_year": str(rng.randint(1985, 2014)) if has_car else "",
        "newest_luxury_vehicle_year": "",
        "farmland_feddans": _feddans(rng.randint(1, 40) * 3) if rng.random() < 0.12 else "0",
        "school_fees_year": _egp(rng, 300, 12_000) if rng.random() < 0.2 else "0.00",
        "mobile_bill_month": _egp(rng, 20, 450) if rng.random() < 0.9 else "0.00",
        "income_tax_year": _egp(rng, 0, 6_000) if rng.random() < 0.15 else "0.00",
        "vat_paid_year": "0.00",
        "income_month": _egp(rng, 600, 4_500),
        "export_customs_year": "0.00",
        "import_customs_year": "0.00",
        "government_salary_month": _egp(rng, 2_500, 9_000) if not retired and rng.random() < 0.25 else "0.00",
        "pension_month": _egp(rng, 700, 3_200) if retired and rng.random() < 0.6 else "0.00",
        "profession": "retired" if retired else rng.choice(COMMON_PROFESSIONS),
        "died_on": "",
    }
    if age >= 80 and rng.random() < _P_DEATH_AFTER_80:
        cells["died_on"] = (as_of - dt.timedelta(days=rng.randint(0, 27))).isoformat()
    return cells


def _write(sinks: Mapping[str, RowSink], summary: SynthSummary, person: Person, cells: Cells) -> None:
    for name, (_, columns) in FILES.items():
        if name == "deaths" and not cells["died_on"]:
            continue
        sinks[name].write([person.national_id, *(cells[column] for column in columns)])
        summary.rows[name] += 1


def _egp(rng: random.Random, low: int, high: int) -> str:
    piasters = rng.randint(low * 100, high * 100)
    return f"{piasters // 100}.{piasters % 100:02d}"


def _feddans(qirats: int) -> str:
    """Whole qirats that are a multiple of 3 are eighths of a feddan: exact in 3 decimals."""
    eighths, rest = divmod(qirats, 3)
    assert rest == 0
    whole, part = divmod(eighths * 125, 1000)
    return f"{whole}.{part:03d}".rstrip("0").rstrip(".")
