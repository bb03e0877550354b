"""The card checks every card-present request passes."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from unicard.domain.cards.card import Card, CardStatus
from unicard.domain.payments.decisions import Declined
from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.payments.types import CardService, TransactionType

TODAY = dt.date(2026, 11, 22)
CARD = Card(
    token="tok",
    last4="1234",
    citizen_national_id="28503140300157",
    status=CardStatus.ACTIVE,
    expires_on=dt.date(2030, 12, 31),
    services=frozenset({CardService.PAYMENTS}),
)


def test_an_active_card_with_the_service_passes() -> None:
    CARD.check_usable_for(TransactionType.PURCHASE, today=TODAY)


@pytest.mark.parametrize(
    ("changes", "transaction", "response", "reason"),
    [
        (
            {"status": CardStatus.BLOCKED},
            TransactionType.PURCHASE,
            ResponseCode.RESTRICTED_CARD,
            "card.blocked",
        ),
        (
            {"status": CardStatus.REPLACED},
            TransactionType.PURCHASE,
            ResponseCode.RESTRICTED_CARD,
            "card.replaced",
        ),
        (
            {"status": CardStatus.NOTIFIED},
            TransactionType.PURCHASE,
            ResponseCode.RESTRICTED_CARD,
            "card.not_active",
        ),
        ({"status": CardStatus.EXPIRED}, TransactionType.PURCHASE, ResponseCode.EXPIRED_CARD, "card.expired"),
        (
            {"expires_on": dt.date(2026, 11, 21)},
            TransactionType.PURCHASE,
            ResponseCode.EXPIRED_CARD,
            "card.expired",
        ),
        ({}, TransactionType.BREAD_PURCHASE, ResponseCode.NOT_PERMITTED_TO_CARDHOLDER, "card.service_off"),
        ({}, TransactionType.HEALTH_VISIT, ResponseCode.NOT_PERMITTED_TO_CARDHOLDER, "card.service_off"),
    ],
)
def test_refusals(
    changes: dict[str, object], transaction: TransactionType, response: ResponseCode, reason: str
) -> None:
    card = dataclasses.replace(CARD, **changes)  # type: ignore[arg-type]
    with pytest.raises(Declined) as declined:
        card.check_usable_for(transaction, today=TODAY)
    assert (declined.value.response, declined.value.code) == (response, reason)


def test_the_card_is_good_through_its_expiry_day() -> None:
    dataclasses.replace(CARD, expires_on=TODAY).check_usable_for(TransactionType.PURCHASE, today=TODAY)
