"""Generated families into the registry tables, by each database's fastest safe path.

SQLite gets ``executemany`` and PostgreSQL ``COPY``, both on the driver connection beneath the
caller's SQLAlchemy connection, so every row is part of the caller's one transaction: a load
that fails or is interrupted leaves nothing behind. Every constraint stays on: the database
checks each row as it would any other.

Families stream through in batches of about ``batch_size`` citizens, so memory stays flat
whatever the population. A batch's families are generated *while* its citizens are being
written: on PostgreSQL the server stores one row while Python makes the next, on two cores.
Citizens and households get their ids here, counted on from the tables' own sequences with the
tables locked against other writers, so member rows can name them without reading anything back.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

import psycopg
from sqlalchemy import Connection

from unicard.adapters.db.tables import households
from unicard.adapters.population import CitizenRow, Family, HouseholdRow, MemberRow
from unicard.domain.registry.names import search_key
from unicard.services.demo import PopulationCounts
from unicard.services.ports import ChangeNote

CITIZEN_COLUMNS = (
    "id",
    "national_id",
    "name_ar",
    "name_latin",
    "name_key",
    "birth_date",
    "sex",
    "birth_governorate",
    "residence_governorate",
    "mobile",
    "changed_by",
    "changed_at",
    "change_reason",
)
HOUSEHOLD_COLUMNS = ("id", "number", "governorate", "status", "changed_by", "changed_at", "change_reason")
MEMBER_COLUMNS = ("household_id", "citizen_id", "relation", "joined_at")

Row = tuple[object, ...]


class _Driver(Protocol):
    def ids(self, table: str) -> Iterator[int]:
        """Ids for new rows of ``table`` that no other row has or will be given."""
        ...

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Row]) -> None: ...
    def finish(self) -> None:
        """After the last row: the tables' own sequences carry on past the ids taken here."""
        ...


def load_families(
    connection: Connection,
    families: Iterable[Family],
    note: ChangeNote,
    progress: Callable[[int], None] = lambda _citizens: None,
    *,
    batch_size: int = 10_000,
) -> PopulationCounts:
    """Write every family (citizens, then its household and members) under ``note``.

    ``progress`` is called after each batch with the number of citizens it wrote.
    """
    driver = _driver(connection)
    make = _RowMaker(driver, note, at=_stored_instant(connection, note))
    stream, counts = iter(families), PopulationCounts(0, 0, 0)
    while True:
        batch = _Batch()
        driver.insert("citizens", CITIZEN_COLUMNS, make.citizens(stream, batch, batch_size))
        if not batch.citizens:
            break
        driver.insert("households", HOUSEHOLD_COLUMNS, batch.households)
        driver.insert("household_members", MEMBER_COLUMNS, batch.members)
        counts = PopulationCounts(
            counts.citizens + batch.citizens,
            counts.households + len(batch.households),
            counts.members + len(batch.members),
        )
        progress(batch.citizens)
    driver.finish()
    return counts


@dataclass
class _Batch:
    """What one batch's families left to write once their citizens are in."""

    citizens: int = 0
    households: list[Row] = field(default_factory=list)
    members: list[Row] = field(default_factory=list)


class _RowMaker:
    """Rows with their ids assigned and every derived column filled."""

    def __init__(self, driver: _Driver, note: ChangeNote, *, at: object) -> None:
        self._citizen_ids = driver.ids("citizens")
        self._household_ids = driver.ids("households")
        self._at = at
        self._note = (note.actor, at, note.reason)  # changed_by, changed_at, change_reason: last
        self._name_key = _NameKeys()

    def citizens(self, families: Iterator[Family], batch: _Batch, batch_size: int) -> Iterator[Row]:
        """Citizen rows of the next families, until ``batch`` holds ``batch_size`` citizens.

        Lazy: each family is generated as its rows are written; its household and member rows
        are kept in ``batch``, to be written once all of the batch's citizens are.
        """
        for family in families:
            ids = {}
            for citizen in family.citizens:
                citizen_id = ids[citizen.national_id] = next(self._citizen_ids)
                name_key = self._name_key(citizen.name_ar, citizen.name_latin)
                yield _citizen_row(citizen_id, citizen, name_key, self._note)
            batch.citizens += len(family.citizens)
            if family.household is not None:
                self._household(family.household, family.members, ids, batch)
            if batch.citizens >= batch_size:
                return

    def _household(
        self,
        household: HouseholdRow,
        members: Iterable[MemberRow],
        citizen_ids: dict[str, int],
        batch: _Batch,
    ) -> None:
        household_id = next(self._household_ids)
        batch.households.append(
            (household_id, household.number, household.governorate, "active", *self._note)
        )
        batch.members.extend(
            (household_id, citizen_ids[member.national_id], member.relation, self._at) for member in members
        )


def _citizen_row(citizen_id: int, citizen: CitizenRow, name_key: str, note: tuple[object, ...]) -> Row:
    nid = citizen.national_id
    return (
        citizen_id,
        nid,
        citizen.name_ar,
        citizen.name_latin,
        name_key,
        citizen.birth_date.isoformat(),  # ISO text: both drivers take it as a date
        citizen.sex,
        nid[7:9],  # the governorate of birth is digits 8-9 of the national ID
        citizen.residence_governorate,
        citizen.mobile,
        *note,
    )


class _NameKeys:
    """``search_key(name_ar, name_latin)``, worked out a word at a time and remembered per word.

    The key of a whole name is the keys of its words, since it is made letter by letter with
    words kept apart. A population of any size repeats a few thousand words, and making every
    key afresh would be the costliest part of a row.
    """

    def __init__(self) -> None:
        self._words: dict[str, str] = {}

    def __call__(self, name_ar: str, name_latin: str | None) -> str:
        keys = []
        for word in f"{name_ar} {name_latin or ''}".split():
            key = self._words.get(word)
            if key is None:
                key = self._words[word] = search_key(word)
            if key:
                keys.append(key)
        return " ".join(keys)


def _stored_instant(connection: Connection, note: ChangeNote) -> object:
    """``note.at`` as the ``changed_at`` column type stores it on this database (UTC, aware)."""
    dialect = connection.dialect
    # The dialect's own variant of the type: the generic one would leave a datetime for sqlite3
    # to format its own way (ISO with an offset), unlike every row SQLAlchemy writes.
    process = households.c.changed_at.type.dialect_impl(dialect).bind_processor(dialect)
    return process(note.at) if process else note.at


def _driver(connection: Connection) -> _Driver:
    raw = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        return _Postgres(cast("psycopg.Connection[Any]", raw))
    return _Sqlite(cast("sqlite3.Connection", raw))


class _Sqlite:
    """``executemany`` in the caller's transaction, which already holds SQLite's write lock."""

    def __init__(self, raw: sqlite3.Connection) -> None:
        self._raw = raw

    def ids(self, table: str) -> Iterator[int]:
        # The write lock (BEGIN IMMEDIATE) keeps every other writer out until the commit, and
        # SQLite gives a new row max(id) + 1: ids past the current maximum are free.
        (last,) = self._raw.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()
        return itertools.count(last + 1)

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Row]) -> None:
        marks = ", ".join("?" * len(columns))
        self._raw.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def finish(self) -> None:
        pass  # no sequence to move on: SQLite counts from max(id)


class _Postgres:
    """``COPY … FROM STDIN``, with the tables that get ids here locked against other writers."""

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self._raw = raw
        self._taken: dict[str, Iterator[int]] = {}

    def ids(self, table: str) -> Iterator[int]:
        # SHARE ROW EXCLUSIVE: others still read, but an INSERT waits for this transaction, so it
        # cannot draw from the sequence meanwhile. nextval() skips ids other sessions took.
        self._raw.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        (first,) = self._fetch("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", table)
        self._taken[table] = ids = itertools.count(first)
        return ids

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Row]) -> None:
        with (
            self._raw.cursor() as cursor,
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def finish(self) -> None:
        for table, ids in self._taken.items():
            # The next id these counters would give is the sequence's next value too.
            self._fetch("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, false)", table, next(ids))

    def _fetch(self, query: str, *params: object) -> tuple[Any, ...]:
        row = self._raw.execute(query, params).fetchone()
        assert row is not None
        return tuple(row)
