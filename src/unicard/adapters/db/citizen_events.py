"""The citizens' in-app event stream in SQL (table ``citizen_events``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Row, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from unicard.adapters.db.tables_payments import citizen_events
from unicard.domain.notifications import CitizenEvent


class SqlCitizenEvents:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def append(self, event: CitizenEvent) -> int | None:
        dialect_insert = pg_insert if self._db.dialect.name == "postgresql" else sqlite_insert
        # The unique outbox_id makes a redelivered row a no-op, without aborting the transaction.
        statement = (
            dialect_insert(citizen_events)
            .values(
                national_id=event.national_id,
                kind=event.kind,
                payload=json.dumps(dict(event.payload), ensure_ascii=False, sort_keys=True),
                outbox_id=event.outbox_id,
                created_at=event.created_at,
            )
            .on_conflict_do_nothing(index_elements=["outbox_id"])
            .returning(citizen_events.c.id)
        )
        return self._db.execute(statement).scalar_one_or_none()

    def after(self, national_id: str, after_id: int, limit: int) -> Sequence[CitizenEvent]:
        rows = self._db.execute(
            select(citizen_events)
            .where(citizen_events.c.national_id == national_id, citizen_events.c.id > after_id)
            .order_by(citizen_events.c.id)
            .limit(limit)
        )
        return [_event(row) for row in rows]


def _event(row: Row[Any]) -> CitizenEvent:
    return CitizenEvent(
        national_id=row.national_id,
        kind=row.kind,
        payload=json.loads(row.payload),
        created_at=row.created_at,
        outbox_id=row.outbox_id,
        id=row.id,
    )
