"""An agency feed file in SQL: staged in TEMP tables, checked as a set, applied with INSERT…SELECT."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any, Self

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Date,
    Index,
    Integer,
    String,
    and_,
    case,
    exists,
    func,
    insert,
    literal,
    select,
    update,
)

from unicard.adapters.db.bulk import staging
from unicard.adapters.db.bulk.loading import load
from unicard.adapters.db.bulk.streams import findings
from unicard.adapters.db.tables import citizens, household_members, households
from unicard.adapters.db.tables_feeds import citizen_fact_history, citizen_facts, feed_imports
from unicard.adapters.db.types import UtcDateTime
from unicard.adapters.db.unit_of_work import SqlUnitOfWork
from unicard.services.feeds.ports import Applied, FeedFile, StagedDeath, StagedFeedRow
from unicard.services.feeds.synth import Person
from unicard.services.imports.ports import Finding

feed_rows = staging._temporary(
    "import_feed_rows",
    Column("row_no", Integer, primary_key=True, autoincrement=False),
    Column("national_id", String(14), nullable=False),
    Column("died_on", Date),
)
feed_values = staging._temporary(
    "import_feed_values",
    Column("row_no", Integer, nullable=False),
    Column("national_id", String(14), nullable=False),
    Column("fact", String(40), nullable=False),
    Column("value", BigInteger),
    Column("code", String(40)),
)
_INDEXES = (
    Index("ix_import_feed_rows_national_id", feed_rows.c.national_id),
    Index("ix_import_feed_values_key", feed_values.c.national_id, feed_values.c.fact),
)
_COUNTED = {"preserve_rowcount": True}
r, v = feed_rows.c, feed_values.c


class SqlFeedStaging:
    def __init__(self, connection: Connection) -> None:
        self._db = connection
        self._indexed = False
        staging.create(connection, feed_rows, feed_values)

    def stage(self, batch: Sequence[StagedFeedRow]) -> None:
        load(
            self._db,
            feed_rows,
            ("row_no", "national_id", "died_on"),
            [(row.row, row.national_id, row.died_on.isoformat() if row.died_on else None) for row in batch],
        )
        load(
            self._db,
            feed_values,
            ("row_no", "national_id", "fact", "value", "code"),
            [(row.row, row.national_id, *value) for row in batch for value in row.values],
        )

    def repeated_national_ids(self) -> Iterator[Finding]:
        first = (
            select(r.national_id.label("key"), func.min(r.row_no).label("first_row"))
            .group_by(r.national_id)
            .having(func.count() > 1)
            .subquery()
        )
        query = (
            select(r.row_no, r.national_id.label("value"), first.c.first_row)
            .join(first, first.c.key == r.national_id)
            .where(r.row_no > first.c.first_row)
        )
        return findings(self._ready(), query, "first_row")

    def unknown_citizens(self) -> Iterator[Finding]:
        query = select(r.row_no, r.national_id.label("value")).where(
            ~exists().where(citizens.c.national_id == r.national_id)
        )
        return findings(self._ready(), query)

    def deaths(self) -> Iterator[StagedDeath]:
        query = select(r.row_no, r.national_id, r.died_on).where(r.died_on.is_not(None)).order_by(r.row_no)
        for row in self._ready().execute(query).all():
            yield StagedDeath(row.row_no, row.national_id, _day(row.died_on))

    def apply(self, file: FeedFile, rows: int) -> Applied:
        self._ready()
        key = self._db.execute(
            insert(feed_imports).values(
                agency=file.agency,
                as_of=file.as_of,
                file_name=file.name,
                sha256=file.sha256,
                rows=rows,
                facts_recorded=0,
                facts_current=0,
                imported_by=file.actor,
                imported_at=file.at,
            )
        ).inserted_primary_key
        assert key is not None
        import_id = int(key[0])
        recorded = self._db.execute(_history(file, import_id), execution_options=_COUNTED).rowcount
        current = self._db.execute(_newer(file, import_id), execution_options=_COUNTED).rowcount
        current += self._db.execute(_first(file, import_id), execution_options=_COUNTED).rowcount
        self._db.execute(
            update(feed_imports)
            .where(feed_imports.c.id == import_id)
            .values(facts_recorded=recorded, facts_current=current)
        )
        return Applied(import_id, recorded, current)

    def close(self) -> None:
        staging.drop(self._db, feed_values, feed_rows)

    def _ready(self) -> Connection:
        if not self._indexed:
            staging.index(self._db, _INDEXES)
            self._indexed = True
        return self._db


def _stamped(file: FeedFile, import_id: int) -> tuple[Any, ...]:
    return (
        literal(file.as_of, Date()).label("as_of"),
        literal(file.agency).label("source"),
        literal(import_id, BigInteger()).label("feed_import_id"),
    )


_VALUE_COLUMNS = ["national_id", "fact", "value", "code", "as_of", "source", "feed_import_id"]


def _history(file: FeedFile, import_id: int) -> Any:
    new = select(
        v.national_id, v.fact, v.value, v.code, *_stamped(file, import_id), literal(file.at, UtcDateTime())
    ).order_by(v.row_no)
    return insert(citizen_fact_history).from_select([*_VALUE_COLUMNS, "recorded_at"], new)


def _matching() -> Any:
    return (v.national_id == citizen_facts.c.national_id) & (v.fact == citizen_facts.c.fact)


def _newer(file: FeedFile, import_id: int) -> Any:
    """The latest values this file supersedes: those known as of the same date or earlier."""
    return (
        update(citizen_facts)
        .where(citizen_facts.c.as_of <= file.as_of, exists().where(_matching()))
        .values(
            value=select(v.value).where(_matching()).scalar_subquery(),
            code=select(v.code).where(_matching()).scalar_subquery(),
            as_of=file.as_of,
            source=file.agency,
            feed_import_id=import_id,
        )
    )


def _first(file: FeedFile, import_id: int) -> Any:
    """Facts the citizen had no value for yet."""
    new = select(v.national_id, v.fact, v.value, v.code, *_stamped(file, import_id)).where(
        ~exists().where(_matching())
    )
    return insert(citizen_facts).from_select(_VALUE_COLUMNS, new)


def _day(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


class SqlFeedImports:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def previous(self, sha256: str, agency: str, as_of: dt.date) -> int | None:
        found = self._db.execute(
            select(feed_imports.c.id).where(
                feed_imports.c.sha256 == sha256,
                feed_imports.c.agency == agency,
                feed_imports.c.as_of == as_of,
            )
        ).scalar()
        return int(found) if found is not None else None

    def staging(self) -> SqlFeedStaging:
        return SqlFeedStaging(self._db)


class SqlFeedImportUnitOfWork(SqlUnitOfWork):
    """The unit of work with feed staging on the same connection and transaction."""

    feeds: SqlFeedImports

    def __enter__(self) -> Self:
        super().__enter__()
        self.feeds = SqlFeedImports(self.connection)
        return self


class SqlPeople:
    """The living citizens for synthetic feeds, household by household, streamed."""

    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def living(self) -> Iterator[Person]:
        m = household_members.c
        open_membership = and_(m.citizen_id == citizens.c.id, m.left_at.is_(None))
        query = (
            select(citizens.c.national_id, citizens.c.birth_date, households.c.number, m.relation)
            .select_from(citizens)
            .outerjoin(household_members, open_membership)
            .outerjoin(households, households.c.id == m.household_id)
            .where(citizens.c.deceased_on.is_(None))
            .order_by(
                households.c.number.is_(None),
                households.c.number,
                case((m.relation == "head", 0), else_=1),
                citizens.c.national_id,
            )
        )
        for row in self._db.execute(query, execution_options={"yield_per": 5_000}):
            yield Person(row.national_id, _day(row.birth_date), row.number, row.relation == "head")
