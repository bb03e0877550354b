"""The ledger, benefit policy, merchants and terminals, cards, authorizations, notifications.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from unicard.adapters.db.types import UtcDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("unit", sa.String(length=12), nullable=False),
        sa.Column("owner_type", sa.String(length=10), nullable=False),
        sa.Column("owner_id", sa.String(length=40), nullable=False),
        sa.Column("floor", sa.BigInteger(), nullable=True),
        sa.Column("shards", sa.Integer(), server_default="1", nullable=False),
        sa.Column("opened_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint("unit IN ('EGP', 'LOAF', 'BREAD_POINT')", name=op.f("ck_accounts_unit_known")),
        sa.CheckConstraint(
            "shards >= 1 AND (floor IS NULL OR shards = 1)",
            name=op.f("ck_accounts_floored_accounts_unsharded"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("id", "unit", name="uq_accounts_id_unit"),
        sa.UniqueConstraint("kind", "owner_type", "owner_id", name="uq_accounts_owner_kind"),
    )
    op.create_table(
        "citizen_events",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("national_id", sa.String(length=14), nullable=False),
        sa.Column("kind", sa.String(length=48), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("outbox_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizen_events")),
        sa.UniqueConstraint("outbox_id", name=op.f("uq_citizen_events_outbox_id")),
    )
    with op.batch_alter_table("citizen_events", schema=None) as batch_op:
        batch_op.create_index("ix_citizen_events_stream", ["national_id", "id"], unique=False)

    op.create_table(
        "journal_entries",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("memo", sa.Text(), server_default="", nullable=False),
        sa.Column("policy_version", sa.String(length=32), nullable=False),
        sa.Column("reverses", sa.String(length=32), nullable=True),
        sa.Column("posted_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["reverses"], ["journal_entries.id"], name=op.f("fk_journal_entries_reverses_journal_entries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_entries")),
        sa.UniqueConstraint("reverses", name=op.f("uq_journal_entries_reverses")),
    )
    op.create_table(
        "merchants",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name_ar", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=True),
        sa.Column("governorate", sa.String(length=2), nullable=False),
        sa.Column("status", sa.String(length=10), server_default="active", nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('bakery', 'grocer', 'retail', 'post_atm', 'post_counter', 'health_provider', 'biller')",
            name=op.f("ck_merchants_kind_known"),
        ),
        sa.CheckConstraint(
            "status IN ('active', 'suspended', 'closed')", name=op.f("ck_merchants_status_known")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merchants")),
    )
    op.create_table(
        "outbox",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("recipient", sa.String(length=40), nullable=False),
        sa.Column("template", sa.String(length=48), nullable=False),
        sa.Column("params", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=2), server_default="ar", nullable=False),
        sa.Column("dedupe_key", sa.String(length=96), nullable=False),
        sa.Column("status", sa.String(length=8), server_default="pending", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", UtcDateTime(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("sent_at", UtcDateTime(), nullable=True),
        sa.Column("provider_ref", sa.String(length=64), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.CheckConstraint("channel IN ('sms', 'app')", name=op.f("ck_outbox_channel_known")),
        sa.CheckConstraint("status IN ('pending', 'sent', 'failed')", name=op.f("ck_outbox_status_known")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_outbox_dedupe_key")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(
            "ix_outbox_due",
            ["next_attempt_at"],
            unique=False,
            postgresql_where=sa.text("status = 'pending'"),
            sqlite_where=sa.text("status = 'pending'"),
        )

    op.create_table(
        "policy_versions",
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_policy_versions")),
        sa.UniqueConstraint("effective_from", name=op.f("uq_policy_versions_effective_from")),
    )
    op.create_table(
        "account_balances",
        sa.Column("account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("shard", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("balance", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("floor", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "floor IS NULL OR balance >= floor", name=op.f("ck_account_balances_not_below_floor")
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_account_balances_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("account_id", "shard", name=op.f("pk_account_balances")),
    )
    op.create_table(
        "cards",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("pan_hmac", sa.String(length=64), nullable=False),
        sa.Column("last4", sa.String(length=4), nullable=False),
        sa.Column("citizen_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("sequence_number", sa.Integer(), server_default="0", nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("services", sa.String(length=64), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("activated_at", UtcDateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('produced', 'notified', 'active', 'blocked', 'expired', 'replaced')",
            name=op.f("ck_cards_status_known"),
        ),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizens.id"], name=op.f("fk_cards_citizen_id_citizens")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cards")),
        sa.UniqueConstraint("pan_hmac", name=op.f("uq_cards_pan_hmac")),
        sa.UniqueConstraint("token", name=op.f("uq_cards_token")),
    )
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.create_index("ix_cards_citizen", ["citizen_id"], unique=False)

    op.create_table(
        "entitlement_periods",
        sa.Column("household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("members_counted", sa.Integer(), nullable=False),
        sa.Column("bread_granted", sa.Integer(), nullable=False),
        sa.Column("ration_granted", sa.BigInteger(), nullable=False),
        sa.Column("points_granted", sa.BigInteger(), nullable=False),
        sa.Column("policy_version", sa.String(length=32), nullable=False),
        sa.Column("opened_at", UtcDateTime(), nullable=False),
        sa.Column("closed_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_entitlement_periods_household_id_households")
        ),
        sa.PrimaryKeyConstraint("household_id", "period", name=op.f("pk_entitlement_periods")),
    )
    op.create_table(
        "postings",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("entry_id", sa.String(length=32), nullable=False),
        sa.Column("account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("unit", sa.String(length=12), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("amount <> 0", name=op.f("ck_postings_amount_not_zero")),
        sa.ForeignKeyConstraint(
            ["account_id", "unit"], ["accounts.id", "accounts.unit"], name="fk_postings_account_unit"
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["journal_entries.id"],
            name=op.f("fk_postings_entry_id_journal_entries"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_postings")),
        sa.UniqueConstraint("entry_id", "account_id", name="uq_postings_entry_account"),
    )
    with op.batch_alter_table("postings", schema=None) as batch_op:
        batch_op.create_index("ix_postings_account", ["account_id", "id"], unique=False)

    op.create_table(
        "terminals",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("merchant_id", sa.String(length=24), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), server_default="active", nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('active', 'suspended', 'retired')", name=op.f("ck_terminals_status_known")
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_terminals_merchant_id_merchants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_terminals")),
    )
    with op.batch_alter_table("terminals", schema=None) as batch_op:
        batch_op.create_index("ix_terminals_merchant", ["merchant_id"], unique=False)

    op.create_table(
        "transactions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("terminal_id", sa.String(length=24), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("type", sa.String(length=24), nullable=False),
        sa.Column("channel", sa.String(length=12), nullable=False),
        sa.Column("card_token", sa.String(length=32), nullable=True),
        sa.Column("citizen_national_id", sa.String(length=14), nullable=True),
        sa.Column("household_number", sa.String(length=16), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        sa.Column("loaves", sa.Integer(), nullable=True),
        sa.Column("response_code", sa.String(length=2), nullable=False),
        sa.Column("decline_reason", sa.String(length=64), nullable=True),
        sa.Column("entry_id", sa.String(length=32), nullable=True),
        sa.Column("policy_version", sa.String(length=32), nullable=True),
        sa.Column("reverses", sa.String(length=32), nullable=True),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["journal_entries.id"],
            name=op.f("fk_transactions_entry_id_journal_entries"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["reverses"], ["transactions.id"], name=op.f("fk_transactions_reverses_transactions")
        ),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_transactions_terminal_id_terminals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transactions")),
        sa.UniqueConstraint("terminal_id", "idempotency_key", name="uq_transactions_terminal_key"),
    )
    with op.batch_alter_table("transactions", schema=None) as batch_op:
        batch_op.create_index("ix_transactions_citizen", ["citizen_national_id", "created_at"], unique=False)
        batch_op.create_index("ix_transactions_household", ["household_number", "created_at"], unique=False)

    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("ration_eligible", sa.Boolean(), server_default=sa.text("(true)"), nullable=False)
        )

    _ledger_triggers()


def downgrade() -> None:
    _drop_ledger_triggers()
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.drop_column("ration_eligible")

    with op.batch_alter_table("transactions", schema=None) as batch_op:
        batch_op.drop_index("ix_transactions_household")
        batch_op.drop_index("ix_transactions_citizen")

    op.drop_table("transactions")
    with op.batch_alter_table("terminals", schema=None) as batch_op:
        batch_op.drop_index("ix_terminals_merchant")

    op.drop_table("terminals")
    with op.batch_alter_table("postings", schema=None) as batch_op:
        batch_op.drop_index("ix_postings_account")

    op.drop_table("postings")
    op.drop_table("entitlement_periods")
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.drop_index("ix_cards_citizen")

    op.drop_table("cards")
    op.drop_table("account_balances")
    op.drop_table("policy_versions")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_outbox_due",
            postgresql_where=sa.text("status = 'pending'"),
            sqlite_where=sa.text("status = 'pending'"),
        )

    op.drop_table("outbox")
    op.drop_table("merchants")
    op.drop_table("journal_entries")
    with op.batch_alter_table("citizen_events", schema=None) as batch_op:
        batch_op.drop_index("ix_citizen_events_stream")

    op.drop_table("citizen_events")
    op.drop_table("accounts")


_SQLITE_TRIGGERS = {
    "postings_sealed": (
        "BEFORE INSERT ON postings WHEN EXISTS (SELECT 1 FROM journal_entries WHERE id = NEW.entry_id) "
        "BEGIN SELECT RAISE(ABORT, 'journal entry is sealed'); END"
    ),
    "journal_entries_balanced": (
        "AFTER INSERT ON journal_entries WHEN NOT EXISTS (SELECT 1 FROM postings WHERE entry_id = NEW.id) "
        "OR EXISTS (SELECT 1 FROM postings WHERE entry_id = NEW.id GROUP BY unit HAVING SUM(amount) <> 0) "
        "BEGIN SELECT RAISE(ABORT, 'journal entry does not balance per unit'); END"
    ),
    "postings_no_update": "BEFORE UPDATE ON postings BEGIN SELECT RAISE(ABORT, 'postings are append-only'); END",
    "postings_no_delete": "BEFORE DELETE ON postings BEGIN SELECT RAISE(ABORT, 'postings are append-only'); END",
    "journal_entries_no_update": (
        "BEFORE UPDATE ON journal_entries BEGIN SELECT RAISE(ABORT, 'journal_entries are append-only'); END"
    ),
    "journal_entries_no_delete": (
        "BEFORE DELETE ON journal_entries BEGIN SELECT RAISE(ABORT, 'journal_entries are append-only'); END"
    ),
}

_POSTGRES_FUNCTIONS = (
    """
    CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '% are append-only', TG_TABLE_NAME; END $$
    """,
    """
    CREATE FUNCTION postings_refuse_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM journal_entries WHERE id = NEW.entry_id) THEN
        RAISE EXCEPTION 'journal entry % is sealed', NEW.entry_id;
      END IF;
      RETURN NEW;
    END $$
    """,
    """
    CREATE FUNCTION journal_entry_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM postings WHERE entry_id = NEW.id)
         OR EXISTS (SELECT 1 FROM postings WHERE entry_id = NEW.id GROUP BY unit HAVING SUM(amount) <> 0)
      THEN
        RAISE EXCEPTION 'journal entry % does not balance per unit', NEW.id;
      END IF;
      RETURN NULL;
    END $$
    """,
)

_POSTGRES_TRIGGERS = (
    "CREATE TRIGGER postings_sealed BEFORE INSERT ON postings "
    "FOR EACH ROW EXECUTE FUNCTION postings_refuse_sealed()",
    "CREATE TRIGGER journal_entries_balanced AFTER INSERT ON journal_entries "
    "FOR EACH ROW EXECUTE FUNCTION journal_entry_check_balanced()",
    "CREATE TRIGGER postings_append_only BEFORE UPDATE OR DELETE ON postings "
    "FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()",
    "CREATE TRIGGER journal_entries_append_only BEFORE UPDATE OR DELETE ON journal_entries "
    "FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()",
)


def _ledger_triggers() -> None:
    """Postings first, then the entry header: the header's insert checks the entry balances."""
    if op.get_bind().dialect.name == "postgresql":
        for statement in (*_POSTGRES_FUNCTIONS, *_POSTGRES_TRIGGERS):
            op.execute(statement)
        return
    for name, body in _SQLITE_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def _drop_ledger_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, trigger in (
            ("postings", "postings_sealed"),
            ("journal_entries", "journal_entries_balanced"),
            ("postings", "postings_append_only"),
            ("journal_entries", "journal_entries_append_only"),
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        for function in ("ledger_refuse_change", "postings_refuse_sealed", "journal_entry_check_balanced"):
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")
        return
    for name in _SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
