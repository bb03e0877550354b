"""Merchants and their terminals in SQL (tables ``merchants`` and ``terminals``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, TypeAlias

from sqlalchemy import Connection, Row, and_, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from unicard.adapters.db.tables_payments import merchants, terminals
from unicard.domain.merchants import Merchant, MerchantKind, MerchantStatus, Terminal, TerminalStatus
from unicard.domain.shared.errors import Conflict
from unicard.services.merchant_ports import MerchantQuery, NewTerminal, TerminalCredentials

#: A result row of any width (the merchant columns, or those plus a terminal's).
AnyRow: TypeAlias = Row[*tuple[Any, ...]]
_MERCHANT_COLUMNS = tuple(column for column in merchants.c if column.name != "created_at")


class SqlMerchantRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def get(self, merchant_id: str) -> Merchant | None:
        row = self._db.execute(select(*_MERCHANT_COLUMNS).where(merchants.c.id == merchant_id)).first()
        return merchant_from_row(row) if row else None

    def add(self, new: Sequence[Merchant], at: dt.datetime) -> None:
        if not new:
            return
        # A savepoint, so that a clash on the id leaves the transaction usable to draw another.
        try:
            with self._db.begin_nested():
                self._db.execute(insert(merchants), [{**merchant_values(m), "created_at": at} for m in new])
        except IntegrityError:
            raise Conflict("merchant.duplicate", merchant_id=", ".join(m.id for m in new)) from None

    def update(self, before: Merchant, after: Merchant) -> None:
        current = merchant_values(before)
        changed = self._db.execute(
            update(merchants)
            .where(*(merchants.c[name] == value for name, value in current.items() if value is not None))
            .where(*(merchants.c[name].is_(None) for name, value in current.items() if value is None))
            .values(merchant_values(after))
        )
        if changed.rowcount != 1:
            raise Conflict("merchant.changed_meanwhile", merchant_id=before.id)

    def search(self, query: MerchantQuery) -> Sequence[Merchant]:
        conditions = []
        if query.kinds is not None:
            conditions.append(merchants.c.kind.in_(sorted(query.kinds)))
        if query.governorates is not None:
            conditions.append(merchants.c.governorate.in_(sorted(query.governorates)))
        statement = (
            select(*_MERCHANT_COLUMNS)
            .where(and_(*conditions))
            .order_by(merchants.c.id)
            .limit(query.limit)
            .offset(query.offset)
        )
        return [merchant_from_row(row) for row in self._db.execute(statement)]

    def last_serial(self, kind: MerchantKind, governorate: str) -> int:
        # Ids are fixed-width, so the greatest id of a prefix carries the greatest serial.
        stem = f"{kind.prefix}-{governorate}-"
        last = self._db.execute(
            select(func.max(merchants.c.id)).where(merchants.c.id.startswith(stem))
        ).scalar()
        return int(last.removeprefix(stem)) if last else 0

    def terminal(self, terminal_id: str) -> Terminal | None:
        row = self._db.execute(
            select(terminals.c.id, terminals.c.merchant_id, terminals.c.status).where(
                terminals.c.id == terminal_id
            )
        ).first()
        return terminal_from_row(row) if row else None

    def terminals_of(self, merchant_id: str) -> Sequence[Terminal]:
        rows = self._db.execute(
            select(terminals.c.id, terminals.c.merchant_id, terminals.c.status)
            .where(terminals.c.merchant_id == merchant_id)
            .order_by(terminals.c.id)
        )
        return [terminal_from_row(row) for row in rows]

    def add_terminals(self, new: Sequence[NewTerminal], at: dt.datetime) -> None:
        if not new:
            return
        try:
            with self._db.begin_nested():
                self._db.execute(insert(terminals), [terminal_values(item, at) for item in new])
        except IntegrityError:
            raise Conflict("terminal.duplicate", terminal_id=", ".join(i.terminal.id for i in new)) from None

    def update_terminal(self, before: Terminal, after: Terminal) -> None:
        changed = self._db.execute(
            update(terminals)
            .where(terminals.c.id == before.id, terminals.c.status == before.status.value)
            .values(status=after.status.value)
        )
        if changed.rowcount != 1:
            raise Conflict("terminal.changed_meanwhile", terminal_id=before.id)

    def replace_secret_hash(self, terminal_id: str, secret_hash: str) -> None:
        self._db.execute(
            update(terminals).where(terminals.c.id == terminal_id).values(secret_hash=secret_hash)
        )

    def credentials(self, terminal_id: str) -> TerminalCredentials | None:
        row = self._db.execute(
            select(
                terminals.c.id.label("terminal_id"),
                terminals.c.status.label("terminal_status"),
                terminals.c.secret_hash,
                *_MERCHANT_COLUMNS,
            )
            .join(merchants, merchants.c.id == terminals.c.merchant_id)
            .where(terminals.c.id == terminal_id)
        ).first()
        if row is None:
            return None
        terminal = Terminal(row.terminal_id, row.id, TerminalStatus(row.terminal_status))
        return TerminalCredentials(terminal, merchant_from_row(row), row.secret_hash)


def merchant_values(merchant: Merchant) -> dict[str, Any]:
    """The ``merchants`` row of a merchant, without ``created_at`` (shared with the import)."""
    return {
        "id": merchant.id,
        "kind": merchant.kind.value,
        "name_ar": merchant.name_ar,
        "name_en": merchant.name_en,
        "governorate": merchant.governorate,
        "status": merchant.status.value,
    }


def terminal_values(item: NewTerminal, at: dt.datetime) -> dict[str, Any]:
    return {
        "id": item.terminal.id,
        "merchant_id": item.terminal.merchant_id,
        "secret_hash": item.secret_hash,
        "status": item.terminal.status.value,
        "created_at": at,
    }


def merchant_from_row(row: AnyRow) -> Merchant:
    return Merchant(
        id=row.id,
        kind=MerchantKind(row.kind),
        name_ar=row.name_ar,
        governorate=row.governorate,
        name_en=row.name_en,
        status=MerchantStatus(row.status),
    )


def terminal_from_row(row: AnyRow) -> Terminal:
    return Terminal(row.id, row.merchant_id, TerminalStatus(row.status))
