"""An SMS a citizen sent us, handed over by the SMS gateway: the keyword blocks a lost card.

The gateway may deliver one message twice (a retry after a lost answer). Neither the act nor
the reply can happen twice: the block leaves no live card for a second one to find, and the
``card_blocked`` notice and the help reply are queued under outbox dedupe keys (the card's
token; the gateway's message id), which a retry finds already taken.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from unicard.domain.notifications import Channel, Recipient, TemplateId
from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.mobile import MobileNumber
from unicard.services.card_blocking import SmsBlockOutcome, block_by_sms
from unicard.services.card_ports import CardIssuanceUnitOfWorkFactory
from unicard.services.notifications.notify import notify
from unicard.services.ports import Clock


@dataclass(frozen=True, slots=True)
class InboundSms:
    sender: str  # the citizen's number as the gateway writes it (+20…, 0020…, 01…)
    recipient: str  # our short code or long number
    text: str
    message_id: str  # the gateway's id of this message; the same on a retry


def receive(uow_factory: CardIssuanceUnitOfWorkFactory, clock: Clock, sms: InboundSms) -> SmsBlockOutcome:
    """Block the sender's cards on the keyword; another text from a registered mobile is
    answered once with how to block a card. Unknown senders get nothing back."""
    outcome = block_by_sms(uow_factory(), clock, sms.sender, sms.text)
    if outcome is SmsBlockOutcome.NOT_A_KEYWORD:
        _send_help(uow_factory, clock, sms)
    return outcome


def _send_help(uow_factory: CardIssuanceUnitOfWorkFactory, clock: Clock, sms: InboundSms) -> None:
    try:
        e164 = MobileNumber.parse(sms.sender).e164
    except InvalidValue:
        return
    with uow_factory() as uow:
        national_id = uow.citizens.living_holder_of_mobile(e164)
        if national_id is None:
            return
        notify(
            uow,
            template=TemplateId.CARD_BLOCK_HELP,
            to=Recipient(national_id, e164),
            params={},
            dedupe_key=f"sms-help:{message_key(sms.message_id)}",
            at=clock.now(),
            channels=(Channel.SMS,),
        )
        uow.commit()


def message_key(message_id: str) -> str:
    """The gateway's id in a form a dedupe key admits (any characters, any length in)."""
    return hashlib.sha256(message_id.encode()).hexdigest()[:40]
