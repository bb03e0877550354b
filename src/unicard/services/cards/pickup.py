"""The pickup desk at the post office: find the card, check the person, a one-time code to the
registered mobile, the fingerprint and the PIN, and the hand-over that makes the card active.

The payments service works at once: the engine reads the card's status on every authorization,
and the hand-over commits it. Nothing is half-applied: every check runs again inside the
hand-over's transaction, and the card, its fingerprint reference and PIN verification data are
written together or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from unicard.domain.app.otp import OtpPurpose
from unicard.domain.cards.card import Card, CardStatus
from unicard.domain.cards.pickup import check_awaiting_pickup, check_fingerprint_ref, check_holder, check_pin
from unicard.domain.cards.production import BatchStatus
from unicard.domain.operators.operator import Operator
from unicard.domain.shared.errors import Forbidden, NotFound
from unicard.domain.shared.mobile import MobileNumber
from unicard.domain.shared.national_id import NationalId
from unicard.domain.shared.pan import Pan
from unicard.services import audit_trail
from unicard.services.app import otp
from unicard.services.app.otp import CodeKeeper, OtpUnitOfWork
from unicard.services.cards.ports import CardIssuanceUnitOfWork, Issuance
from unicard.services.cards.security import pins
from unicard.services.cards.security.ports import CardKeys
from unicard.services.payments.unit_of_work import PaymentsUnitOfWork
from unicard.services.ports import Clock

_WAITING = (CardStatus.PRODUCED, CardStatus.NOTIFIED)


class PickupCodes(Protocol):
    """One-time codes to the holder's registered mobile (the OTP service)."""

    def send(self, national_id: str) -> str:
        """Send a code; returns the mobile it went to, masked."""
        ...

    def verify(self, national_id: str, code: str) -> None:
        """Accept the code once, or raise saying why (wrong, expired, out of tries)."""
        ...


class OtpPickupCodes:
    """:class:`PickupCodes` through the OTP service, purpose ``pickup``."""

    def __init__(self, uow_factory: Callable[[], OtpUnitOfWork], clock: Clock, keeper: CodeKeeper) -> None:
        self._uow_factory, self._clock, self._keeper = uow_factory, clock, keeper

    def send(self, national_id: str) -> str:
        issued = otp.issue_code(
            self._uow_factory(), self._clock, self._keeper, national_id=national_id, purpose=OtpPurpose.PICKUP
        )
        return issued.sent_to

    def verify(self, national_id: str, code: str) -> None:
        otp.verify_code(
            self._uow_factory(),
            self._clock,
            self._keeper,
            national_id=national_id,
            purpose=OtpPurpose.PICKUP,
            code=code,
        )


@dataclass(frozen=True, slots=True)
class PickupView:
    token: str
    last4: str
    national_id: str
    status: CardStatus
    office_id: str
    batch_id: int
    batch_status: BatchStatus
    ready: bool  # its batch is at the office: it can be handed over


@dataclass(frozen=True, slots=True)
class Handover:
    card_token: str
    mobile: str
    code: str
    fingerprint_ref: str
    pin: str
    pan: str  # read from the card's chip in the desk's reader: the PIN is set for that card


def find_for_pickup(uow: CardIssuanceUnitOfWork, actor: Operator, national_id: str) -> PickupView:
    """The citizen's card waiting at (or on its way to) a post office."""
    national_id = NationalId.parse(national_id).value
    with uow:
        waiting = [card for card in uow.cards.of_citizen(national_id) if card.status in _WAITING]
        if not waiting:
            raise NotFound("pickup.none", national_id=national_id)
        card = waiting[-1]
        issued = _issuance(uow, actor, card)
    return PickupView(
        token=card.token,
        last4=card.last4,
        national_id=national_id,
        status=card.status,
        office_id=issued.office_id,
        batch_id=issued.batch_id,
        batch_status=issued.batch_status,
        ready=card.status is CardStatus.NOTIFIED,
    )


def send_pickup_code(
    uow: CardIssuanceUnitOfWork,
    codes: PickupCodes,
    actor: Operator,
    *,
    national_id: str,
    card_token: str,
    mobile: str,
) -> str:
    """The person before the clerk is the card's holder (national ID and registered mobile): a
    code goes to that mobile. Returns the mobile, masked."""
    national_id = NationalId.parse(national_id).value
    with uow:
        _check_person(uow, actor, national_id, card_token, mobile)
    return codes.send(national_id)


def hand_over(
    uow: CardIssuanceUnitOfWork,
    clock: Clock,
    codes: PickupCodes,
    keys: CardKeys,
    actor: Operator,
    *,
    national_id: str,
    handover: Handover,
) -> Card:
    """Verify the code, record the fingerprint reference, set the PIN through the card security
    scheme (its verification value, a clean counter) and make the card active."""
    national_id = NationalId.parse(national_id).value
    fingerprint_ref = check_fingerprint_ref(handover.fingerprint_ref.strip())
    pin = check_pin(handover.pin.strip())
    pan = Pan.parse(handover.pan).value
    with uow:
        card = _check_person(uow, actor, national_id, handover.card_token, handover.mobile)
        _check_card_in_reader(uow, card, pan)
        pins.check_pin_length(uow, pin, at=clock.now())  # before the code is used up
    # Its own transaction: a wrong code counts against the holder even though this one refuses.
    codes.verify(national_id, handover.code)
    now = clock.now()
    with uow:
        card = _check_person(uow, actor, national_id, handover.card_token, handover.mobile)
        _check_card_in_reader(uow, card, pan)
        # Keyed by the card's token: a replacement card starts with its own PIN and counter.
        pins.store_pin(uow, keys, card_token=card.token, pan=pan, pin=pin, at=now)
        uow.card_batches.set_status(card.token, CardStatus.ACTIVE, now)
        uow.card_batches.record_handover(
            card.token, fingerprint_ref=fingerprint_ref, at=now, by=actor.username
        )
        _audit(uow, actor, card, now)
        active = uow.card_batches.card(card.token)
        uow.commit()
    assert active is not None  # just written in this transaction
    return active


class PinDeskUnitOfWork(CardIssuanceUnitOfWork, PaymentsUnitOfWork, Protocol):
    """The desk reads the card's holder and writes the card's PIN state."""


def unlock_pin(uow: PinDeskUnitOfWork, clock: Clock, actor: Operator, *, national_id: str, pan: str) -> bool:
    """A clerk unlocks the PIN of the card in the desk's reader after too many wrong tries (75),
    once the holder has shown their national ID. False if the PIN was not locked."""
    national_id = NationalId.parse(national_id).value
    pan = Pan.parse(pan).value
    with uow:
        card = uow.cards.find_by_pan(pan)
        if card is None:
            raise NotFound("card.unknown")
        check_holder(card, national_id)
        governorate = _governorate(uow, card)
        if governorate is None or not actor.covers(governorate):
            raise Forbidden("pickup.office_scope", last4=card.last4, governorate=governorate or "—")
    # Audited there, with the tries it cleared.
    return pins.unlock_pin(uow, clock, actor=actor.username, pan=pan)


def _governorate(uow: CardIssuanceUnitOfWork, card: Card) -> str | None:
    """Where the card was collected; a card registered by hand: the holder's governorate."""
    issued = uow.card_batches.issuance(card.token)
    if issued is not None:
        return issued.governorate
    citizen = uow.citizens.get(card.citizen_national_id)
    return None if citizen is None else citizen.residence_governorate


def _check_person(
    uow: CardIssuanceUnitOfWork, actor: Operator, national_id: str, card_token: str, mobile: str
) -> Card:
    card = uow.card_batches.card(card_token.strip())
    if card is None:
        raise NotFound("batch.card_not_found", token=card_token)
    check_holder(card, national_id)
    _issuance(uow, actor, card)
    check_awaiting_pickup(card)
    citizen = uow.citizens.get(national_id)
    given = MobileNumber.parse(mobile).e164
    if citizen is None or citizen.mobile is None or citizen.mobile.e164 != given:
        raise Forbidden("pickup.mobile_mismatch")
    return card


def _check_card_in_reader(uow: CardIssuanceUnitOfWork, card: Card, pan: str) -> None:
    """The card in the desk's reader is the one being handed over (not another holder's)."""
    read = uow.cards.find_by_pan(pan)
    if read is None or read.token != card.token:
        raise Forbidden("pickup.card_mismatch", last4=card.last4)


def _issuance(uow: CardIssuanceUnitOfWork, actor: Operator, card: Card) -> Issuance:
    issued = uow.card_batches.issuance(card.token)
    if issued is None:  # registered by hand, active from the start: nothing to collect
        raise NotFound("pickup.none", national_id=card.citizen_national_id)
    if not actor.covers(issued.governorate):
        raise Forbidden("pickup.office_scope", last4=card.last4, governorate=issued.governorate)
    return issued


def _audit(uow: CardIssuanceUnitOfWork, actor: Operator, card: Card, at: dt.datetime) -> None:
    audit_trail.record(
        uow,
        actor=actor.username,
        action="card.hand_over",
        subject=f"card:{card.token}",
        at=at,
        details={
            "citizen": card.citizen_national_id,
            "last4": card.last4,
            "fingerprint": "enrolled",
            "pin": "set",
        },
    )
