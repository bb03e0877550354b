"""Synthetic feeds: deterministic, a row per adult in every file, values that import cleanly,
and a better-off tail that the 2019 and Phase 4 rounds cut differently."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from unicard.domain.eligibility.fact_values import feed_column, parse_cell
from unicard.services.feeds.synth import FILES, Person, synthesise

AS_OF = dt.date(2026, 10, 31)


class ListSink:
    def __init__(self) -> None:
        self.rows: list[list[str]] = []

    def write(self, cells: Sequence[str]) -> None:
        self.rows.append(list(cells))


def _people(households: int) -> list[Person]:
    people = []
    for number in range(households):
        key = f"10320{number:05d}"
        people.append(Person(f"2800101031{number:04d}", dt.date(1980, 1, 1), key, head=True))
        people.append(Person(f"2820101031{number:04d}", dt.date(1982, 1, 1), key, head=False))
        people.append(Person(f"3150101031{number:04d}", dt.date(2015, 1, 1), key, head=False))  # a child
    return people


def _run(households: int = 400, seed: int = 7) -> dict[str, ListSink]:
    sinks = {name: ListSink() for name in FILES}
    synthesise(_people(households), sinks, seed, AS_OF)
    return sinks


def test_the_same_seed_gives_the_same_rows_and_another_seed_others() -> None:
    first, again, other = _run(), _run(), _run(seed=8)
    assert all(first[name].rows == again[name].rows for name in FILES)
    assert first["electricity"].rows != other["electricity"].rows


def test_every_adult_has_a_row_in_every_agency_file_and_children_none() -> None:
    sinks = _run(50)
    for name in FILES:
        if name != "deaths":
            assert len(sinks[name].rows) == 100, name
            assert not any(row[0].startswith("3") for row in sinks[name].rows)


def test_every_value_converts_exactly() -> None:
    sinks = _run(200)
    for name, (_, columns) in FILES.items():
        for row in sinks[name].rows:
            for column, text in zip(columns, row[1:], strict=True):
                found = feed_column(column)
                if found is not None and text:
                    parse_cell(found, text, AS_OF)


def _households_where(sinks: dict[str, ListSink], name: str, column: str, test: object) -> set[str]:
    _, columns = FILES[name]
    index = 1 + columns.index(column)
    return {row[0][-4:] for row in sinks[name].rows if row[index] and test(row[index])}  # type: ignore[operator]


def test_the_two_rounds_exclude_different_non_trivial_numbers() -> None:
    sinks = _run(1_000)
    electricity_2019 = _households_where(
        sinks, "electricity", "electricity_kwh_month", lambda v: int(v) > 650
    )
    electricity_p4 = _households_where(
        sinks, "electricity", "electricity_kwh_month", lambda v: int(v) >= 1000
    )
    cars_2019 = _households_where(sinks, "traffic", "newest_vehicle_year", lambda v: int(v) > 2014)
    vat_p4 = _households_where(sinks, "tax", "vat_paid_year", lambda v: float(v) > 200_000)
    assert len(electricity_p4) < len(electricity_2019)
    assert electricity_p4 < electricity_2019  # a Phase 4 electricity case is above 650 too
    assert 20 < len(cars_2019) < 200
    assert 10 < len(vat_p4) < 150
    assert not vat_p4 <= electricity_2019 | cars_2019  # Phase 4 reaches households 2019 does not
