"""Agency facts per citizen: the latest value of each fact, every value ever recorded, the files.

``citizen_facts`` holds one row per (citizen, fact): the value criteria read. It is replaced only
by a value as of the same date or later, so an older file arriving late cannot overwrite newer
facts. ``citizen_fact_history`` keeps every value ever recorded, late ones included (append-only).
A numeric fact has ``value`` (in its catalog base unit) and no ``code``; a code fact the reverse.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from unicard.adapters.db.tables import metadata
from unicard.adapters.db.types import BigId, UtcDateTime

_ONE_OF_VALUE_OR_CODE = "(value IS NULL) <> (code IS NULL)"

feed_imports = Table(
    "feed_imports",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("agency", String(24), nullable=False),
    Column("as_of", Date, nullable=False),
    Column("file_name", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("facts_recorded", Integer, nullable=False),  # values written to the history
    Column("facts_current", Integer, nullable=False),  # of which became the latest value
    Column("imported_by", Text, nullable=False),
    Column("imported_at", UtcDateTime, nullable=False),
    # The same file for the same agency and date is imported once: a second run is a no-op.
    UniqueConstraint("sha256", "agency", "as_of", name="uq_feed_imports_file"),
)

citizen_facts = Table(
    "citizen_facts",
    metadata,
    Column("national_id", String(14), ForeignKey("citizens.national_id"), primary_key=True),
    Column("fact", String(40), primary_key=True),
    Column("value", BigInteger),
    Column("code", String(40)),
    Column("as_of", Date, nullable=False),
    Column("source", String(64), nullable=False),  # the agency, or appeal:<id>
    Column("feed_import_id", ForeignKey("feed_imports.id")),
    CheckConstraint(_ONE_OF_VALUE_OR_CODE, name="value_or_code"),
)
Index("ix_citizen_facts_fact", citizen_facts.c.fact)

citizen_fact_history = Table(
    "citizen_fact_history",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("national_id", String(14), ForeignKey("citizens.national_id"), nullable=False),
    Column("fact", String(40), nullable=False),
    Column("value", BigInteger),
    Column("code", String(40)),
    Column("as_of", Date, nullable=False),
    Column("source", String(64), nullable=False),
    Column("feed_import_id", ForeignKey("feed_imports.id")),
    Column("note", Text),  # why a value was corrected by hand (appeals), with its evidence
    Column("recorded_at", UtcDateTime, nullable=False),
    CheckConstraint(_ONE_OF_VALUE_OR_CODE, name="value_or_code"),
)
Index("ix_citizen_fact_history_citizen", citizen_fact_history.c.national_id, citizen_fact_history.c.fact)
