"""A card's service flag is not enough: the schedule must have reached its governorate."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from unicard.domain.cards.card import Card, CardStatus
from unicard.domain.payments.decisions import Declined
from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.payments.types import CardService, TransactionType
from unicard.domain.rollout import RolloutEntry, RolloutSchedule
from unicard.domain.shared.errors import Conflict, InvalidValue

TODAY = dt.date(2026, 11, 22)
CARD = Card(
    token="tok",
    last4="1234",
    citizen_national_id="28503140300157",
    status=CardStatus.ACTIVE,
    expires_on=dt.date(2030, 12, 31),
    services=frozenset(CardService),
    governorate="19",
)
SCHEDULE = RolloutSchedule.of(
    [
        RolloutEntry("19", CardService.PAYMENTS, TODAY),
        RolloutEntry("19", CardService.SUPPLY, TODAY + dt.timedelta(days=1)),
    ]
)


def test_a_service_whose_day_has_come_passes() -> None:
    CARD.check_usable_for(TransactionType.PURCHASE, today=TODAY, rollout=SCHEDULE)


@pytest.mark.parametrize(
    ("transaction", "reason"),
    [
        (TransactionType.BREAD_PURCHASE, "rollout.not_started"),
        (TransactionType.HEALTH_VISIT, "rollout.not_announced"),
    ],
)
def test_a_service_not_yet_rolled_out_is_declined_57(transaction: TransactionType, reason: str) -> None:
    with pytest.raises(Declined) as declined:
        CARD.check_usable_for(transaction, today=TODAY, rollout=SCHEDULE)
    assert declined.value.response is ResponseCode.NOT_PERMITTED_TO_CARDHOLDER
    assert declined.value.code == reason


def test_a_card_of_another_governorate_is_declined() -> None:
    elsewhere = dataclasses.replace(CARD, governorate="01")
    with pytest.raises(Declined):
        elsewhere.check_usable_for(TransactionType.PURCHASE, today=TODAY, rollout=SCHEDULE)


def test_the_card_checks_come_first() -> None:
    blocked = dataclasses.replace(CARD, status=CardStatus.BLOCKED)
    with pytest.raises(Declined) as declined:
        blocked.check_usable_for(TransactionType.BREAD_PURCHASE, today=TODAY, rollout=SCHEDULE)
    assert declined.value.code == "card.blocked"


def test_a_date_that_has_come_cannot_move_but_one_ahead_can() -> None:
    with pytest.raises(Conflict):
        SCHEDULE.check_change(
            RolloutEntry("19", CardService.PAYMENTS, TODAY + dt.timedelta(days=5)), today=TODAY
        )
    SCHEDULE.check_change(RolloutEntry("19", CardService.SUPPLY, TODAY + dt.timedelta(days=5)), today=TODAY)
    with pytest.raises(InvalidValue):
        SCHEDULE.check_change(
            RolloutEntry("19", CardService.HEALTH, TODAY - dt.timedelta(days=1)), today=TODAY
        )
