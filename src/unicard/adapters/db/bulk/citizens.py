"""The citizens of one import file in SQL: staged, checked as a set, applied with INSERT…SELECT."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Select, and_, exists, func, insert, literal, or_, select

from unicard.adapters.db.bulk import staging
from unicard.adapters.db.bulk.loading import load
from unicard.adapters.db.bulk.streams import findings
from unicard.adapters.db.citizens import citizen_values
from unicard.adapters.db.tables import citizens
from unicard.adapters.db.types import UtcDateTime
from unicard.services.imports.ports import Finding, Progress, StagedCitizen
from unicard.services.ports import ChangeNote

s = staging.citizen_rows
_RECORD = (
    "national_id",
    "name_ar",
    "name_latin",
    "name_key",
    "birth_date",
    "sex",
    "birth_governorate",
    "residence_governorate",
    "mobile",
    "deceased_on",
)
#: What a file may state differently from the registry (birth date and sex follow from the ID).
_COMPARED = ("name_ar", "name_latin", "residence_governorate", "mobile", "deceased_on")
_FIRST_DATA_ROW = 2  # row 1 is the header
#: Rows per INSERT…SELECT, so the progress bar moves and no statement runs for minutes.
_APPLY_ROWS = 50_000
# SQLAlchemy reads an INSERT's rowcount only when asked to (psycopg forgets it once the cursor closes).
_COUNTED = {"preserve_rowcount": True}
# citizen_values() wants a change note; staging keeps only the record's own columns.
_NO_NOTE = ChangeNote("", dt.datetime(2000, 1, 1, tzinfo=dt.UTC), "")


class SqlCitizenStaging:
    def __init__(self, connection: Connection) -> None:
        self._db = connection
        self._indexed = False
        staging.create(connection, s)

    def stage(self, batch: Sequence[StagedCitizen]) -> None:
        load(self._db, s, ("row_no", *_RECORD, "mobile_text"), map(_row, batch))

    def repeated_national_ids(self) -> Iterator[Finding]:
        first = _firsts(s.c.national_id)
        query = (
            select(s.c.row_no, s.c.national_id.label("value"), first.c.first_row)
            .join(first, first.c.key == s.c.national_id)
            .where(s.c.row_no > first.c.first_row)
        )
        return findings(self._ready(), query, "first_row")

    def registered_differently(self) -> Iterator[Finding]:
        differs = {column: s.c[column].is_distinct_from(citizens.c[column]) for column in _COMPARED}
        query = (
            select(s.c.row_no, s.c.national_id.label("value"), *(d.label(c) for c, d in differs.items()))
            .join(citizens, citizens.c.national_id == s.c.national_id)
            .where(or_(*differs.values()))
            .order_by(s.c.row_no)
        )
        for row in self._ready().execute(query, execution_options={"yield_per": 5_000}):
            columns = ", ".join(column for column in _COMPARED if row._mapping[column])
            yield Finding(row.row_no, row.value, {"national_id": row.value, "columns": columns})

    def mobiles_taken(self) -> Iterator[Finding]:
        holder = and_(
            citizens.c.mobile == s.c.mobile,
            citizens.c.deceased_on.is_(None),
            citizens.c.national_id != s.c.national_id,
        )
        query = select(s.c.row_no, s.c.mobile_text.label("value")).join(citizens, holder)
        return findings(self._ready(), query.where(s.c.deceased_on.is_(None)))

    def repeated_mobiles(self) -> Iterator[Finding]:
        living = s.c.deceased_on.is_(None)
        first = _firsts(s.c.mobile, living, s.c.mobile.is_not(None))
        earlier = s.alias("earlier")
        query = (
            select(s.c.row_no, s.c.mobile_text.label("value"), first.c.first_row)
            .join(first, first.c.key == s.c.mobile)
            .join(earlier, earlier.c.row_no == first.c.first_row)
            .where(living, s.c.row_no > first.c.first_row, s.c.national_id != earlier.c.national_id)
        )
        return findings(self._ready(), query, "first_row")

    def apply(self, note: ChangeNote, progress: Progress) -> int:
        last = self._db.execute(select(func.coalesce(func.max(s.c.row_no), 0))).scalar_one()
        added = 0
        for low in range(_FIRST_DATA_ROW, last + 1, _APPLY_ROWS):
            added += self._db.execute(
                _apply(note, low, low + _APPLY_ROWS - 1), execution_options=_COUNTED
            ).rowcount
            progress.advance(min(_APPLY_ROWS, last + 1 - low))
        return added

    def close(self) -> None:
        staging.drop(self._db, s)

    def _ready(self) -> Connection:
        if not self._indexed:
            staging.index(self._db, staging.citizen_indexes)
            self._indexed = True
        return self._db


def _row(staged: StagedCitizen) -> tuple[object, ...]:
    values = citizen_values(staged.citizen, _NO_NOTE)
    dated = {"birth_date": _iso(values["birth_date"]), "deceased_on": _iso(values["deceased_on"])}
    return (staged.row, *(dated.get(c, values[c]) for c in _RECORD), staged.mobile_text or None)


def _iso(day: dt.date | None) -> str | None:
    # ISO text is what both drivers take without adapters (sqlite3's date adapter is deprecated).
    return day.isoformat() if day else None


def _firsts(key: Any, *where: Any) -> Any:
    """Per value of ``key`` held by more than one row: the first row holding it."""
    return (
        select(key.label("key"), func.min(s.c.row_no).label("first_row"))
        .where(*where)
        .group_by(key)
        .having(func.count() > 1)
        .subquery()
    )


def _apply(note: ChangeNote, low: int, high: int) -> Any:
    new: Select[Any] = (
        select(
            *(s.c[column] for column in _RECORD),
            literal(note.actor).label("changed_by"),
            literal(note.at, UtcDateTime()).label("changed_at"),
            literal(note.reason).label("change_reason"),
        )
        .where(
            s.c.row_no.between(low, high),
            ~exists().where(citizens.c.national_id == s.c.national_id),
        )
        .order_by(s.c.row_no)
    )
    return insert(citizens).from_select([*_RECORD, "changed_by", "changed_at", "change_reason"], new)
