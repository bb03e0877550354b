"""Assigning a household (ration-card family) to its grocer (بدال التموين).

A household redeems its ration credit at the grocer it is assigned to, so the grocer must be a
grocer, open for business, and in the household's own governorate.
"""

from __future__ import annotations

from unicard.domain.merchants import Merchant, MerchantKind
from unicard.domain.operators.operator import Operator
from unicard.domain.registry.household import Household
from unicard.domain.shared.errors import Conflict, NotFound
from unicard.services import audit_trail
from unicard.services.access import require_reason, require_scope
from unicard.services.merchant_access import require_manage
from unicard.services.merchants import require_merchant
from unicard.services.ports import ChangeNote, Clock, UnitOfWork


def assign_grocer(
    uow: UnitOfWork,
    clock: Clock,
    actor: Operator,
    household_number: str,
    grocer_id: str | None,
    reason: str,
) -> Household:
    """Assign the household to ``grocer_id``; ``None`` leaves it without a grocer."""
    note = ChangeNote(actor.username, clock.now(), require_reason(reason))
    with uow:
        before = uow.households.get(household_number.strip())
        if before is None:
            raise NotFound("household.not_found", number=household_number)
        require_scope(actor, before.governorate)
        require_manage(actor, MerchantKind.GROCER, before.governorate)
        grocer = None if grocer_id is None else require_grocer_for(uow, grocer_id, before)
        after = before.with_grocer(grocer.id if grocer else None)
        uow.households.update(before, after, note)
        audit_trail.record(
            uow,
            actor=actor.username,
            action="household.assign_grocer",
            subject=f"household:{after.number}",
            at=note.at,
            before=before.snapshot(),
            after=after.snapshot(),
            details={"reason": note.reason, "grocer_id": after.grocer_id, "former": before.grocer_id},
        )
        uow.commit()
    return after


def require_grocer_for(uow: UnitOfWork, grocer_id: str, household: Household) -> Merchant:
    """The registered grocer ``grocer_id``, if it may serve ``household``; refused otherwise."""
    grocer = require_merchant(uow, grocer_id)
    _require_fit(grocer, household)
    return grocer


def _require_fit(grocer: Merchant, household: Household) -> None:
    if grocer.kind is not MerchantKind.GROCER:
        raise Conflict("grocer.not_a_grocer", merchant_id=grocer.id, kind=grocer.kind.value)
    if not grocer.is_active:
        raise Conflict("grocer.not_active", merchant_id=grocer.id, status=grocer.status.value)
    if grocer.governorate != household.governorate:
        raise Conflict(
            "grocer.other_governorate",
            merchant_id=grocer.id,
            grocer_governorate=grocer.governorate,
            household_governorate=household.governorate,
        )
