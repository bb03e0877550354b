"""The card as the authorization engine sees it, and the checks every card-present request passes.

Only the card's token and last four digits leave the card module; the PAN itself is looked up by
a keyed hash and never stored (PCI DSS practice).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from unicard.domain.payments.decisions import Declined
from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.payments.types import SERVICE_OF, CardService, TransactionType


class CardStatus(enum.StrEnum):
    PRODUCED = "produced"
    NOTIFIED = "notified"  # the holder was told where to collect it
    ACTIVE = "active"
    BLOCKED = "blocked"  # lost, stolen, fraud
    EXPIRED = "expired"
    REPLACED = "replaced"


@dataclass(frozen=True, slots=True)
class Card:
    token: str
    last4: str
    citizen_national_id: str
    status: CardStatus
    expires_on: dt.date  # the card is valid through this day
    services: frozenset[CardService]
    sequence_number: int = 0

    def check_usable_for(self, transaction: TransactionType, *, today: dt.date) -> None:
        """Raise :class:`Declined` unless this card may make ``transaction`` today."""
        if self.status in (CardStatus.BLOCKED, CardStatus.REPLACED):
            raise Declined(ResponseCode.RESTRICTED_CARD, f"card.{self.status.value}", last4=self.last4)
        if self.status is CardStatus.EXPIRED or today > self.expires_on:
            raise Declined(ResponseCode.EXPIRED_CARD, "card.expired", last4=self.last4)
        if self.status is not CardStatus.ACTIVE:
            raise Declined(ResponseCode.RESTRICTED_CARD, "card.not_active", last4=self.last4)
        service = SERVICE_OF.get(transaction)
        if service is not None and service not in self.services:
            raise Declined(
                ResponseCode.NOT_PERMITTED_TO_CARDHOLDER, "card.service_off", service=service.value
            )
