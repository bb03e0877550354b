"""Card production batches, each produced card's issuance record, and the PAN sequence.

Revision ID: 0011
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from unicard.adapters.db.types import UtcDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "card_batches",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("governorate", sa.String(2), nullable=False),
        sa.Column("office_id", sa.String(24), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("card_count", sa.Integer, nullable=False),
        sa.Column("produced_by", sa.Text, nullable=False),
        sa.Column("produced_at", UtcDateTime(), nullable=False),
        sa.Column("dispatched_at", UtcDateTime()),
        sa.Column("arrived_at", UtcDateTime()),
        sa.Column("pickup_from", sa.Date),
        sa.Column("pickup_until", sa.Date),
        sa.CheckConstraint(
            "status IN ('produced', 'dispatched', 'at_office')", name=op.f("ck_card_batches_status_known")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["merchants.id"], name=op.f("fk_card_batches_office_id_merchants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card_batches")),
    )
    op.create_table(
        "card_issuance",
        sa.Column("card_token", sa.String(32), nullable=False),
        sa.Column("batch_id", _ID, nullable=False),
        sa.Column("replaces_token", sa.String(32)),
        sa.Column("fingerprint_ref", sa.String(128)),
        sa.Column("pin_verifier", sa.String(64)),
        sa.Column("handed_over_at", UtcDateTime()),
        sa.Column("handed_over_by", sa.Text),
        sa.Column("blocked_at", UtcDateTime()),
        sa.Column("blocked_reason", sa.String(10)),
        sa.Column("blocked_by", sa.Text),
        sa.ForeignKeyConstraint(
            ["card_token"], ["cards.token"], name=op.f("fk_card_issuance_card_token_cards")
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["card_batches.id"], name=op.f("fk_card_issuance_batch_id_card_batches")
        ),
        sa.ForeignKeyConstraint(
            ["replaces_token"], ["cards.token"], name=op.f("fk_card_issuance_replaces_token_cards")
        ),
        sa.PrimaryKeyConstraint("card_token", name=op.f("pk_card_issuance")),
    )
    op.create_index("ix_card_issuance_batch", "card_issuance", ["batch_id"])
    op.create_table(
        "card_pan_sequence",
        sa.Column("bin", sa.String(8), nullable=False),
        sa.Column("next_account", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("bin", name=op.f("pk_card_pan_sequence")),
    )


def downgrade() -> None:
    op.drop_table("card_pan_sequence")
    op.drop_index("ix_card_issuance_batch", table_name="card_issuance")
    op.drop_table("card_issuance")
    op.drop_table("card_batches")
