"""The schema of inbound SMS: each gateway message acted on once, with what it did."""

from __future__ import annotations

from sqlalchemy import Column, String, Table

from unicard.adapters.db.tables import metadata
from unicard.adapters.db.types import UtcDateTime

inbound_sms = Table(
    "inbound_sms",
    metadata,
    # A hash of the gateway's message id: any characters, any length, a fixed-size key.
    Column("message_key", String(40), primary_key=True),
    Column("outcome", String(20), nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
)
