"""Opening an appeal: by the citizen in the app, or by a supply office on a member's behalf."""

from __future__ import annotations

from collections.abc import Sequence

from unicard.domain.appeals import Appeal, Opener, ProposedFact
from unicard.domain.notifications import TemplateId
from unicard.domain.operators.operator import Operator
from unicard.domain.registry.household import Household
from unicard.domain.shared.errors import Conflict, Forbidden, NotFound
from unicard.services.appeals.common import audit, get_household, require_member, tell_appellant
from unicard.services.appeals.ports import AppealsUnitOfWork, DecisionRef
from unicard.services.ports import Clock


def open_as_citizen(
    uow: AppealsUnitOfWork,
    clock: Clock,
    national_id: str,
    *,
    decision_id: int | None,
    reason: str,
    proposed: Sequence[ProposedFact] = (),
) -> Appeal:
    """The signed-in citizen appeals a decision on their own household, and nobody else's;
    without ``decision_id``, the household's latest decision."""
    with uow:
        number = uow.households.number_of_active_member(national_id)
        if number is None:
            raise NotFound("appeal.no_household", national_id=national_id)
        decision = _latest(uow, number) if decision_id is None else _decision(uow, decision_id)
        if decision.household_number != number:
            raise Forbidden("appeal.not_your_household", decision_id=decision_id)
        return _open(uow, clock, decision, Opener.citizen(national_id), reason, proposed, None, national_id)


def open_as_office(
    uow: AppealsUnitOfWork,
    clock: Clock,
    officer: Operator,
    *,
    decision_id: int | None,
    appellant: str,
    reason: str,
    proposed: Sequence[ProposedFact] = (),
) -> Appeal:
    """A supply office of the household's governorate opens it for ``appellant``, a member;
    without ``decision_id``, against the latest decision on the appellant's household."""
    with uow:
        if decision_id is None:
            number = uow.households.number_of_active_member(appellant)
            if number is None:
                raise NotFound("appeal.no_household", national_id=appellant)
            decision = _latest(uow, number)
        else:
            decision = _decision(uow, decision_id)
        return _open(uow, clock, decision, Opener.office(officer), reason, proposed, officer, appellant)


def _open(
    uow: AppealsUnitOfWork,
    clock: Clock,
    decision: DecisionRef,
    opener: Opener,
    reason: str,
    proposed: Sequence[ProposedFact],
    officer: Operator | None,
    appellant: str,
) -> Appeal:
    household = get_household(uow, decision.household_number)
    now = clock.now()
    appeal, event = Appeal.open(
        decision_id=decision.id,
        decision_outcome=decision.outcome,
        household_number=household.number,
        governorate=household.governorate,
        reason=reason,
        opener=opener,
        at=now,
        appellant=appellant,
        proposed=proposed,
        officer=officer,
    )
    _check_members(household, appellant, proposed)
    existing = uow.appeals.open_on(decision.id)
    if existing is not None:
        raise Conflict("appeal.already_open", appeal_id=existing.id, decision_id=decision.id)
    stored = uow.appeals.add(appeal, event)
    audit(uow, None, stored, event)
    tell_appellant(uow, stored, TemplateId.APPEAL_OPENED, now)
    uow.commit()
    return stored


def _decision(uow: AppealsUnitOfWork, decision_id: int) -> DecisionRef:
    decision = uow.appeals.decision(decision_id)
    if decision is None:
        raise NotFound("appeal.decision_not_found", decision_id=decision_id)
    return decision


def _latest(uow: AppealsUnitOfWork, number: str) -> DecisionRef:
    decision = uow.appeals.latest_decision(number)
    if decision is None:
        raise NotFound("appeal.no_decision", household_number=number)
    return decision


def _check_members(household: Household, appellant: str, proposed: Sequence[ProposedFact]) -> None:
    require_member(household, appellant, "national_id")
    for index, fact in enumerate(proposed):
        require_member(household, fact.national_id, f"corrected_facts.{index}.national_id")
