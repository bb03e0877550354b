"""The schema, as SQLAlchemy Core tables. Migrations in ``migrations/`` create exactly this.

Invariants the database itself enforces (so that no code path can break them):
- a citizen is in at most one open household (partial unique index on open memberships);
- a household has at most one head, and the head is a member (the head *is* a membership row);
- a record's birth date and sex agree with its national ID (CHECK constraints per dialect);
- a mobile is the registered line of at most one living citizen (partial unique index);
- the audit log is append-only (triggers; see the migration).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from unicard.adapters.db.types import BigId, UtcDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

_SEX_FROM_ID = "sex = CASE WHEN CAST(substr(national_id, 13, 1) AS INTEGER) % 2 = 1 THEN 'M' ELSE 'F' END"
_CENTURY_FROM_DATE = "CASE WHEN birth_date < '2000-01-01' THEN '2' ELSE '3' END"

citizens = Table(
    "citizens",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("national_id", String(14), nullable=False, unique=True),
    Column("name_ar", Text, nullable=False),
    Column("name_latin", Text),
    Column("name_key", Text, nullable=False),  # normalised Arabic + lower-case Latin, for search
    Column("birth_date", Date, nullable=False),
    Column("sex", String(1), nullable=False),
    Column("birth_governorate", String(2), nullable=False),
    Column("residence_governorate", String(2), nullable=False),
    Column("mobile", String(13)),
    Column("deceased_on", Date),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("changed_by", Text, nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
    Column("change_reason", Text, nullable=False),
    CheckConstraint("length(national_id) = 14", name="national_id_length"),
    CheckConstraint(_SEX_FROM_ID, name="sex_matches_national_id"),
    CheckConstraint("birth_governorate = substr(national_id, 8, 2)", name="birth_governorate_matches"),
    CheckConstraint(f"substr(national_id, 1, 1) = {_CENTURY_FROM_DATE}", name="century_matches_birth_date"),
    CheckConstraint(
        "substr(national_id, 2, 6) = to_char(birth_date, 'YYMMDD')", name="birth_date_matches_pg"
    ).ddl_if(dialect="postgresql"),
    CheckConstraint(
        "substr(national_id, 2, 6) = substr(strftime('%Y%m%d', birth_date), 3)",
        name="birth_date_matches_sqlite",
    ).ddl_if(dialect="sqlite"),
    CheckConstraint("deceased_on IS NULL OR deceased_on >= birth_date", name="death_after_birth"),
)
Index(
    "ux_citizens_living_mobile",
    citizens.c.mobile,
    unique=True,
    postgresql_where=text("deceased_on IS NULL AND mobile IS NOT NULL"),
    sqlite_where=text("deceased_on IS NULL AND mobile IS NOT NULL"),
)
Index("ix_citizens_residence_name", citizens.c.residence_governorate, citizens.c.name_key)

citizen_versions = Table(
    "citizen_versions",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("citizen_id", ForeignKey("citizens.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("snapshot", Text, nullable=False),  # JSON of the record as it was at this version
    Column("changed_by", Text, nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
    Column("change_reason", Text, nullable=False),
    UniqueConstraint("citizen_id", "version", name="uq_citizen_versions_citizen_version"),
)

households = Table(
    "households",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("number", String(16), nullable=False, unique=True),
    Column("governorate", String(2), nullable=False),
    Column("grocer_id", Text),  # a merchants.id of kind grocer (checked by the use case)
    Column("ration_eligible", Boolean, nullable=False, server_default=text("true")),
    Column("status", String(12), nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("changed_by", Text, nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
    Column("change_reason", Text, nullable=False),
    CheckConstraint("status IN ('active', 'needs_head', 'closed')", name="status_known"),
)

household_members = Table(
    "household_members",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("household_id", ForeignKey("households.id"), nullable=False),
    Column("citizen_id", ForeignKey("citizens.id"), nullable=False),
    Column("relation", String(10), nullable=False),
    Column("joined_at", UtcDateTime, nullable=False),
    Column("left_at", UtcDateTime),
    CheckConstraint(
        "relation IN ('head', 'spouse', 'son', 'daughter', 'father', 'mother', 'other')",
        name="relation_known",
    ),
)
Index(
    "ux_household_members_one_open_household",
    household_members.c.citizen_id,
    unique=True,
    postgresql_where=text("left_at IS NULL"),
    sqlite_where=text("left_at IS NULL"),
)
Index(
    "ux_household_members_one_head",
    household_members.c.household_id,
    unique=True,
    postgresql_where=text("left_at IS NULL AND relation = 'head'"),
    sqlite_where=text("left_at IS NULL AND relation = 'head'"),
)
Index("ix_household_members_household", household_members.c.household_id, household_members.c.left_at)
# Whole, not partial: a foreign-key check on deleting a citizen must find every row, open or not.
Index("ix_household_members_citizen", household_members.c.citizen_id)

household_versions = Table(
    "household_versions",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("household_id", ForeignKey("households.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("snapshot", Text, nullable=False),
    Column("changed_by", Text, nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
    Column("change_reason", Text, nullable=False),
    UniqueConstraint("household_id", "version", name="uq_household_versions_household_version"),
)

operators = Table(
    "operators",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("username", String(40), nullable=False, unique=True),
    Column("display_name", Text, nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    Column("created_at", UtcDateTime, nullable=False),
)

operator_roles = Table(
    "operator_roles",
    metadata,
    Column("operator_id", ForeignKey("operators.id"), primary_key=True),
    Column("role", String(20), primary_key=True),
)

operator_governorates = Table(
    "operator_governorates",
    metadata,
    Column("operator_id", ForeignKey("operators.id"), primary_key=True),
    Column("governorate", String(2), primary_key=True),  # a residence code, or "*"
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("chain", String(40), primary_key=True),
    Column("seq", BigId, primary_key=True, autoincrement=False),
    Column("at", UtcDateTime, nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("subject", Text, nullable=False),
    Column("before_digest", String(64)),
    Column("after_digest", String(64)),
    Column("details", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

#: One row per chain: its last link. Appenders lock it, so a chain never forks.
audit_head = Table(
    "audit_head",
    metadata,
    Column("chain", String(40), primary_key=True),
    Column("last_seq", BigId, nullable=False),
    Column("last_hash", String(64), nullable=False),
)
