"""Setting a card's PIN (at pickup) and unlocking it after too many wrong tries (a clerk).

The host keeps the PIN verification value the key store computes, never the PIN; both acts go
into the audit log, without the PIN.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from unicard.domain.cards.card import Card
from unicard.domain.cards.pin import PinTries
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.errors import InvalidValue, NotFound
from unicard.domain.shared.pan import Pan
from unicard.services import audit_trail
from unicard.services.cards.security.ports import CardKeys, CardSecurityStore
from unicard.services.ledger import PolicyStore
from unicard.services.payments.unit_of_work import PaymentsUnitOfWork
from unicard.services.ports import Clock


class PinUnitOfWork(Protocol):
    @property
    def policies(self) -> PolicyStore: ...
    @property
    def card_security(self) -> CardSecurityStore: ...


def _card(uow: PaymentsUnitOfWork, pan: str) -> Card:
    card = uow.cards.find_by_pan(Pan.parse(pan).value)
    if card is None:
        raise NotFound("card.unknown")
    return card


def set_pin(uow: PaymentsUnitOfWork, clock: Clock, keys: CardKeys, *, actor: str, pan: str, pin: str) -> None:
    """Give the card ``pan`` the PIN ``pin`` (within the policy's length) and a clean counter."""
    now = clock.now()
    with uow:
        card = _card(uow, pan)
        store_pin(uow, keys, card_token=card.token, pan=pan, pin=pin, at=now)
        audit_trail.record(uow, actor=actor, action="card.pin_set", subject=f"card:{card.token}", at=now)
        uow.commit()


def store_pin(
    uow: PinUnitOfWork, keys: CardKeys, *, card_token: str, pan: str, pin: str, at: dt.datetime
) -> None:
    """Inside the caller's transaction: the PIN verification value of ``pin`` for the card, with a
    clean counter (the pickup desk's hand-over and :func:`set_pin` both come here, so the engine's
    EMV verifier checks PIN blocks against what the desk stored)."""
    check_pin_length(uow, pin, at=at)
    state = uow.card_security.get(card_token, at=at)
    uow.card_security.save(state.with_pin(keys.pin_verification_value(Pan.parse(pan).value, pin)), at=at)


def check_pin_length(uow: PinUnitOfWork, pin: str, *, at: dt.datetime) -> None:
    """The PIN is digits within the policy's length (the desk checks it before the code is used)."""
    rules = uow.policies.book().in_force(cairo_date(at)).verification.pin
    if not (pin.isascii() and pin.isdigit() and rules.min_length <= len(pin) <= rules.max_length):
        raise InvalidValue(
            "pin.policy_length", field="pin", minimum=rules.min_length, maximum=rules.max_length
        )


def unlock_pin(uow: PaymentsUnitOfWork, clock: Clock, *, actor: str, pan: str) -> bool:
    """Clear the wrong-PIN counter after the clerk checked the holder; False if it was not locked."""
    now = clock.now()
    with uow:
        card = _card(uow, pan)
        state = uow.card_security.get(card.token, at=now)
        if not state.pin_tries.locked:
            return False
        uow.card_security.save(state.with_tries(PinTries()), at=now)
        audit_trail.record(
            uow,
            actor=actor,
            action="card.pin_unlock",
            subject=f"card:{card.token}",
            at=now,
            before={"failed_tries": state.pin_tries.failed},
        )
        uow.commit()
    return True
