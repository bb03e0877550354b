"""The notifications outbox in SQL (table ``outbox``, see ``tables_payments``)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Row, case, func, literal_column, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from unicard.adapters.db.many_rows import insert_rows
from unicard.adapters.db.pipeline import Pipeline
from unicard.adapters.db.tables_payments import outbox
from unicard.domain.notifications import Channel, Delivery, DeliveryStatus, Notification, TemplateId

# A literal, not a bound parameter: PostgreSQL can use the partial index ix_outbox_due
# (WHERE status = 'pending') only when it can see the predicate, also in a generic plan.
_PENDING = outbox.c.status == literal_column("'pending'")
# A one-time code is kept (in its SMS) only until the SMS is delivered or given up on; then the
# row keeps the message's shape, not the code.
_HIDDEN = {"ar": "******", "en": "******"}
_WITHOUT_SECRETS = case(
    (
        outbox.c.template == TemplateId.ONE_TIME_CODE.value,
        json.dumps({"code": _HIDDEN, "minutes": 0, "purpose": ""}, sort_keys=True),
    ),
    else_=outbox.c.params,
)


class SqlOutbox:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, notification: Notification) -> bool:
        dialect_insert = pg_insert if self._db.dialect.name == "postgresql" else sqlite_insert
        # ON CONFLICT DO NOTHING, not a caught unique violation: on PostgreSQL a violation
        # would abort the caller's whole business transaction.
        statement = (
            dialect_insert(outbox)
            .values(**_row(notification))
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(outbox.c.id)  # rowcount is not reliable here (psycopg reports -1)
        )
        return self._db.execute(statement).scalar_one_or_none() is not None

    def add_many(self, notifications: Sequence[Notification], pipeline: Pipeline | None = None) -> None:
        """Many rows in one statement (queued in ``pipeline`` if given); a dedupe key already
        queued is skipped, as in :meth:`add`."""
        rows = [_row(notification) for notification in notifications]
        insert_rows(self._db, outbox, rows, skip_conflicts_on=("dedupe_key",), pipeline=pipeline)

    def claim_next(self, now: dt.datetime) -> Delivery | None:
        # SKIP LOCKED on PostgreSQL; SQLite renders no FOR UPDATE, its BEGIN IMMEDIATE already
        # gave this transaction the only write lock.
        row = self._db.execute(
            select(outbox)
            .where(_PENDING, outbox.c.next_attempt_at <= now)
            .order_by(outbox.c.next_attempt_at, outbox.c.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).first()
        return None if row is None else _delivery(row)

    def mark_sent(self, delivery_id: int, *, at: dt.datetime, provider_ref: str | None) -> None:
        self._attempted(
            delivery_id,
            status="sent",
            sent_at=at,
            provider_ref=provider_ref,
            last_error=None,
            params=_WITHOUT_SECRETS,
        )

    def reschedule(self, delivery_id: int, *, next_attempt_at: dt.datetime, error: str) -> None:
        self._attempted(delivery_id, next_attempt_at=next_attempt_at, last_error=error)

    def mark_failed(self, delivery_id: int, *, error: str) -> None:
        self._attempted(delivery_id, status="failed", last_error=error, params=_WITHOUT_SECRETS)

    def get(self, delivery_id: int) -> Delivery | None:
        row = self._db.execute(select(outbox).where(outbox.c.id == delivery_id)).first()
        return None if row is None else _delivery(row)

    def find(self, dedupe_key_prefix: str) -> Sequence[Delivery]:
        pattern = dedupe_key_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self._db.execute(
            select(outbox).where(outbox.c.dedupe_key.like(pattern, escape="\\")).order_by(outbox.c.id)
        )
        return [_delivery(row) for row in rows]

    def counts(self) -> Mapping[DeliveryStatus, int]:
        rows = self._db.execute(select(outbox.c.status, func.count()).group_by(outbox.c.status))
        found = {DeliveryStatus(status): count for status, count in rows}
        return {status: found.get(status, 0) for status in DeliveryStatus}

    def _attempted(self, delivery_id: int, **values: Any) -> None:
        self._db.execute(
            update(outbox).where(outbox.c.id == delivery_id).values(attempts=outbox.c.attempts + 1, **values)
        )


def _row(notification: Notification) -> dict[str, Any]:
    return {
        "channel": notification.channel.value,
        "recipient": notification.recipient,
        "template": notification.template,
        "params": json.dumps(dict(notification.params), ensure_ascii=False, sort_keys=True),
        "language": notification.language,
        "dedupe_key": notification.dedupe_key,
        "status": DeliveryStatus.PENDING.value,
        "attempts": 0,
        "next_attempt_at": notification.created_at,
        "created_at": notification.created_at,
    }


def _delivery(row: Row[Any]) -> Delivery:
    notification = Notification(
        channel=Channel(row.channel),
        recipient=row.recipient,
        template=row.template,
        params=json.loads(row.params),
        language="en" if row.language == "en" else "ar",
        dedupe_key=row.dedupe_key,
        created_at=row.created_at,
    )
    return Delivery(
        id=row.id,
        notification=notification,
        status=DeliveryStatus(row.status),
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        sent_at=row.sent_at,
        provider_ref=row.provider_ref,
        last_error=row.last_error,
    )
