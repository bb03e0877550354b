"""An index on household_members.citizen_id for foreign-key checks.

The only index on it was partial (open memberships), so deleting citizens made PostgreSQL
scan the member table once per citizen.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_household_members_citizen", "household_members", ["citizen_id"])


def downgrade() -> None:
    op.drop_index("ix_household_members_citizen", table_name="household_members")
