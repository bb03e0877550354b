"""Appeals against eligibility decisions, and each appeal's timeline.

The database holds the one invariant a race could break: at most one open appeal (opened or
under review) per decision, by a partial unique index. ``appeal_events`` is append-only: the
timeline a citizen and an officer read, beside the hash-chained audit log that proves it.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    text,
)

from unicard.adapters.db import tables_eligibility  # noqa: F401 - the decisions appeals refer to
from unicard.adapters.db.tables import metadata
from unicard.adapters.db.types import BigId, UtcDateTime

_OPEN = "status IN ('opened', 'under_review')"

appeals = Table(
    "appeals",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("decision_id", ForeignKey("eligibility_decisions.id"), nullable=False),
    Column("household_number", String(16), ForeignKey("households.number"), nullable=False),
    Column("governorate", String(2), nullable=False),  # the household's, when opened: the officers' scope
    Column("appellant", String(14), nullable=False),  # the member it is for, who is told of it
    Column("status", String(12), nullable=False),
    Column("reason", Text, nullable=False),
    Column("opened_via", String(8), nullable=False),
    Column("opened_by", Text, nullable=False),  # the citizen's national ID (app) or an operator
    Column("opened_at", UtcDateTime, nullable=False),
    Column("proposed_facts", Text, nullable=False),  # JSON: the facts the appeal says are wrong
    Column("reviewer", Text),
    Column("decided_by", Text),
    Column("decided_at", UtcDateTime),  # decided, or withdrawn
    Column("decision_note", Text),
    Column("effective_from", Date),  # upheld: the household is eligible again from this day
    Column("version", Integer, nullable=False),
    CheckConstraint(
        "status IN ('opened', 'under_review', 'upheld', 'rejected', 'withdrawn')", name="status_known"
    ),
    CheckConstraint("opened_via IN ('app', 'office')", name="opened_via_known"),
)
Index(
    "ux_appeals_one_open_per_decision",
    appeals.c.decision_id,
    unique=True,
    postgresql_where=text(_OPEN),
    sqlite_where=text(_OPEN),
)
Index("ix_appeals_governorate_status", appeals.c.governorate, appeals.c.status)
Index("ix_appeals_household", appeals.c.household_number)

appeal_events = Table(
    "appeal_events",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("appeal_id", ForeignKey("appeals.id"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("actor", Text, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("note", Text, nullable=False),
    Column("details", Text, nullable=False),  # JSON
)
Index("ix_appeal_events_appeal", appeal_events.c.appeal_id)
