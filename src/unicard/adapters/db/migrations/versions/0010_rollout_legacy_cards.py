"""The rollout schedule (with Port Said's dates, docs/rollout.md) and legacy ration cards.

Revision ID: 0010
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

from unicard.adapters.db.types import UtcDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

#: Port Said (03), as the articles announce it; see docs/rollout.md for the sources.
PORT_SAID = (
    ("03", "payments", dt.date(2024, 3, 1)),
    ("03", "supply", dt.date(2024, 3, 1)),
    ("03", "health", dt.date(2024, 4, 1)),
)


def upgrade() -> None:
    schedule = op.create_table(
        "rollout_schedule",
        sa.Column("governorate", sa.String(2), nullable=False),
        sa.Column("service", sa.String(12), nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("revision", sa.Integer, server_default="1", nullable=False),
        sa.Column("changed_by", sa.Text, nullable=False),
        sa.Column("changed_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "service IN ('payments', 'supply', 'health')", name=op.f("ck_rollout_schedule_service_known")
        ),
        sa.PrimaryKeyConstraint("governorate", "service", name=op.f("pk_rollout_schedule")),
    )
    shipped_at = dt.datetime(2026, 12, 4, tzinfo=dt.UTC)
    op.bulk_insert(
        schedule,
        [
            {
                "governorate": governorate,
                "service": service,
                "starts_on": starts_on,
                "revision": 1,
                "changed_by": "system",
                "changed_at": shipped_at,
            }
            for governorate, service, starts_on in PORT_SAID
        ],
    )
    op.create_table(
        "legacy_ration_cards",
        sa.Column("id", _BIG_ID, autoincrement=True, nullable=False),
        sa.Column("number", sa.String(20), nullable=False),
        sa.Column("household_id", _BIG_ID, nullable=False),
        sa.Column("token", sa.String(32), nullable=False),
        sa.Column("imported_by", sa.Text, nullable=False),
        sa.Column("imported_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_legacy_ration_cards_household_id_households")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legacy_ration_cards")),
        sa.UniqueConstraint("number", name=op.f("uq_legacy_ration_cards_number")),
        sa.UniqueConstraint("token", name=op.f("uq_legacy_ration_cards_token")),
    )
    op.create_index("ix_legacy_ration_cards_household", "legacy_ration_cards", ["household_id"])


def downgrade() -> None:
    op.drop_table("legacy_ration_cards")
    op.drop_table("rollout_schedule")
