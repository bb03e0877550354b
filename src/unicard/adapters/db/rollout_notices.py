"""Switch-on notices straight into the outbox: one INSERT … SELECT per channel, however many citizens.

The rows have the shape :mod:`.outbox` writes (same columns, status ``pending``, due at once);
the outbox's unique ``dedupe_key`` with ON CONFLICT DO NOTHING makes a second run queue nothing
for citizens already told, and lets a citizen who collects a card later be told on the next run.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, Connection, Integer, String, Text, exists, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from unicard.adapters.db.cards import cardholder_governorate
from unicard.adapters.db.tables import citizens
from unicard.adapters.db.tables_payments import cards, outbox
from unicard.adapters.db.types import UtcDateTime
from unicard.domain.cards.card import CardStatus
from unicard.domain.notifications import Channel, DeliveryStatus
from unicard.domain.notifications.params import Stored
from unicard.domain.rollout import RolloutEntry
from unicard.services.rollout.ports import Queued

_COLUMNS = (
    "channel",
    "recipient",
    "template",
    "params",
    "language",
    "dedupe_key",
    "status",
    "attempts",
    "next_attempt_at",
    "created_at",
)


class SqlSwitchOnNotices:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def queue(
        self, entry: RolloutEntry, template_id: str, params: Mapping[str, Stored], *, at: dt.datetime
    ) -> Queued:
        encoded = json.dumps(dict(params), ensure_ascii=False, sort_keys=True)
        common = (template_id, encoded, entry, at)
        sms = self._insert(Channel.SMS, citizens.c.mobile, citizens.c.mobile.is_not(None), *common)
        app = self._insert(Channel.APP, citizens.c.national_id, None, *common)
        return Queued(sms=sms, app=app)

    def _insert(
        self,
        channel: Channel,
        recipient: ColumnElement[Any],
        condition: ColumnElement[bool] | None,
        template_id: str,
        params: str,
        entry: RolloutEntry,
        at: dt.datetime,
    ) -> int:
        key = (
            literal(f"rollout:{entry.service.value}:", String)
            + citizens.c.national_id
            + literal(f":{channel}", String)
        )
        holds_card = exists().where(
            cards.c.citizen_id == citizens.c.id,
            cards.c.status == CardStatus.ACTIVE.value,
            # services is a comma list of known names, none a part of another
            cards.c.services.like(f"%{entry.service.value}%"),
        )
        rows = select(
            literal(channel.value, String),
            recipient,
            literal(template_id, String),
            literal(params, Text),
            literal("ar", String),
            key,
            literal(DeliveryStatus.PENDING.value, String),
            literal(0, Integer),
            literal(at, UtcDateTime),
            literal(at, UtcDateTime),
        ).where(
            citizens.c.deceased_on.is_(None),
            holds_card,
            cardholder_governorate() == entry.governorate,
        )
        if condition is not None:
            rows = rows.where(condition)
        dialect_insert = pg_insert if self._db.dialect.name == "postgresql" else sqlite_insert
        statement = (
            dialect_insert(outbox)
            .from_select(list(_COLUMNS), rows)
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(outbox.c.id)
        )
        return len(self._db.execute(statement).all())
