"""The citizen app: one-time codes (digests only) and the record of wallet account openings.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from unicard.adapters.db.types import UtcDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_LIVE = sa.text("state = 'live'")


def upgrade() -> None:
    op.create_table(
        "otp_codes",
        sa.Column("id", _BIG_ID, autoincrement=True, nullable=False),
        sa.Column("national_id", sa.String(14), nullable=False),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("mobile", sa.String(13), nullable=False),
        sa.Column("issued_at", UtcDateTime(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.CheckConstraint("state IN ('live', 'used', 'dead')", name=op.f("ck_otp_codes_state_known")),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_otp_codes_attempts_not_negative")),
        sa.ForeignKeyConstraint(
            ["national_id"], ["citizens.national_id"], name=op.f("fk_otp_codes_national_id_citizens")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_otp_codes")),
    )
    op.create_index("ix_otp_codes_issued", "otp_codes", ["national_id", "purpose", "issued_at"])
    op.create_index(
        "uq_otp_codes_live",
        "otp_codes",
        ["national_id", "purpose"],
        unique=True,
        sqlite_where=_LIVE,
        postgresql_where=_LIVE,
    )
    op.create_table(
        "wallet_openings",
        sa.Column("national_id", sa.String(14), nullable=False),
        sa.Column("account_id", _BIG_ID, nullable=False),
        sa.Column("mobile", sa.String(13), nullable=False),
        sa.Column("governorate", sa.String(2), nullable=False),
        sa.Column("opened_by", sa.String(40), nullable=False),
        sa.Column("opened_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["national_id"], ["citizens.national_id"], name=op.f("fk_wallet_openings_national_id_citizens")
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_wallet_openings_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("national_id", name=op.f("pk_wallet_openings")),
        sa.UniqueConstraint("account_id", name=op.f("uq_wallet_openings_account_id")),
    )


def downgrade() -> None:
    op.drop_table("wallet_openings")
    op.drop_table("otp_codes")
