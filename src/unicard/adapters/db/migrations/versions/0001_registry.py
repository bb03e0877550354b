"""registry, operators and audit log

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from unicard.adapters.db.types import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_head",
        sa.Column("chain", sa.String(length=40), nullable=False),
        sa.Column("last_seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("chain", name=op.f("pk_audit_head")),
    )
    op.create_table(
        "audit_log",
        sa.Column("chain", sa.String(length=40), nullable=False),
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("before_digest", sa.String(length=64), nullable=True),
        sa.Column("after_digest", sa.String(length=64), nullable=True),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("chain", "seq", name=op.f("pk_audit_log")),
    )
    op.create_table(
        "citizens",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("national_id", sa.String(length=14), nullable=False),
        sa.Column("name_ar", sa.Text(), nullable=False),
        sa.Column("name_latin", sa.Text(), nullable=True),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("birth_governorate", sa.String(length=2), nullable=False),
        sa.Column("residence_governorate", sa.String(length=2), nullable=False),
        sa.Column("mobile", sa.String(length=13), nullable=True),
        sa.Column("deceased_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("changed_by", sa.Text(), nullable=False),
        sa.Column("changed_at", UtcDateTime(), nullable=False),
        sa.Column("change_reason", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "sex = CASE WHEN CAST(substr(national_id, 13, 1) AS INTEGER) % 2 = 1 THEN 'M' ELSE 'F' END",
            name=op.f("ck_citizens_sex_matches_national_id"),
        ),
        sa.CheckConstraint(
            "substr(national_id, 1, 1) = CASE WHEN birth_date < '2000-01-01' THEN '2' ELSE '3' END",
            name=op.f("ck_citizens_century_matches_birth_date"),
        ),
        _birth_date_matches_national_id(),
        sa.CheckConstraint(
            "birth_governorate = substr(national_id, 8, 2)",
            name=op.f("ck_citizens_birth_governorate_matches"),
        ),
        sa.CheckConstraint(
            "deceased_on IS NULL OR deceased_on >= birth_date",
            name=op.f("ck_citizens_death_after_birth"),
        ),
        sa.CheckConstraint("length(national_id) = 14", name=op.f("ck_citizens_national_id_length")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizens")),
        sa.UniqueConstraint("national_id", name=op.f("uq_citizens_national_id")),
    )
    with op.batch_alter_table("citizens", schema=None) as batch_op:
        batch_op.create_index(
            "ix_citizens_residence_name", ["residence_governorate", "name_key"], unique=False
        )
        batch_op.create_index(
            "ux_citizens_living_mobile",
            ["mobile"],
            unique=True,
            postgresql_where=sa.text("deceased_on IS NULL AND mobile IS NOT NULL"),
            sqlite_where=sa.text("deceased_on IS NULL AND mobile IS NOT NULL"),
        )

    op.create_table(
        "households",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column("governorate", sa.String(length=2), nullable=False),
        sa.Column("grocer_id", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("changed_by", sa.Text(), nullable=False),
        sa.Column("changed_at", UtcDateTime(), nullable=False),
        sa.Column("change_reason", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "status IN ('active', 'needs_head', 'closed')", name=op.f("ck_households_status_known")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_households")),
        sa.UniqueConstraint("number", name=op.f("uq_households_number")),
    )
    op.create_table(
        "operators",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.text("(true)"), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operators")),
        sa.UniqueConstraint("username", name=op.f("uq_operators_username")),
    )
    op.create_table(
        "citizen_versions",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("citizen_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("changed_by", sa.Text(), nullable=False),
        sa.Column("changed_at", UtcDateTime(), nullable=False),
        sa.Column("change_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizens.id"], name=op.f("fk_citizen_versions_citizen_id_citizens")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizen_versions")),
        sa.UniqueConstraint("citizen_id", "version", name="uq_citizen_versions_citizen_version"),
    )
    op.create_table(
        "household_members",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("citizen_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("relation", sa.String(length=10), nullable=False),
        sa.Column("joined_at", UtcDateTime(), nullable=False),
        sa.Column("left_at", UtcDateTime(), nullable=True),
        sa.CheckConstraint(
            "relation IN ('head', 'spouse', 'son', 'daughter', 'father', 'mother', 'other')",
            name=op.f("ck_household_members_relation_known"),
        ),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizens.id"], name=op.f("fk_household_members_citizen_id_citizens")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_members_household_id_households"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_members")),
    )
    with op.batch_alter_table("household_members", schema=None) as batch_op:
        batch_op.create_index("ix_household_members_household", ["household_id", "left_at"], unique=False)
        batch_op.create_index(
            "ux_household_members_one_head",
            ["household_id"],
            unique=True,
            postgresql_where=sa.text("left_at IS NULL AND relation = 'head'"),
            sqlite_where=sa.text("left_at IS NULL AND relation = 'head'"),
        )
        batch_op.create_index(
            "ux_household_members_one_open_household",
            ["citizen_id"],
            unique=True,
            postgresql_where=sa.text("left_at IS NULL"),
            sqlite_where=sa.text("left_at IS NULL"),
        )

    op.create_table(
        "household_versions",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("changed_by", sa.Text(), nullable=False),
        sa.Column("changed_at", UtcDateTime(), nullable=False),
        sa.Column("change_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_versions_household_id_households"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_versions")),
        sa.UniqueConstraint("household_id", "version", name="uq_household_versions_household_version"),
    )
    op.create_table(
        "operator_governorates",
        sa.Column("operator_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("governorate", sa.String(length=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["operators.id"],
            name=op.f("fk_operator_governorates_operator_id_operators"),
        ),
        sa.PrimaryKeyConstraint("operator_id", "governorate", name=op.f("pk_operator_governorates")),
    )
    op.create_table(
        "operator_roles",
        sa.Column("operator_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"], name=op.f("fk_operator_roles_operator_id_operators")
        ),
        sa.PrimaryKeyConstraint("operator_id", "role", name=op.f("pk_operator_roles")),
    )
    _make_audit_log_append_only()


def downgrade() -> None:
    _drop_audit_triggers()
    op.drop_table("operator_roles")
    op.drop_table("operator_governorates")
    op.drop_table("household_versions")
    with op.batch_alter_table("household_members", schema=None) as batch_op:
        batch_op.drop_index(
            "ux_household_members_one_open_household",
            postgresql_where=sa.text("left_at IS NULL"),
            sqlite_where=sa.text("left_at IS NULL"),
        )
        batch_op.drop_index(
            "ux_household_members_one_head",
            postgresql_where=sa.text("left_at IS NULL AND relation = 'head'"),
            sqlite_where=sa.text("left_at IS NULL AND relation = 'head'"),
        )
        batch_op.drop_index("ix_household_members_household")

    op.drop_table("household_members")
    op.drop_table("citizen_versions")
    op.drop_table("operators")
    op.drop_table("households")
    with op.batch_alter_table("citizens", schema=None) as batch_op:
        batch_op.drop_index(
            "ux_citizens_living_mobile",
            postgresql_where=sa.text("deceased_on IS NULL AND mobile IS NOT NULL"),
            sqlite_where=sa.text("deceased_on IS NULL AND mobile IS NOT NULL"),
        )
        batch_op.drop_index("ix_citizens_residence_name")

    op.drop_table("citizens")
    op.drop_table("audit_log")
    op.drop_table("audit_head")


def _birth_date_matches_national_id() -> sa.CheckConstraint:
    # Each database formats dates its own way; the rule is the same: digits 2-7 are YYMMDD.
    if op.get_bind().dialect.name == "postgresql":
        return sa.CheckConstraint(
            "substr(national_id, 2, 6) = to_char(birth_date, 'YYMMDD')",
            name=op.f("ck_citizens_birth_date_matches_pg"),
        )
    return sa.CheckConstraint(
        "substr(national_id, 2, 6) = substr(strftime('%Y%m%d', birth_date), 3)",
        name=op.f("ck_citizens_birth_date_matches_sqlite"),
    )


def _make_audit_log_append_only() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$
            """
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()"
        )
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
        )


def _drop_audit_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_refuse_change()")
        return
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
