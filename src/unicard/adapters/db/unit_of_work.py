"""The unit of work: one database transaction, the repositories bound to it, one commit point."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError

from unicard.adapters.db.audit import SqlAuditLog
from unicard.adapters.db.citizens import SqlCitizenRepository
from unicard.adapters.db.households import SqlHouseholdRepository
from unicard.adapters.db.integrity import conflict_from
from unicard.adapters.db.operators import SqlOperatorRepository


class SqlUnitOfWork:
    citizens: SqlCitizenRepository
    households: SqlHouseholdRepository
    operators: SqlOperatorRepository
    audit: SqlAuditLog

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None

    def __enter__(self) -> Self:
        connection = self._engine.connect()
        connection.begin()
        self._connection = connection
        self.citizens = SqlCitizenRepository(connection)
        self.households = SqlHouseholdRepository(connection)
        self.operators = SqlOperatorRepository(connection)
        self.audit = SqlAuditLog(connection)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        # Anything not committed explicitly is rolled back: a crash never half-applies.
        if connection.in_transaction():
            connection.rollback()
        connection.close()
        if isinstance(exc, IntegrityError):
            raise conflict_from(exc) from exc

    def commit(self) -> None:
        if self._connection is None:
            raise RuntimeError("commit() outside the unit of work")
        try:
            self._connection.commit()
        except IntegrityError as error:
            raise conflict_from(error) from error
        self._connection.begin()

    @property
    def connection(self) -> Connection:
        """For bulk adapters (imports, the demo loader) that work set-wise inside this transaction."""
        if self._connection is None:
            raise RuntimeError("the unit of work is not open")
        return self._connection


class SqlUnitOfWorkFactory:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine)
