"""The registry streamed out row by row, for the CSV exports."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Select, and_, case, func, select

from unicard.adapters.db.tables import citizens, household_members, households
from unicard.services.imports.ports import CitizenRecord, MemberRecord

_open = household_members.c.left_at.is_(None)
_BATCH = 5_000


def count_citizens(connection: Connection) -> int:
    return connection.execute(select(func.count()).select_from(citizens)).scalar_one()


def citizen_records(connection: Connection) -> Iterator[CitizenRecord]:
    query = select(
        citizens.c.national_id,
        citizens.c.name_ar,
        citizens.c.name_latin,
        citizens.c.birth_date,
        citizens.c.sex,
        citizens.c.residence_governorate,
        citizens.c.mobile,
        citizens.c.deceased_on,
    ).order_by(citizens.c.id)
    for row in _stream(connection, query):
        yield CitizenRecord(*row)


def count_members(connection: Connection) -> int:
    return connection.execute(select(func.count()).select_from(household_members).where(_open)).scalar_one()


def member_records(connection: Connection) -> Iterator[MemberRecord]:
    head_first = case((household_members.c.relation == "head", 0), else_=1)
    query = (
        select(
            households.c.number,
            households.c.governorate,
            citizens.c.national_id,
            household_members.c.relation,
            households.c.grocer_id,
        )
        .join(household_members, and_(household_members.c.household_id == households.c.id, _open))
        .join(citizens, citizens.c.id == household_members.c.citizen_id)
        .order_by(households.c.number, head_first, citizens.c.national_id)
    )
    for row in _stream(connection, query):
        yield MemberRecord(*row)


def _stream(connection: Connection, query: Select[Any]) -> Iterator[Any]:
    # A server-side cursor on PostgreSQL: memory stays flat however big the registry.
    # Options on the statement, not the connection: Connection.execution_options() changes the
    # connection in place, and the statements after it would all get server-side cursors.
    yield from connection.execute(query, execution_options={"yield_per": _BATCH})
