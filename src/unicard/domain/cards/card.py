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
from unicard.domain.rollout.schedule import RolloutSchedule


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
    # Where the cardholder's services are rolled out: the governorate of the household they
    # belong to, else the one they reside in (docs/rollout.md). None when the store did not say.
    governorate: str | None = None

    def check_usable_for(
        self, transaction: TransactionType, *, today: dt.date, rollout: RolloutSchedule | None = None
    ) -> None:
        """Raise :class:`Declined` unless this card may make ``transaction`` today.

        With a ``rollout`` schedule, a service is usable only once its date has come in the
        card's governorate, even when the card's own flag for it is on (M11).
        """
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
        if service is not None and rollout is not None:
            _check_rolled_out(rollout, self.governorate, service, today)


def _check_rolled_out(
    rollout: RolloutSchedule, governorate: str | None, service: CardService, today: dt.date
) -> None:
    if rollout.started(governorate, service, today):
        return
    starts_on = rollout.starts_on(governorate, service)
    params = {"service": service.value, "governorate": governorate or "?"}
    if starts_on is None:
        raise Declined(ResponseCode.NOT_PERMITTED_TO_CARDHOLDER, "rollout.not_announced", **params)
    raise Declined(
        ResponseCode.NOT_PERMITTED_TO_CARDHOLDER,
        "rollout.not_started",
        starts_on=starts_on.isoformat(),
        **params,
    )
