"""Blocking a lost or stolen card at once: by a clerk, by the citizen in the app, or by SMS.

A block takes effect in the same transaction that records it: the engine reads the card's status
on every authorization, so the next use is declined (62, restricted card) and stays so forever —
a blocked card is never unblocked, it is replaced (:func:`card_batches.produce_replacement`).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from unicard.domain.cards.blocking import BlockReason, check_blockable, is_block_keyword
from unicard.domain.cards.card import Card, CardStatus
from unicard.domain.cards.production import LIVE_STATUSES
from unicard.domain.notifications import Bilingual, Recipient, TemplateId
from unicard.domain.operators.operator import Operator
from unicard.domain.shared.errors import Forbidden, InvalidValue, NotFound
from unicard.domain.shared.mobile import MobileNumber
from unicard.domain.shared.money import to_arabic_digits
from unicard.services import audit_trail
from unicard.services.cards.ports import CardIssuanceUnitOfWork
from unicard.services.notifications.notify import notify
from unicard.services.ports import Clock


class SmsBlockOutcome(enum.StrEnum):
    BLOCKED = "blocked"
    NOT_A_KEYWORD = "not_a_keyword"  # some other text: left to whoever else reads inbound SMS
    UNKNOWN_SENDER = "unknown_sender"  # no living citizen has this registered mobile
    NO_LIVE_CARD = "no_live_card"


@dataclass(frozen=True, slots=True)
class Blocked:
    token: str
    last4: str


def block_by_clerk(
    uow: CardIssuanceUnitOfWork,
    clock: Clock,
    actor: Operator,
    token: str,
    reason: BlockReason,
    note: str = "",
) -> Blocked:
    """A clerk blocks card ``token`` for ``reason`` (the holder reported it at the desk or by phone)."""
    with uow:
        card = _card(uow, token)
        citizen = uow.citizens.get(card.citizen_national_id)
        if citizen is None or not actor.covers(citizen.residence_governorate):
            raise Forbidden("block.governorate_scope", last4=card.last4)
        blocked = _block(uow, clock.now(), card, reason, by=actor.username, note=note)
        uow.commit()
    return blocked


def block_by_citizen(
    uow: CardIssuanceUnitOfWork, clock: Clock, national_id: str, token: str | None, reason: BlockReason
) -> list[Blocked]:
    """The signed-in citizen blocks their own card ``token`` (or, without one, every live card
    of theirs). Someone else's card is refused exactly like an unknown one."""
    with uow:
        mine = [card for card in uow.cards.of_citizen(national_id) if card.status in LIVE_STATUSES]
        if token is not None:
            mine = [card for card in mine if card.token == token]
            if not mine:
                raise NotFound("block.not_yours")
        if not mine:
            raise NotFound("block.none_live", national_id=national_id)
        now = clock.now()
        done = [_block(uow, now, card, reason, by=f"citizen:{national_id}") for card in mine]
        uow.commit()
    return done


def block_by_sms(uow: CardIssuanceUnitOfWork, clock: Clock, from_mobile: str, text: str) -> SmsBlockOutcome:
    """An inbound SMS: the keyword (``ايقاف``, ``STOP CARD``…) from a citizen's registered mobile
    blocks that citizen's live cards. The sender is the proof: only the registered line counts."""
    with uow:
        outcome = blocks_from_sms(uow, clock.now(), from_mobile, text)
        uow.commit()
    return outcome


def blocks_from_sms(
    uow: CardIssuanceUnitOfWork, now: dt.datetime, from_mobile: str, text: str
) -> SmsBlockOutcome:
    """:func:`block_by_sms` inside the caller's open unit of work, which commits."""
    if not is_block_keyword(text):
        return SmsBlockOutcome.NOT_A_KEYWORD
    try:
        e164 = MobileNumber.parse(from_mobile).e164
    except InvalidValue:
        return SmsBlockOutcome.UNKNOWN_SENDER
    national_id = uow.citizens.living_holder_of_mobile(e164)
    if national_id is None:
        return SmsBlockOutcome.UNKNOWN_SENDER
    live = [card for card in uow.cards.of_citizen(national_id) if card.status in LIVE_STATUSES]
    if not live:
        return SmsBlockOutcome.NO_LIVE_CARD
    for card in live:
        _block(uow, now, card, BlockReason.LOST, by=f"sms:{e164}")
    return SmsBlockOutcome.BLOCKED


def _card(uow: CardIssuanceUnitOfWork, token: str) -> Card:
    card = uow.card_batches.card(token)
    if card is None:
        raise NotFound("batch.card_not_found", token=token)
    return card


def _block(
    uow: CardIssuanceUnitOfWork, now: dt.datetime, card: Card, reason: BlockReason, *, by: str, note: str = ""
) -> Blocked:
    check_blockable(card)
    uow.card_batches.set_status(card.token, CardStatus.BLOCKED, now)
    uow.card_batches.record_block(card.token, reason=reason.value, at=now, by=by)
    audit_trail.record(
        uow,
        actor=by,
        action="card.block",
        subject=f"card:{card.token}",
        at=now,
        details={"last4": card.last4, "reason": reason.value, "note": note, "was": card.status.value},
    )
    citizen = uow.citizens.get(card.citizen_national_id)
    mobile = citizen.mobile.e164 if citizen and citizen.mobile else None
    notify(
        uow,
        template=TemplateId.CARD_BLOCKED,
        to=Recipient(card.citizen_national_id, mobile),
        params={"ending": Bilingual(to_arabic_digits(card.last4), card.last4)},
        dedupe_key=f"card-blocked:{card.token}",
        at=now,
    )
    return Blocked(card.token, card.last4)
