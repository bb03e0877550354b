"""Registering a card for a citizen — the minimal card module the engine needs.

The cards issue replaces this with production batches, pickup and activation; until then an
operator (or the demo) registers an already-active card with the services it carries.
"""

from __future__ import annotations

import datetime as dt
import secrets

from unicard.domain.cards.card import Card, CardStatus
from unicard.domain.payments.types import CardService
from unicard.domain.shared.errors import Conflict, NotFound
from unicard.domain.shared.pan import Pan
from unicard.services import audit_trail
from unicard.services.payments.unit_of_work import PaymentsUnitOfWork
from unicard.services.ports import Clock


def register_card(
    uow: PaymentsUnitOfWork,
    clock: Clock,
    *,
    actor: str,
    national_id: str,
    pan: str,
    expires_on: dt.date,
    services: frozenset[CardService],
    status: CardStatus = CardStatus.ACTIVE,
) -> Card:
    checked = Pan.parse(pan)
    card = Card(
        token=secrets.token_hex(16),
        last4=checked.last4,
        citizen_national_id=national_id,
        status=status,
        expires_on=expires_on,
        services=services,
    )
    now = clock.now()
    with uow:
        citizen = uow.citizens.get(national_id)
        if citizen is None:
            raise NotFound("citizen.not_found", national_id=national_id)
        if uow.cards.find_by_pan(checked.value) is not None:
            raise Conflict("card.duplicate", last4=checked.last4)
        uow.cards.add(card, checked.value, at=now)
        audit_trail.record(
            uow,
            actor=actor,
            action="card.register",
            subject=f"card:{card.token}",
            at=now,
            details={"citizen": national_id, "last4": card.last4, "services": sorted(services)},
        )
        uow.commit()
    return card
