"""Reading what was sent: a citizen's in-app events, and how deliveries stand."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from unicard.domain.notifications import CitizenEvent, Delivery, DeliveryStatus
from unicard.domain.operators.operator import Operator
from unicard.domain.shared.errors import NotFound
from unicard.services.access import require_scope
from unicard.services.ports import UnitOfWork

MAX_EVENTS = 200


def citizen_events(
    uow: UnitOfWork, actor: Operator, national_id: str, *, after: int = 0, limit: int = 100
) -> Sequence[CitizenEvent]:
    """The citizen's events after the event id ``after``, oldest first, for an operator in scope."""
    with uow:
        citizen = uow.citizens.get(national_id)
        if citizen is None:
            raise NotFound("citizen.not_found", national_id=national_id)
        require_scope(actor, citizen.residence_governorate)
        return uow.citizen_events.after(national_id, max(after, 0), min(max(limit, 1), MAX_EVENTS))


def deliveries(uow: UnitOfWork, dedupe_key_prefix: str) -> Sequence[Delivery]:
    """Status and attempts of each row queued under the prefix (``txn:<id>:`` for a transaction)."""
    with uow:
        return uow.outbox.find(dedupe_key_prefix)


def delivery_counts(uow: UnitOfWork) -> Mapping[DeliveryStatus, int]:
    with uow:
        return uow.outbox.counts()
