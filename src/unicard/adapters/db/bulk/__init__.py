"""The registry worked on set-wise: imports staged in TEMP tables and applied with INSERT…SELECT,
exports streamed with a server-side cursor. Everything runs inside the unit of work's transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Self

from sqlalchemy import Connection

from unicard.adapters.db.bulk import exports
from unicard.adapters.db.bulk.citizens import SqlCitizenStaging
from unicard.adapters.db.bulk.households import SqlHouseholdStaging
from unicard.adapters.db.unit_of_work import SqlUnitOfWork
from unicard.services.imports.ports import CitizenRecord, MemberRecord


class SqlBulkRegistry:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def citizen_staging(self) -> SqlCitizenStaging:
        return SqlCitizenStaging(self._db)

    def household_staging(self) -> SqlHouseholdStaging:
        return SqlHouseholdStaging(self._db)

    def count_citizens(self) -> int:
        return exports.count_citizens(self._db)

    def citizens(self) -> Iterator[CitizenRecord]:
        return exports.citizen_records(self._db)

    def count_members(self) -> int:
        return exports.count_members(self._db)

    def members(self) -> Iterator[MemberRecord]:
        return exports.member_records(self._db)


class SqlImportUnitOfWork(SqlUnitOfWork):
    """The unit of work with the set-wise registry on the same connection and transaction."""

    bulk: SqlBulkRegistry

    def __enter__(self) -> Self:
        super().__enter__()
        self.bulk = SqlBulkRegistry(self.connection)
        return self
