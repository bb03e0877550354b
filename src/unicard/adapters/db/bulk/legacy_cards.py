"""The legacy ration cards of one import file in SQL: staged in a TEMP table, checked and applied as a set."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from sqlalchemy import Column, Connection, Index, Integer, String, Table, func, insert, literal, select

from unicard.adapters.db.bulk import staging
from unicard.adapters.db.bulk.loading import load
from unicard.adapters.db.bulk.streams import findings
from unicard.adapters.db.tables import households
from unicard.adapters.db.tables_rollout import legacy_ration_cards
from unicard.adapters.db.types import UtcDateTime
from unicard.adapters.db.unit_of_work import SqlUnitOfWork
from unicard.services.imports.legacy_card_ports import StagedLegacyCard
from unicard.services.imports.ports import Finding

s = Table(
    "import_legacy_cards",
    staging.staging,
    Column("row_no", Integer, primary_key=True, autoincrement=False),
    Column("household_number", String(16), nullable=False),
    Column("number", String(20), nullable=False),
    Column("token", String(32), nullable=False),
    prefixes=["TEMPORARY"],
    postgresql_on_commit="DROP",
)
_INDEXES = (
    Index("ix_import_legacy_cards_number", s.c.number),
    Index("ix_import_legacy_cards_household", s.c.household_number),
)
_STAGED = ("row_no", "household_number", "number", "token")
legacy = legacy_ration_cards
# The registered card with the row's number, and the household it is bound to.
_registered = (
    select(s.c.row_no, s.c.household_number, s.c.number, households.c.number.label("bound_to"))
    .join(legacy, legacy.c.number == s.c.number)
    .join(households, households.c.id == legacy.c.household_id)
    .subquery()
)


class SqlLegacyCardStaging:
    def __init__(self, connection: Connection) -> None:
        self._db = connection
        staging.create(connection, s)
        self._indexed = False

    def stage(self, batch: Sequence[StagedLegacyCard]) -> None:
        load(self._db, s, _STAGED, ((c.row, c.household_number, c.number, c.token) for c in batch))

    def repeated_numbers(self) -> Iterator[Finding]:
        self._index()
        first = (
            select(s.c.number.label("key"), func.min(s.c.row_no).label("first_row"))
            .group_by(s.c.number)
            .having(func.count() > 1)
            .subquery()
        )
        query = (
            select(s.c.row_no, s.c.number.label("value"), first.c.first_row)
            .join(first, first.c.key == s.c.number)
            .where(s.c.row_no > first.c.first_row)
        )
        return findings(self._db, query, "first_row")

    def unknown_households(self) -> Iterator[Finding]:
        known = select(households.c.id).where(households.c.number == s.c.household_number).exists()
        query = select(s.c.row_no, s.c.household_number.label("value")).where(~known)
        return findings(self._db, query)

    def closed_households(self) -> Iterator[Finding]:
        query = (
            select(s.c.row_no, s.c.household_number.label("value"))
            .join(households, households.c.number == s.c.household_number)
            .where(households.c.status == "closed")
        )
        return findings(self._db, query)

    def numbers_taken(self) -> Iterator[Finding]:
        r = _registered
        query = select(r.c.row_no, r.c.number.label("value"), r.c.bound_to.label("household")).where(
            r.c.bound_to != r.c.household_number
        )
        return findings(self._db, query, "household")

    def already_registered(self) -> int:
        r = _registered
        query = select(func.count()).select_from(r).where(r.c.bound_to == r.c.household_number)
        return int(self._db.execute(query).scalar_one())

    def apply(self, *, by: str, at: dt.datetime) -> int:
        # After the checks every staged number is new or already bound to its own household.
        new = (
            int(self._db.execute(select(func.count()).select_from(s)).scalar_one())
            - self.already_registered()
        )
        registered = select(legacy.c.id).where(legacy.c.number == s.c.number).exists()
        rows = (
            select(
                s.c.number,
                households.c.id,
                s.c.token,
                literal(by, String),
                literal(at, UtcDateTime),
            )
            .join(households, households.c.number == s.c.household_number)
            .where(~registered)
        )
        statement = insert(legacy).from_select(
            ["number", "household_id", "token", "imported_by", "imported_at"], rows
        )
        self._db.execute(statement)  # (psycopg reports no rowcount for it: counted beforehand)
        return new

    def close(self) -> None:
        staging.drop(self._db, s)

    def _index(self) -> None:
        if not self._indexed:
            staging.index(self._db, _INDEXES)
            self._indexed = True


class SqlLegacyCardImportUnitOfWork(SqlUnitOfWork):
    """The unit of work with the legacy card staging on the same connection and transaction."""

    def legacy_card_staging(self) -> SqlLegacyCardStaging:
        return SqlLegacyCardStaging(self.connection)
