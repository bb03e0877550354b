"""A rule set's life: drafted by an analyst, approved by someone else, effective from a month.

Four eyes: the approver is never the drafter. A rule set takes effect on the first day of a
month after the approval day, so a decision never changes a month already being drawn.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from unicard.domain.shared.errors import Conflict, Forbidden


class Status(enum.StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    EFFECTIVE = "effective"  # applied: its decisions set households' ration status
    RETIRED = "retired"  # replaced by a later rule set taking effect


@dataclass(frozen=True, slots=True)
class RuleSetRecord:
    id: int
    name: str
    version: int
    title_ar: str
    title_en: str
    status: Status
    drafted_by: str
    drafted_at: dt.datetime
    effective_from: dt.date | None = None
    approved_by: str | None = None
    approved_at: dt.datetime | None = None


def first_of_next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def check_approval(record: RuleSetRecord, *, approver: str, effective_from: dt.date, today: dt.date) -> None:
    """Refuse approving ``record`` unless it is a draft by someone else, dated a future month."""
    if record.status is not Status.DRAFT:
        raise Conflict(
            "eligibility.rule_set.not_draft",
            name=record.name,
            version=record.version,
            status=record.status.value,
        )
    if approver == record.drafted_by:
        raise Forbidden("eligibility.rule_set.self_approval", actor=approver, name=record.name)
    if effective_from.day != 1 or effective_from <= today:
        raise Conflict(
            "eligibility.rule_set.effective_from", date=effective_from.isoformat(), today=today.isoformat()
        )
