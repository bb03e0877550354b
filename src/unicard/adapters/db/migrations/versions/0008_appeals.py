"""Appeals against eligibility decisions and their timelines.

Revision ID: 0008
Revises: 0005, 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from unicard.adapters.db.types import UtcDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_OPEN = "status IN ('opened', 'under_review')"


def upgrade() -> None:
    op.create_table(
        "appeals",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("decision_id", _ID, nullable=False),
        sa.Column("household_number", sa.String(16), nullable=False),
        sa.Column("governorate", sa.String(2), nullable=False),
        sa.Column("appellant", sa.String(14), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("opened_via", sa.String(8), nullable=False),
        sa.Column("opened_by", sa.Text(), nullable=False),
        sa.Column("opened_at", UtcDateTime(), nullable=False),
        sa.Column("proposed_facts", sa.Text(), nullable=False),
        sa.Column("reviewer", sa.Text()),
        sa.Column("decided_by", sa.Text()),
        sa.Column("decided_at", UtcDateTime()),
        sa.Column("decision_note", sa.Text()),
        sa.Column("effective_from", sa.Date()),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('opened', 'under_review', 'upheld', 'rejected', 'withdrawn')",
            name=op.f("ck_appeals_status_known"),
        ),
        sa.CheckConstraint("opened_via IN ('app', 'office')", name=op.f("ck_appeals_opened_via_known")),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["eligibility_decisions.id"],
            name=op.f("fk_appeals_decision_id_eligibility_decisions"),
        ),
        sa.ForeignKeyConstraint(
            ["household_number"], ["households.number"], name=op.f("fk_appeals_household_number_households")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeals")),
    )
    op.create_index(
        "ux_appeals_one_open_per_decision",
        "appeals",
        ["decision_id"],
        unique=True,
        postgresql_where=sa.text(_OPEN),
        sqlite_where=sa.text(_OPEN),
    )
    op.create_index("ix_appeals_governorate_status", "appeals", ["governorate", "status"])
    op.create_index("ix_appeals_household", "appeals", ["household_number"])
    op.create_table(
        "appeal_events",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("appeal_id", _ID, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["appeal_id"], ["appeals.id"], name=op.f("fk_appeal_events_appeal_id_appeals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeal_events")),
    )
    op.create_index("ix_appeal_events_appeal", "appeal_events", ["appeal_id"])


def downgrade() -> None:
    op.drop_table("appeal_events")
    op.drop_table("appeals")
