"""What every appeal use case shares: finding the appeal in scope, the audit line, telling the citizen."""

from __future__ import annotations

import datetime as dt

from unicard.domain.appeals import Appeal, AppealEvent
from unicard.domain.notifications import Recipient, TemplateId
from unicard.domain.registry.household import Household
from unicard.domain.shared.errors import Forbidden, InvalidValue, NotFound
from unicard.services import audit_trail
from unicard.services.appeals.ports import AppealsUnitOfWork
from unicard.services.notifications.notify import notify


def get_appeal(uow: AppealsUnitOfWork, appeal_id: int) -> Appeal:
    appeal = uow.appeals.get(appeal_id)
    if appeal is None:
        raise NotFound("appeal.not_found", appeal_id=appeal_id)
    return appeal


def own_appeal(uow: AppealsUnitOfWork, national_id: str, appeal_id: int) -> Appeal:
    """An appeal of the citizen's own (open) household; another household's is refused."""
    appeal = get_appeal(uow, appeal_id)
    if uow.households.number_of_active_member(national_id) != appeal.household_number:
        raise Forbidden("appeal.not_yours", appeal_id=appeal_id)
    return appeal


def get_household(uow: AppealsUnitOfWork, number: str) -> Household:
    household = uow.households.get(number)
    if household is None:
        raise NotFound("household.not_found", number=number)
    return household


def require_member(household: Household, national_id: str, field: str) -> None:
    if national_id not in household.members:
        raise InvalidValue(
            "appeal.not_a_member", field=field, national_id=national_id, household_number=household.number
        )


def audit(uow: AppealsUnitOfWork, before: Appeal | None, after: Appeal, event: AppealEvent) -> None:
    """The timeline line, in the hash-chained audit log too: who did what to which appeal, and why."""
    audit_trail.record(
        uow,
        actor=event.actor,
        action=f"appeal.{event.kind.value}",
        subject=f"appeal:{after.id}",
        at=event.at,
        before=before.snapshot() if before else None,
        after=after.snapshot(),
        details={"household_number": after.household_number, "note": event.note, **event.details},
    )


def tell_appellant(
    uow: AppealsUnitOfWork, appeal: Appeal, template: TemplateId, at: dt.datetime, **params: object
) -> None:
    """SMS and in-app event to the member the appeal is for, in Arabic, after the caller commits."""
    citizen = uow.citizens.get(appeal.appellant)
    if citizen is None or not citizen.is_alive:
        return
    notify(
        uow,
        template=template,
        to=Recipient(citizen.national_id.value, citizen.mobile.e164 if citizen.mobile else None),
        params={"appeal": appeal.id, **params},
        dedupe_key=f"appeal:{appeal.id}:{template.value}",
        at=at,
    )
