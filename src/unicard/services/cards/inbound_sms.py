"""An SMS a citizen sent us, handed over by the SMS gateway: the keyword blocks a lost card.

The gateway may deliver one message twice (a retry after a lost answer, or two at once). The
message's id is recorded in the same transaction as what it did, so a retry acts on nothing and
answers the first outcome — even after the holder has a new card that a second "block" would
otherwise find; two deliveries at once meet on the record's primary key and one rolls back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Protocol

from unicard.domain.notifications import Channel, Recipient, TemplateId
from unicard.domain.shared.errors import Conflict, InvalidValue
from unicard.domain.shared.mobile import MobileNumber
from unicard.services.cards.blocking import SmsBlockOutcome, blocks_from_sms
from unicard.services.cards.ports import CardIssuanceUnitOfWork
from unicard.services.notifications.notify import notify
from unicard.services.ports import Clock


@dataclass(frozen=True, slots=True)
class InboundSms:
    sender: str  # the citizen's number as the gateway writes it (+20…, 0020…, 01…)
    recipient: str  # our short code or long number
    text: str
    message_id: str  # the gateway's id of this message; the same on a retry


class InboundSmsLog(Protocol):
    def outcome_of(self, message_key: str) -> str | None: ...
    def record(self, message_key: str, outcome: str, at: dt.datetime) -> None: ...


class InboundSmsUnitOfWork(CardIssuanceUnitOfWork, Protocol):
    @property
    def inbound_sms(self) -> InboundSmsLog: ...


class InboundSmsUnitOfWorkFactory(Protocol):
    def __call__(self) -> InboundSmsUnitOfWork: ...


def receive(uow_factory: InboundSmsUnitOfWorkFactory, clock: Clock, sms: InboundSms) -> SmsBlockOutcome:
    """Block the sender's cards on the keyword; another text from a registered mobile is
    answered once with how to block a card. Unknown senders get nothing back."""
    key = message_key(sms.message_id)
    try:
        with uow_factory() as uow:
            seen = uow.inbound_sms.outcome_of(key)
            if seen is not None:
                return SmsBlockOutcome(seen)
            now = clock.now()
            outcome = blocks_from_sms(uow, now, sms.sender, sms.text)
            if outcome is SmsBlockOutcome.NOT_A_KEYWORD:
                _queue_help(uow, now, sms.sender, key)
            uow.inbound_sms.record(key, outcome.value, now)
            uow.commit()
    except Conflict:
        # Its twin, delivered at the same moment, committed first: answer what the twin did.
        with uow_factory() as uow:
            seen = uow.inbound_sms.outcome_of(key)
        if seen is None:
            raise
        return SmsBlockOutcome(seen)
    return outcome


def _queue_help(uow: InboundSmsUnitOfWork, now: dt.datetime, sender: str, key: str) -> None:
    try:
        e164 = MobileNumber.parse(sender).e164
    except InvalidValue:
        return
    national_id = uow.citizens.living_holder_of_mobile(e164)
    if national_id is None:
        return
    notify(
        uow,
        template=TemplateId.CARD_BLOCK_HELP,
        to=Recipient(national_id, e164),
        params={},
        dedupe_key=f"sms-help:{key}",
        at=now,
        channels=(Channel.SMS,),
    )


def message_key(message_id: str) -> str:
    """The gateway's id in a form a dedupe key admits (any characters, any length in)."""
    return hashlib.sha256(message_id.encode()).hexdigest()[:40]
