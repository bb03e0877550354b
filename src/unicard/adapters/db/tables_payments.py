"""The schema of the ledger, policy, merchants, cards, authorizations and notifications.

Invariants the database enforces itself (see migration 0002 for the triggers):
- a journal entry balances per unit: postings are written first, then the entry header,
  whose insert trigger refuses an unbalanced or empty set; a posting to a sealed entry is
  refused, and entries and postings are never updated or deleted;
- a posting's unit is its account's unit (composite foreign key);
- a balance row never goes below its floor (CHECK), so no race can overspend;
- an entry is reversed at most once (unique ``reverses``);
- a terminal's idempotency key is used once (unique per terminal).

Hot accounts without a floor (the ministry's funding, a big bakery's claim) keep their balance
in several shard rows, so concurrent authorizations do not queue on one row.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from unicard.adapters.db.tables import metadata
from unicard.adapters.db.types import BigId, UtcDateTime

accounts = Table(
    "accounts",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("unit", String(12), nullable=False),
    Column("owner_type", String(10), nullable=False),
    Column("owner_id", String(40), nullable=False),
    Column("floor", BigInteger),  # NULL: may go negative (funding and merchant accounts)
    Column("shards", Integer, nullable=False, server_default="1"),
    Column("opened_at", UtcDateTime, nullable=False),
    UniqueConstraint("kind", "owner_type", "owner_id", name="uq_accounts_owner_kind"),
    UniqueConstraint("id", "unit", name="uq_accounts_id_unit"),
    CheckConstraint("unit IN ('EGP', 'LOAF', 'BREAD_POINT')", name="unit_known"),
    CheckConstraint("shards >= 1 AND (floor IS NULL OR shards = 1)", name="floored_accounts_unsharded"),
)

account_balances = Table(
    "account_balances",
    metadata,
    Column("account_id", ForeignKey("accounts.id"), primary_key=True),
    Column("shard", Integer, primary_key=True, autoincrement=False),
    Column("balance", BigInteger, nullable=False, server_default="0"),
    Column("floor", BigInteger),  # the account's floor, repeated so a CHECK can hold it
    CheckConstraint("floor IS NULL OR balance >= floor", name="not_below_floor"),
)

journal_entries = Table(
    "journal_entries",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(24), nullable=False),
    Column("memo", Text, nullable=False, server_default=""),
    Column("policy_version", String(32), nullable=False),
    Column("reverses", String(32), ForeignKey("journal_entries.id"), unique=True),
    Column("posted_at", UtcDateTime, nullable=False),
)

postings = Table(
    "postings",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    # Deferred: postings are written before their entry header, which seals and checks them.
    Column(
        "entry_id",
        String(32),
        ForeignKey("journal_entries.id", deferrable=True, initially="DEFERRED"),
        nullable=False,
    ),
    Column("account_id", BigInteger().with_variant(Integer(), "sqlite"), nullable=False),
    Column("unit", String(12), nullable=False),
    Column("amount", BigInteger, nullable=False),
    ForeignKeyConstraint(
        ["account_id", "unit"], ["accounts.id", "accounts.unit"], name="fk_postings_account_unit"
    ),
    UniqueConstraint("entry_id", "account_id", name="uq_postings_entry_account"),
    CheckConstraint("amount <> 0", name="amount_not_zero"),
)
Index("ix_postings_account", postings.c.account_id, postings.c.id)

policy_versions = Table(
    "policy_versions",
    metadata,
    Column("version", String(32), primary_key=True),
    Column("effective_from", Date, nullable=False, unique=True),
    Column("document", Text, nullable=False),  # the policy as JSON (adapters/policy_files codec)
    Column("created_by", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

merchants = Table(
    "merchants",
    metadata,
    Column("id", String(24), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("name_ar", Text, nullable=False),
    Column("name_en", Text),
    Column("governorate", String(2), nullable=False),
    Column("status", String(10), nullable=False, server_default="active"),
    Column("created_at", UtcDateTime, nullable=False),
    CheckConstraint(
        "kind IN ('bakery', 'grocer', 'retail', 'post_atm', 'post_counter', 'health_provider', 'biller')",
        name="kind_known",
    ),
    CheckConstraint("status IN ('active', 'suspended', 'closed')", name="status_known"),
)

terminals = Table(
    "terminals",
    metadata,
    Column("id", String(24), primary_key=True),
    Column("merchant_id", ForeignKey("merchants.id"), nullable=False),
    Column("secret_hash", String(64), nullable=False),  # HMAC-SHA256 of a 256-bit random secret
    Column("status", String(10), nullable=False, server_default="active"),
    Column("created_at", UtcDateTime, nullable=False),
    CheckConstraint("status IN ('active', 'suspended', 'retired')", name="status_known"),
)
Index("ix_terminals_merchant", terminals.c.merchant_id)

cards = Table(
    "cards",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("token", String(32), nullable=False, unique=True),  # what leaves the card module
    Column("pan_hmac", String(64), nullable=False, unique=True),  # keyed hash: find by PAN, never store it
    Column("last4", String(4), nullable=False),
    Column("citizen_id", ForeignKey("citizens.id"), nullable=False),
    Column("sequence_number", Integer, nullable=False, server_default="0"),
    Column("expires_on", Date, nullable=False),
    Column("status", String(10), nullable=False),
    Column("services", String(64), nullable=False),  # comma list: payments,supply,health
    Column("created_at", UtcDateTime, nullable=False),
    Column("activated_at", UtcDateTime),
    CheckConstraint(
        "status IN ('produced', 'notified', 'active', 'blocked', 'expired', 'replaced')", name="status_known"
    ),
)
Index("ix_cards_citizen", cards.c.citizen_id)

transactions = Table(
    "transactions",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("terminal_id", ForeignKey("terminals.id"), nullable=False),
    Column("idempotency_key", String(64), nullable=False),
    Column("request_hash", String(64), nullable=False),
    Column("type", String(24), nullable=False),
    Column("channel", String(12), nullable=False),
    Column("card_token", String(32)),
    Column("citizen_national_id", String(14)),
    Column("household_number", String(16)),
    Column("amount", BigInteger),  # piasters, when money moves
    Column("loaves", Integer),
    Column("response_code", String(2), nullable=False),
    Column("decline_reason", String(64)),
    Column("entry_id", String(32), ForeignKey("journal_entries.id", deferrable=True, initially="DEFERRED")),
    Column("policy_version", String(32)),
    Column("reverses", String(32), ForeignKey("transactions.id")),
    Column("response", Text, nullable=False),  # the answer as sent, replayed on a retry
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("terminal_id", "idempotency_key", name="uq_transactions_terminal_key"),
)
Index("ix_transactions_household", transactions.c.household_number, transactions.c.created_at)
Index("ix_transactions_citizen", transactions.c.citizen_national_id, transactions.c.created_at)

entitlement_periods = Table(
    "entitlement_periods",
    metadata,
    Column("household_id", ForeignKey("households.id"), primary_key=True),
    Column("period", String(7), primary_key=True),  # YYYY-MM, Africa/Cairo
    Column("members_counted", Integer, nullable=False),
    Column("bread_granted", Integer, nullable=False),
    Column("ration_granted", BigInteger, nullable=False),
    Column("points_granted", BigInteger, nullable=False),
    Column("policy_version", String(32), nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("closed_at", UtcDateTime),
)

# What each ration redemption took of each catalog item, so the monthly per-item caps hold; a
# reversal adds the same rows negated, so a month's sum is what the household kept.
ration_item_draws = Table(
    "ration_item_draws",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("household_id", ForeignKey("households.id"), nullable=False),
    Column("period", String(7), nullable=False),
    Column("item", String(32), nullable=False),
    Column("units", Integer, nullable=False),
    Column("transaction_id", String(32), nullable=False),
    CheckConstraint("units <> 0", name="units_nonzero"),
)
Index("ix_ration_item_draws_month", ration_item_draws.c.household_id, ration_item_draws.c.period)
Index("ix_ration_item_draws_transaction", ration_item_draws.c.transaction_id)

outbox = Table(
    "outbox",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("channel", String(8), nullable=False),  # sms | app
    Column("recipient", String(40), nullable=False),  # E.164 for sms, national ID for app
    Column("template", String(48), nullable=False),
    Column("params", Text, nullable=False),
    Column("language", String(2), nullable=False, server_default="ar"),
    Column("dedupe_key", String(96), nullable=False, unique=True),
    Column("status", String(8), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("sent_at", UtcDateTime),
    Column("provider_ref", String(64)),
    Column("last_error", Text),
    CheckConstraint("channel IN ('sms', 'app')", name="channel_known"),
    CheckConstraint("status IN ('pending', 'sent', 'failed')", name="status_known"),
)
Index(
    "ix_outbox_due",
    outbox.c.next_attempt_at,
    postgresql_where=text("status = 'pending'"),
    sqlite_where=text("status = 'pending'"),
)

citizen_events = Table(
    "citizen_events",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("national_id", String(14), nullable=False),
    Column("kind", String(48), nullable=False),
    Column("payload", Text, nullable=False),
    Column("outbox_id", BigInteger, unique=True),  # delivered once, whatever the retries
    Column("created_at", UtcDateTime, nullable=False),
)
Index("ix_citizen_events_stream", citizen_events.c.national_id, citizen_events.c.id)
