"""Card security state per card (issue 4, parts 6 and 7): last ATC, PIN verification data."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Integer, String, Table, text

from unicard.adapters.db.tables import metadata
from unicard.adapters.db.tables_payments import cards
from unicard.adapters.db.types import UtcDateTime

card_security = Table(
    "card_security",
    metadata,
    Column("card_token", String(32), ForeignKey(cards.c.token), primary_key=True),
    Column("last_atc", Integer),  # the highest ATC of a genuine cryptogram; NULL before the first
    Column("pin_verification_value", String(64)),  # HMAC-SHA256 under the PVK, never the PIN
    Column("pin_failed_tries", Integer, nullable=False, server_default="0"),
    Column("pin_locked", Boolean, nullable=False, server_default=text("false")),
    Column("updated_at", UtcDateTime, nullable=False),
    CheckConstraint("last_atc BETWEEN 0 AND 65535", name="last_atc_range"),
    CheckConstraint("pin_failed_tries >= 0", name="pin_failed_tries_not_negative"),
)
