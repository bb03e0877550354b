"""Which gateway messages were acted on, and how: the record that makes a retry a no-op."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, insert, select

from unicard.adapters.db.tables_inbound_sms import inbound_sms


class SqlInboundSmsLog:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def outcome_of(self, message_key: str) -> str | None:
        query = select(inbound_sms.c.outcome).where(inbound_sms.c.message_key == message_key)
        return self._db.execute(query).scalar_one_or_none()

    def record(self, message_key: str, outcome: str, at: dt.datetime) -> None:
        """In the caller's transaction; a concurrent twin fails on the primary key at commit."""
        self._db.execute(insert(inbound_sms).values(message_key=message_key, outcome=outcome, received_at=at))
