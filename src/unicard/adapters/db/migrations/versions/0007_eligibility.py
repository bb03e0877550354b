"""Eligibility: rule sets, evaluation runs, decisions with their reasons, ration status changes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "rule_sets",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("title_ar", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("drafted_by", sa.Text(), nullable=False),
        sa.Column("drafted_at", _WHEN, nullable=False),
        sa.Column("approved_by", sa.Text(), nullable=True),
        sa.Column("approved_at", _WHEN, nullable=True),
        sa.CheckConstraint(
            "status IN ('draft', 'approved', 'effective', 'retired')", name=op.f("ck_rule_sets_status_known")
        ),
        sa.CheckConstraint(
            "approved_by IS NULL OR approved_by <> drafted_by", name=op.f("ck_rule_sets_four_eyes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_sets")),
        sa.UniqueConstraint("name", "version", name="uq_rule_sets_name_version"),
    )
    op.create_table(
        "eligibility_runs",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("rule_set_id", _ID, nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("evaluated_on", sa.Date(), nullable=False),
        sa.Column("started_by", sa.Text(), nullable=False),
        sa.Column("started_at", _WHEN, nullable=False),
        sa.Column("households", sa.Integer(), nullable=False),
        sa.Column("eligible", sa.Integer(), nullable=False),
        sa.Column("excluded", sa.Integer(), nullable=False),
        sa.Column("needs_review", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('dry_run', 'applied')", name=op.f("ck_eligibility_runs_kind_known")),
        sa.ForeignKeyConstraint(
            ["rule_set_id"], ["rule_sets.id"], name=op.f("fk_eligibility_runs_rule_set_id_rule_sets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eligibility_runs")),
    )
    op.create_table(
        "eligibility_decisions",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("run_id", _ID, nullable=False),
        sa.Column("rule_set_id", _ID, nullable=False),
        sa.Column("household_number", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(12), nullable=False),
        sa.Column("was_eligible", sa.Boolean(), nullable=False),
        sa.Column("decided_at", _WHEN, nullable=False),
        sa.CheckConstraint(
            "outcome IN ('eligible', 'excluded', 'needs_review')",
            name=op.f("ck_eligibility_decisions_outcome_known"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["eligibility_runs.id"], name=op.f("fk_eligibility_decisions_run_id_eligibility_runs")
        ),
        sa.ForeignKeyConstraint(
            ["rule_set_id"], ["rule_sets.id"], name=op.f("fk_eligibility_decisions_rule_set_id_rule_sets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eligibility_decisions")),
    )
    op.create_index("ix_eligibility_decisions_run", "eligibility_decisions", ["run_id"])
    op.create_index("ix_eligibility_decisions_household", "eligibility_decisions", ["household_number"])
    op.create_table(
        "decision_reasons",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("decision_id", _ID, nullable=False),
        sa.Column("criterion", sa.String(64), nullable=False),
        sa.Column("fact", sa.String(40), nullable=False),
        sa.Column("national_id", sa.String(14), nullable=True),
        sa.Column("value", sa.BigInteger(), nullable=True),
        sa.Column("code", sa.String(40), nullable=True),
        sa.Column("source", sa.String(200), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("result", sa.String(16), nullable=False),
        sa.CheckConstraint(
            "result IN ('held', 'not_held', 'missing', 'stale', 'not_applicable')",
            name=op.f("ck_decision_reasons_result_known"),
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["eligibility_decisions.id"],
            name=op.f("fk_decision_reasons_decision_id_eligibility_decisions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_reasons")),
    )
    op.create_index("ix_decision_reasons_decision", "decision_reasons", ["decision_id"])
    op.create_table(
        "ration_eligibility_changes",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("household_id", _ID, nullable=False),
        sa.Column("decision_id", _ID, nullable=True),
        sa.Column("was_eligible", sa.Boolean(), nullable=False),
        sa.Column("now_eligible", sa.Boolean(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("recorded_at", _WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_ration_eligibility_changes_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["eligibility_decisions.id"],
            name=op.f("fk_ration_eligibility_changes_decision_id_eligibility_decisions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ration_eligibility_changes")),
    )
    op.create_index(
        "ix_ration_eligibility_changes_household",
        "ration_eligibility_changes",
        ["household_id", "effective_from"],
    )


def downgrade() -> None:
    op.drop_table("ration_eligibility_changes")
    op.drop_table("decision_reasons")
    op.drop_table("eligibility_decisions")
    op.drop_table("eligibility_runs")
    op.drop_table("rule_sets")
