"""The pickup desk sets the PIN through the card security scheme: the HMAC column goes.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The PIN verification value lives in card_security (one scheme, checked by the EMV verifier).
    with op.batch_alter_table("card_issuance") as batch:
        batch.drop_column("pin_verifier")


def downgrade() -> None:
    with op.batch_alter_table("card_issuance") as batch:
        batch.add_column(sa.Column("pin_verifier", sa.String(64)))
