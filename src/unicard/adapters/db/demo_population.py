"""The demo population in SQL: which one is loaded, loading and wiping it, citizens worth a look."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from types import TracebackType
from typing import Self, cast

from sqlalchemy import Connection, and_, delete, exists, func, select, text
from sqlalchemy.exc import IntegrityError

from unicard.adapters.db.population_loader import load_families
from unicard.adapters.db.tables import (
    audit_log,
    citizen_versions,
    citizens,
    household_members,
    household_versions,
    households,
)
from unicard.adapters.db.unit_of_work import SqlUnitOfWork
from unicard.adapters.population import PopulationSpec, generate
from unicard.domain.audit.chain import REGISTRY_CHAIN
from unicard.services.demo import (
    LOAD_ACTION,
    WIPE_ACTION,
    DemoPopulation,
    DemoSamples,
    LoadProgress,
    PopulationCounts,
    PopulationInUse,
    PopulationPlan,
    population_from_details,
)
from unicard.services.ports import ChangeNote

#: Children before parents: the order a wipe deletes in.
_REGISTRY = (household_versions, household_members, households, citizen_versions, citizens)
_open = household_members.c.left_at.is_(None)
#: Tables that refer to the registry, directly or through one another (PostgreSQL only).
_DEPENDENTS = text(
    """
    WITH RECURSIVE dependent (table_oid) AS (
        SELECT conrelid FROM pg_constraint
        WHERE contype = 'f' AND confrelid = ANY (CAST(:registry AS regclass[]))
        UNION
        SELECT c.conrelid FROM pg_constraint AS c JOIN dependent AS d ON c.confrelid = d.table_oid
        WHERE c.contype = 'f'
    )
    SELECT CAST(CAST(table_oid AS regclass) AS text) FROM dependent
    WHERE table_oid <> ALL (CAST(:registry AS regclass[]))
    ORDER BY 1
    """
)
# SQLite's page cache in a demo unit of work, in KiB (negative: a size, not a page count). The
# default 2 MiB would spill the indexes being filled to the WAL over and over; 64 MiB keeps them
# in memory and loads the pilot population a fifth faster (bigger sizes gain nothing more here).
_SQLITE_LOAD_CACHE = -65_536


class SqlPopulationStore:
    def __init__(self, connection: Connection) -> None:
        self._db = connection
        self.loaded = False

    def recorded(self) -> DemoPopulation | None:
        latest = self._db.execute(
            select(audit_log.c.action, audit_log.c.details)
            .where(audit_log.c.chain == REGISTRY_CHAIN, audit_log.c.action.in_((LOAD_ACTION, WIPE_ACTION)))
            .order_by(audit_log.c.seq.desc())
            .limit(1)
        ).first()
        if latest is None or latest.action != LOAD_ACTION:
            return None
        return population_from_details(json.loads(latest.details))

    def registered_citizens(self) -> int:
        return self._db.execute(select(func.count()).select_from(citizens)).scalar_one()

    def load(
        self, plan: PopulationPlan, today: dt.date, note: ChangeNote, progress: LoadProgress
    ) -> PopulationCounts:
        spec = PopulationSpec(plan.citizens, plan.households, seed=plan.seed, today=today)
        counts = load_families(self._db, generate(spec), note, progress.advance)
        self.loaded = True
        if self._db.dialect.name == "postgresql":
            # Fresh statistics now, not whenever autovacuum gets round to 500k new rows.
            self._db.exec_driver_sql("ANALYZE citizens, households, household_members")
        return counts

    def wipe(self) -> None:
        if self._db.dialect.name == "postgresql":
            self._truncate()
            return
        try:
            for table in _REGISTRY:
                self._db.execute(delete(table))
        except IntegrityError as error:  # rows elsewhere (a card, an account…) point at these
            raise PopulationInUse(f"other records refer to the demo population: {error.orig}") from error

    def _truncate(self) -> None:
        """TRUNCATE, with every table that refers to the registry, if and only if those are empty.

        Not DELETE: PostgreSQL would check each deleted citizen against every referring table,
        and the members table only has a partial index on its citizens, so each check would scan
        every member row deleted a moment before: tens of minutes, for the pilot population.
        """
        registry = [table.name for table in _REGISTRY]
        dependents = list(self._db.execute(_DEPENDENTS, {"registry": registry}).scalars())
        self._db.exec_driver_sql(f"LOCK TABLE {', '.join(registry + dependents)} IN ACCESS EXCLUSIVE MODE")
        for dependent in dependents:  # locked: none can gain a row before the TRUNCATE
            if self._db.exec_driver_sql(f"SELECT EXISTS (SELECT 1 FROM {dependent})").scalar():
                raise PopulationInUse(f"records in {dependent} refer to the demo population")
        self._db.exec_driver_sql(f"TRUNCATE {', '.join(registry + dependents)}")

    def samples(self, today: dt.date) -> DemoSamples:
        big = self._biggest_household()
        return DemoSamples(
            big_family_head=big[0] if big else None,
            big_family_size=big[1] if big else 0,
            widow=self._widow(today),
            without_household=self._without_household(),
        )

    def first_households(self, limit: int) -> list[str]:
        query = (
            select(households.c.number)
            .join(household_members, household_members.c.household_id == households.c.id)
            .where(_open, household_members.c.relation == "head")
            .order_by(households.c.id)
            .limit(limit)
        )
        return list(self._db.execute(query).scalars())

    def _biggest_household(self) -> tuple[str, int] | None:
        size = func.count().label("size")
        biggest = (
            select(household_members.c.household_id, size)
            .where(_open)
            .group_by(household_members.c.household_id)
            .order_by(size.desc(), household_members.c.household_id)
            .limit(1)
            .subquery()
        )
        row = self._db.execute(
            select(citizens.c.national_id, biggest.c.size)
            .join(household_members, household_members.c.citizen_id == citizens.c.id)
            .join(biggest, biggest.c.household_id == household_members.c.household_id)
            .where(_open, household_members.c.relation == "head")
        ).first()
        return (row.national_id, row.size) if row else None

    def _widow(self, today: dt.date) -> str | None:
        """A woman heading a household with no husband in it: over 60 if there is one (a widow)."""
        spouse = household_members.alias("spouse")
        no_husband = ~exists().where(
            spouse.c.household_id == household_members.c.household_id,
            spouse.c.relation == "spouse",
            spouse.c.left_at.is_(None),
        )
        under_60 = citizens.c.birth_date > today - dt.timedelta(days=int(60 * 365.25))
        query = (
            select(citizens.c.national_id)
            .join(household_members, and_(household_members.c.citizen_id == citizens.c.id, _open))
            .where(household_members.c.relation == "head", citizens.c.sex == "F", no_husband)
            .where(citizens.c.deceased_on.is_(None))
            .order_by(under_60, household_members.c.id)  # false first, on both databases
            .limit(1)
        )
        return self._db.execute(query).scalar()

    def _without_household(self) -> str | None:
        """An adult (one with a registered mobile) on no ration card."""
        member = exists().where(household_members.c.citizen_id == citizens.c.id, _open)
        query = (
            select(citizens.c.national_id)
            .where(~member, citizens.c.mobile.is_not(None), citizens.c.deceased_on.is_(None))
            .order_by(citizens.c.id)
            .limit(1)
        )
        return self._db.execute(query).scalar()


class SqlDemoUnitOfWork(SqlUnitOfWork):
    """The unit of work with the demo population store on the same transaction."""

    population: SqlPopulationStore
    _restore_cache: int | None = None  # SQLite's cache size before this unit of work

    def __enter__(self) -> Self:
        super().__enter__()
        self.population = SqlPopulationStore(self.connection)
        if self.connection.dialect.name == "sqlite":
            (self._restore_cache,) = _pragma(self.connection, "cache_size")
            _pragma(self.connection, f"cache_size = {_SQLITE_LOAD_CACHE}")
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._restore_cache is not None and self._connection is not None:
            # The connection goes back to the pool: give back the memory the load's cache took.
            # Only now, after the commit, so the load's pages were never spilled half-way.
            _pragma(self._connection, f"cache_size = {self._restore_cache}")
        super().__exit__(exc_type, exc, tb)
        if self._restore_cache is not None and self.population.loaded:
            # The load went through the WAL, which stays as big as the database until truncated.
            with self._engine.connect() as connection:
                _pragma(connection, "wal_checkpoint(TRUNCATE)")


def _pragma(connection: Connection, pragma: str) -> tuple[int, ...]:
    # On the driver connection: SQLAlchemy's would first BEGIN IMMEDIATE, taking the write lock.
    raw = cast("sqlite3.Connection", connection.connection.driver_connection)
    return tuple(raw.execute(f"PRAGMA {pragma}").fetchone() or ())
