"""A rule set's lifecycle: an analyst drafts, another person approves, effective from a month.

Every act is in the audit log. Separation of duties is checked twice: here (a clear refusal)
and by the database (``approved_by <> drafted_by``), so no code path can approve its own draft.
"""

from __future__ import annotations

import datetime as dt

from unicard.domain.eligibility.lifecycle import RuleSetRecord, check_approval, first_of_next_month
from unicard.domain.eligibility.rules import RuleSet
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.errors import NotFound
from unicard.services import audit_trail
from unicard.services.eligibility.ports import EligibilityUnitOfWork, RuleParser
from unicard.services.ports import Clock


def draft(
    uow: EligibilityUnitOfWork, clock: Clock, parse: RuleParser, *, actor: str, document: str, file: str
) -> RuleSetRecord:
    """Store ``document`` as the next draft version of the rule set it names."""
    rule_set = parse(document, file=file)  # refused with the line of the problem
    now = clock.now()
    with uow:
        record = uow.eligibility.add_draft(rule_set, document, by=actor, at=now)
        audit_trail.record(
            uow,
            actor=actor,
            action="eligibility.rule_set.draft",
            subject=f"rule_set:{record.name}:{record.version}",
            at=now,
            after={"name": record.name, "version": record.version, "criteria": len(rule_set.criteria)},
            details={"file": file},
        )
        uow.commit()
    return record


def approve(
    uow: EligibilityUnitOfWork,
    clock: Clock,
    *,
    actor: str,
    name: str,
    version: int | None = None,
    effective_from: dt.date | None = None,
) -> RuleSetRecord:
    """Approve the draft (latest version unless named), effective from the first day of a
    month after today (Cairo); the next month when no date is given."""
    now = clock.now()
    today = cairo_date(now)
    starts = effective_from or first_of_next_month(today)
    with uow:
        record, _ = _find(uow, name, version)
        check_approval(record, approver=actor, effective_from=starts, today=today)
        uow.eligibility.approve(record.id, by=actor, at=now, effective_from=starts)
        audit_trail.record(
            uow,
            actor=actor,
            action="eligibility.rule_set.approve",
            subject=f"rule_set:{record.name}:{record.version}",
            at=now,
            before={"status": record.status.value},
            after={"status": "approved", "effective_from": starts.isoformat()},
            details={"drafted_by": record.drafted_by},
        )
        uow.commit()
        approved, _ = _find(uow, name, record.version)
    return approved


def listing(uow: EligibilityUnitOfWork) -> list[RuleSetRecord]:
    with uow:
        return uow.eligibility.rule_sets()


def show(
    uow: EligibilityUnitOfWork, parse: RuleParser, name: str, version: int | None = None
) -> tuple[RuleSetRecord, str, RuleSet]:
    with uow:
        record, document = _find(uow, name, version)
    return record, document, parse(document, file=f"{record.name} v{record.version}")


def _find(uow: EligibilityUnitOfWork, name: str, version: int | None) -> tuple[RuleSetRecord, str]:
    found = uow.eligibility.rule_set(name, version)
    if found is None:
        raise NotFound(
            "eligibility.rule_set.not_found", name=name if version is None else f"{name} v{version}"
        )
    return found
