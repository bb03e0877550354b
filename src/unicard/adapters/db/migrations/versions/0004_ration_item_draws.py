"""Per-item ration draws, so the catalog's monthly caps per member and per household hold.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ration_item_draws",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("item", sa.String(32), nullable=False),
        sa.Column("units", sa.Integer, nullable=False),
        sa.Column("transaction_id", sa.String(32), nullable=False),
        sa.CheckConstraint("units <> 0", name=op.f("ck_ration_item_draws_units_nonzero")),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_ration_item_draws_household_id_households"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ration_item_draws")),
    )
    op.create_index("ix_ration_item_draws_month", "ration_item_draws", ["household_id", "period"])
    op.create_index("ix_ration_item_draws_transaction", "ration_item_draws", ["transaction_id"])


def downgrade() -> None:
    op.drop_table("ration_item_draws")
