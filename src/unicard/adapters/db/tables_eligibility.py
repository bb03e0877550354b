"""Eligibility: rule sets as versioned documents, evaluation runs, decisions and their reasons.

- ``rule_sets``: the analyst's TOML document as written, one row per (name, version). A draft is
  approved by someone else (the database refuses ``approved_by = drafted_by`` too), then becomes
  effective on ``effective_from`` (the first day of a month) and is retired by a later one.
- ``eligibility_runs``: one evaluation of the population (or of one household) against a rule
  set; a dry run records nothing else, an applied run its decisions.
- ``eligibility_decisions`` and ``decision_reasons``: per household, the outcome and, per
  criterion, the fact value, member, source, as-of date and result that explain it.
- ``ration_eligibility_changes``: a household's ration status changed by a decision, from a
  date: the ledger's credit for a period opened before that date follows the status before.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
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

rule_sets = Table(
    "rule_sets",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("title_en", Text, nullable=False),
    Column("title_ar", Text, nullable=False),
    Column("document", Text, nullable=False),  # the TOML text as the analyst wrote it
    Column("status", String(10), nullable=False),
    Column("effective_from", Date),
    Column("drafted_by", Text, nullable=False),
    Column("drafted_at", UtcDateTime, nullable=False),
    Column("approved_by", Text),
    Column("approved_at", UtcDateTime),
    UniqueConstraint("name", "version", name="uq_rule_sets_name_version"),
    CheckConstraint("status IN ('draft', 'approved', 'effective', 'retired')", name="status_known"),
    CheckConstraint("approved_by IS NULL OR approved_by <> drafted_by", name="four_eyes"),
)

eligibility_runs = Table(
    "eligibility_runs",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("rule_set_id", ForeignKey("rule_sets.id"), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("evaluated_on", Date, nullable=False),  # the day facts' staleness is measured from
    Column("started_by", Text, nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("households", Integer, nullable=False),
    Column("eligible", Integer, nullable=False),
    Column("excluded", Integer, nullable=False),
    Column("needs_review", Integer, nullable=False),
    CheckConstraint("kind IN ('dry_run', 'applied')", name="kind_known"),
)

eligibility_decisions = Table(
    "eligibility_decisions",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("run_id", ForeignKey("eligibility_runs.id"), nullable=False),
    Column("rule_set_id", ForeignKey("rule_sets.id"), nullable=False),
    Column("household_number", String(16), nullable=False),
    Column("outcome", String(12), nullable=False),
    Column("was_eligible", Boolean, nullable=False),  # the ration status before this decision
    Column("decided_at", UtcDateTime, nullable=False),
    CheckConstraint("outcome IN ('eligible', 'excluded', 'needs_review')", name="outcome_known"),
)
Index("ix_eligibility_decisions_run", eligibility_decisions.c.run_id)
Index("ix_eligibility_decisions_household", eligibility_decisions.c.household_number)

decision_reasons = Table(
    "decision_reasons",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("decision_id", ForeignKey("eligibility_decisions.id"), nullable=False),
    Column("criterion", String(64), nullable=False),
    Column("fact", String(40), nullable=False),
    Column("national_id", String(14)),  # the member whose value decided; NULL for a total
    Column("value", BigInteger),
    Column("code", String(40)),
    Column("source", String(200)),
    Column("as_of", Date),
    Column("result", String(16), nullable=False),
    CheckConstraint(
        "result IN ('held', 'not_held', 'missing', 'stale', 'not_applicable')", name="result_known"
    ),
)
Index("ix_decision_reasons_decision", decision_reasons.c.decision_id)

ration_eligibility_changes = Table(
    "ration_eligibility_changes",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("household_id", ForeignKey("households.id"), nullable=False),
    Column("decision_id", ForeignKey("eligibility_decisions.id")),
    Column("was_eligible", Boolean, nullable=False),
    Column("now_eligible", Boolean, nullable=False),
    Column("effective_from", Date, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
)
Index(
    "ix_ration_eligibility_changes_household",
    ration_eligibility_changes.c.household_id,
    ration_eligibility_changes.c.effective_from,
)
