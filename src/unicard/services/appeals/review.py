"""The supply officer's side: take an appeal for review, correct a fact with evidence, decide."""

from __future__ import annotations

from unicard.domain.appeals import Appeal, FactCorrection
from unicard.domain.notifications import TemplateId
from unicard.domain.operators.operator import Operator
from unicard.domain.shared.clock import cairo_date
from unicard.services.appeals.common import (
    audit,
    get_appeal,
    get_household,
    own_appeal,
    require_member,
    tell_appellant,
)
from unicard.services.appeals.ports import AppealsUnitOfWork
from unicard.services.ports import Clock


def take_for_review(uow: AppealsUnitOfWork, clock: Clock, officer: Operator, appeal_id: int) -> Appeal:
    with uow:
        before = get_appeal(uow, appeal_id)
        after, event = before.take_for_review(officer, clock.now())
        uow.appeals.update(before, after, event)
        audit(uow, before, after, event)
        uow.commit()
    return after


def correct_fact(
    uow: AppealsUnitOfWork, clock: Clock, officer: Operator, appeal_id: int, correction: FactCorrection
) -> Appeal:
    """The corrected value becomes the member's fact (source ``appeal:<id>``), the evidence its note."""
    now = clock.now()
    with uow:
        appeal = get_appeal(uow, appeal_id)
        event = appeal.record_correction(officer, correction, now)
        require_member(get_household(uow, appeal.household_number), correction.national_id, "national_id")
        uow.facts.correct_fact(
            correction.national_id,
            correction.fact,
            value=correction.value,
            code=correction.code,
            as_of=cairo_date(now),
            source=f"appeal:{appeal.id}",
            note=correction.evidence,
            recorded_at=now,
        )
        uow.appeals.note(appeal, event)
        audit(uow, appeal, appeal, event)
        uow.commit()
    return appeal


def decide(
    uow: AppealsUnitOfWork, clock: Clock, officer: Operator, appeal_id: int, *, upheld: bool, note: str
) -> Appeal:
    """Upheld: the household is eligible again from the next month. Either way the citizen is told."""
    now = clock.now()
    with uow:
        before = get_appeal(uow, appeal_id)
        decision = uow.appeals.decision(before.decision_id)
        authors = decision.rule_authors if decision else frozenset()
        after, event = before.decide(officer, upheld=upheld, note=note, at=now, rule_authors=authors)
        uow.appeals.update(before, after, event)
        audit(uow, before, after, event)
        if after.effective_from is not None:
            uow.appeals.reinclude(after.household_number, after.effective_from, now)
            tell_appellant(uow, after, TemplateId.APPEAL_UPHELD, now, month=after.effective_from)
        else:
            tell_appellant(uow, after, TemplateId.APPEAL_REJECTED, now, reason=after.decision_note or "")
        uow.commit()
    return after


def withdraw(uow: AppealsUnitOfWork, clock: Clock, national_id: str, appeal_id: int) -> Appeal:
    """The citizen takes back an appeal of their own household."""
    with uow:
        before = own_appeal(uow, national_id, appeal_id)
        after, event = before.withdraw(national_id, clock.now())
        uow.appeals.update(before, after, event)
        audit(uow, before, after, event)
        uow.commit()
    return after
