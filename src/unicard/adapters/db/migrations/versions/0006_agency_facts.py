"""Agency facts: the latest value per citizen and fact, their history, and the imported files.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_ONE_OF_VALUE_OR_CODE = "(value IS NULL) <> (code IS NULL)"


def upgrade() -> None:
    op.create_table(
        "feed_imports",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("agency", sa.String(24), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("facts_recorded", sa.Integer(), nullable=False),
        sa.Column("facts_current", sa.Integer(), nullable=False),
        sa.Column("imported_by", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_imports")),
        sa.UniqueConstraint("sha256", "agency", "as_of", name="uq_feed_imports_file"),
    )
    op.create_table(
        "citizen_facts",
        sa.Column("national_id", sa.String(14), nullable=False),
        sa.Column("fact", sa.String(40), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=True),
        sa.Column("code", sa.String(40), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("feed_import_id", _ID, nullable=True),
        sa.CheckConstraint(_ONE_OF_VALUE_OR_CODE, name=op.f("ck_citizen_facts_value_or_code")),
        sa.ForeignKeyConstraint(
            ["national_id"], ["citizens.national_id"], name=op.f("fk_citizen_facts_national_id_citizens")
        ),
        sa.ForeignKeyConstraint(
            ["feed_import_id"], ["feed_imports.id"], name=op.f("fk_citizen_facts_feed_import_id_feed_imports")
        ),
        sa.PrimaryKeyConstraint("national_id", "fact", name=op.f("pk_citizen_facts")),
    )
    op.create_index("ix_citizen_facts_fact", "citizen_facts", ["fact"])
    op.create_table(
        "citizen_fact_history",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("national_id", sa.String(14), nullable=False),
        sa.Column("fact", sa.String(40), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=True),
        sa.Column("code", sa.String(40), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("feed_import_id", _ID, nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_ONE_OF_VALUE_OR_CODE, name=op.f("ck_citizen_fact_history_value_or_code")),
        sa.ForeignKeyConstraint(
            ["national_id"],
            ["citizens.national_id"],
            name=op.f("fk_citizen_fact_history_national_id_citizens"),
        ),
        sa.ForeignKeyConstraint(
            ["feed_import_id"],
            ["feed_imports.id"],
            name=op.f("fk_citizen_fact_history_feed_import_id_feed_imports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizen_fact_history")),
    )
    op.create_index("ix_citizen_fact_history_citizen", "citizen_fact_history", ["national_id", "fact"])


def downgrade() -> None:
    op.drop_table("citizen_fact_history")
    op.drop_table("citizen_facts")
    op.drop_table("feed_imports")
