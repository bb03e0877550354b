"""The rollout schedule and the legacy ration cards (issue 4, parts 5 and 10).

- ``rollout_schedule``: one row per governorate and card service, the first day it works there.
  ``revision`` grows with every change, so a cached copy can tell it is stale (see ``rollout``).
- ``legacy_ration_cards``: the old ration card numbers, each bound to one household; the number
  is unique, so one old card can never draw for two families.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, Index, Integer, String, Table, Text

from unicard.adapters.db.tables import metadata
from unicard.adapters.db.types import BigId, UtcDateTime

rollout_schedule = Table(
    "rollout_schedule",
    metadata,
    Column("governorate", String(2), primary_key=True),
    Column("service", String(12), primary_key=True),
    Column("starts_on", Date, nullable=False),
    Column("revision", Integer, nullable=False, server_default="1"),
    Column("changed_by", Text, nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
    CheckConstraint("service IN ('payments', 'supply', 'health')", name="service_known"),
)

legacy_ration_cards = Table(
    "legacy_ration_cards",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("number", String(20), nullable=False, unique=True),
    Column("household_id", ForeignKey("households.id"), nullable=False),
    Column("token", String(32), nullable=False, unique=True),  # what transactions record
    Column("imported_by", Text, nullable=False),
    Column("imported_at", UtcDateTime, nullable=False),
)
Index("ix_legacy_ration_cards_household", legacy_ration_cards.c.household_id)
