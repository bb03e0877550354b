"""Card security per card: the last ATC seen, the PIN verification value and retry counter.

Revision ID: 0009
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from unicard.adapters.db.types import UtcDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "card_security",
        sa.Column("card_token", sa.String(32), nullable=False),
        sa.Column("last_atc", sa.Integer, nullable=True),
        sa.Column("pin_verification_value", sa.String(64), nullable=True),
        sa.Column("pin_failed_tries", sa.Integer, nullable=False, server_default="0"),
        sa.Column("pin_locked", sa.Boolean, nullable=False, server_default=sa.text("false")),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        sa.CheckConstraint("last_atc BETWEEN 0 AND 65535", name=op.f("ck_card_security_last_atc_range")),
        sa.CheckConstraint(
            "pin_failed_tries >= 0", name=op.f("ck_card_security_pin_failed_tries_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["card_token"], ["cards.token"], name=op.f("fk_card_security_card_token_cards")
        ),
        sa.PrimaryKeyConstraint("card_token", name=op.f("pk_card_security")),
    )


def downgrade() -> None:
    op.drop_table("card_security")
