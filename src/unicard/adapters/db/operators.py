"""Operators, their roles and governorate scopes in SQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, insert, select, update

from unicard.adapters.db.tables import operator_governorates, operator_roles, operators
from unicard.domain.operators.operator import Operator, Role


class SqlOperatorRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def get(self, username: str) -> Operator | None:
        row = self._db.execute(select(operators).where(operators.c.username == username)).first()
        if row is None:
            return None
        roles = self._db.execute(select(operator_roles.c.role).where(operator_roles.c.operator_id == row.id))
        scopes = self._db.execute(
            select(operator_governorates.c.governorate).where(operator_governorates.c.operator_id == row.id)
        )
        return Operator(
            username=row.username,
            display_name=row.display_name,
            roles=frozenset(Role(role) for role in roles.scalars()),
            governorates=frozenset(scopes.scalars()),
            active=row.active,
            id=row.id,
        )

    def password_hash(self, username: str) -> str | None:
        return self._db.execute(
            select(operators.c.password_hash).where(operators.c.username == username)
        ).scalar()

    def add(self, operator: Operator, password_hash: str) -> Operator:
        operator_id = self._db.execute(
            insert(operators)
            .values(
                username=operator.username,
                display_name=operator.display_name,
                password_hash=password_hash,
                active=operator.active,
                created_at=dt.datetime.now(dt.UTC),
            )
            .returning(operators.c.id)
        ).scalar_one()
        self._db.execute(
            insert(operator_roles),
            [{"operator_id": operator_id, "role": role.value} for role in operator.roles],
        )
        self._db.execute(
            insert(operator_governorates),
            [{"operator_id": operator_id, "governorate": code} for code in operator.governorates],
        )
        return Operator(
            operator.username,
            operator.display_name,
            operator.roles,
            operator.governorates,
            operator.active,
            operator_id,
        )

    def set_password_hash(self, username: str, password_hash: str) -> None:
        self._db.execute(
            update(operators).where(operators.c.username == username).values(password_hash=password_hash)
        )
