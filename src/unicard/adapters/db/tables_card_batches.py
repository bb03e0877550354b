"""The schema of card production batches and of each produced card's issuance record.

``cards`` (tables_payments) stays what the engine reads; what only production, the pickup desk
and blocking need lives here, keyed by the card's token: the batch it came in, the card it
replaces, the fingerprint reference and PIN verification data set at the desk, and the block.
Neither table holds a PAN: the PAN goes to the personalisation bureau and is found by its keyed
hash (``cards.pan_hmac``) only.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from unicard.adapters.db.tables import metadata
from unicard.adapters.db.types import BigId, UtcDateTime

card_batches = Table(
    "card_batches",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("governorate", String(2), nullable=False),
    Column("office_id", ForeignKey("merchants.id"), nullable=False),  # the post office
    Column("status", String(10), nullable=False),
    Column("card_count", Integer, nullable=False),
    Column("produced_by", Text, nullable=False),
    Column("produced_at", UtcDateTime, nullable=False),
    Column("dispatched_at", UtcDateTime),
    Column("arrived_at", UtcDateTime),
    Column("pickup_from", Date),  # the window the pickup notice names
    Column("pickup_until", Date),
    CheckConstraint("status IN ('produced', 'dispatched', 'at_office')", name="status_known"),
)

card_issuance = Table(
    "card_issuance",
    metadata,
    Column("card_token", ForeignKey("cards.token"), primary_key=True),
    Column("batch_id", ForeignKey("card_batches.id"), nullable=False),
    Column("replaces_token", ForeignKey("cards.token")),  # the lost card this one replaces
    Column("fingerprint_ref", String(128)),  # the reader's template reference, never an image
    Column("handed_over_at", UtcDateTime),
    Column("handed_over_by", Text),
    Column("blocked_at", UtcDateTime),
    Column("blocked_reason", String(10)),
    Column("blocked_by", Text),
)
Index("ix_card_issuance_batch", card_issuance.c.batch_id)

#: The next account number per issuer BIN: PANs are handed out in blocks, never twice.
card_pan_sequence = Table(
    "card_pan_sequence",
    metadata,
    Column("bin", String(8), primary_key=True),
    Column("next_account", BigInteger, nullable=False),
)
