"""The citizen app's tables: one-time codes, and the record of each wallet account opening.

``otp_codes`` keeps a keyed digest of each code, never the code. At most one code per citizen
and purpose is live (a partial unique index), so a new code replaces the old one for good.

``wallet_openings`` records that Egypt Post opened a citizen's personal wallet: who opened it,
where, to which registered mobile. The wallet itself is the ledger account (``accounts``, kind
``wallet``); this row says it was opened at a counter, one per citizen.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String, Table, text

from unicard.adapters.db.tables import metadata
from unicard.adapters.db.types import BigId, UtcDateTime

otp_codes = Table(
    "otp_codes",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("national_id", String(14), ForeignKey("citizens.national_id"), nullable=False),
    Column("purpose", String(16), nullable=False),
    Column("digest", String(64), nullable=False),  # HMAC-SHA-256, hex
    Column("mobile", String(13), nullable=False),  # E.164, where the code was sent
    Column("issued_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("state", String(8), nullable=False),
    CheckConstraint("state IN ('live', 'used', 'dead')", name="state_known"),
    CheckConstraint("attempts >= 0", name="attempts_not_negative"),
    Index("ix_otp_codes_issued", "national_id", "purpose", "issued_at"),
    Index(
        "uq_otp_codes_live",
        "national_id",
        "purpose",
        unique=True,
        sqlite_where=text("state = 'live'"),
        postgresql_where=text("state = 'live'"),
    ),
)

wallet_openings = Table(
    "wallet_openings",
    metadata,
    Column("national_id", String(14), ForeignKey("citizens.national_id"), primary_key=True),
    Column("account_id", ForeignKey("accounts.id"), nullable=False, unique=True),
    Column("mobile", String(13), nullable=False),  # E.164, the registered mobile checked at opening
    Column("governorate", String(2), nullable=False),  # the citizen's residence, the clerk's scope
    Column("opened_by", String(40), nullable=False),  # the clerk's username
    Column("opened_at", UtcDateTime, nullable=False),
)
