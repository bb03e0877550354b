"""A card's service works only once the rollout schedule reaches the card's governorate.

Through the real terminal API, on SQLite and PostgreSQL: an Ismailia family whose cards carry
every service flag is declined until the admin's dates come, and approved from then on — the
schedule's cache is dropped the moment an admin changes it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests import factories
from tests.fakes import FixedClock
from tests.integration.http.conftest import bearer, seed_operator
from tests.integration.payments.conftest import ADMIN, World, new_pan
from tests.integration.payments.test_port_said_day import send
from unicard.bootstrap import Container
from unicard.domain.operators.operator import Role
from unicard.domain.payments.types import CardService
from unicard.services import citizens, households
from unicard.services.cards import registration as cards
from unicard.services.operators import SYSTEM_ACTOR

ISMAILIA = "19"


@pytest.fixture
def ismailia_pan(container: Container, world: World) -> str:
    uow, clock = container.uow_factory, container.clock
    head = citizens.register_citizen(
        uow(), clock, ADMIN, factories.citizen_details(residence=ISMAILIA)
    ).national_id.value
    households.create_household(uow(), clock, ADMIN, number="1912345678901", governorate=ISMAILIA, head=head)
    pan = new_pan()
    cards.register_card(
        uow(),
        clock,
        actor=SYSTEM_ACTOR,
        national_id=head,
        pan=pan,
        expires_on=dt.date(2031, 12, 31),
        services=frozenset(CardService),
    )
    return pan


def schedule(client: Any, container: Container, service: str, starts_on: dt.date) -> None:
    admin = bearer(client, seed_operator(container, Role.ADMIN))
    body = {"governorate": ISMAILIA, "service": service, "starts_on": starts_on.isoformat()}
    response = client.put("/api/v1/rollout", json=body, headers=admin)
    assert response.status_code == 200, response.text


def test_supply_is_declined_before_its_date_and_approved_on_it(
    client: Any, container: Container, world: World, ismailia_pan: str, clock: FixedClock
) -> None:
    card = {"pan": ismailia_pan}
    bread = {"type": "bread_purchase", "card": card, "loaves": 5}

    unannounced = send(client, world.bakery, bread)
    assert (unannounced["response_code"], unannounced["reason"]) == ("57", "rollout.not_announced")
    assert "supply" in unannounced["message_en"]

    schedule(client, container, "supply", dt.date(2026, 12, 1))
    early = send(client, world.bakery, bread)
    assert (early["response_code"], early["reason"]) == ("57", "rollout.not_started")
    assert "2026-12-01" in early["message_en"]
    assert early["message_ar"] == "خدمة supply لم تبدأ بعد في محافظتك؛ تبدأ يوم 2026-12-01"

    clock.advance(dt.timedelta(days=9))  # 2026-12-01 in Cairo
    on_the_day = send(client, world.bakery, bread)
    assert on_the_day["approved"], on_the_day


def test_payments_need_their_own_date_even_with_the_flag_on(
    client: Any, container: Container, world: World, ismailia_pan: str
) -> None:
    deposit = {"type": "deposit", "card": {"pan": ismailia_pan}, "amount": 5_000}
    refused = send(client, world.post, deposit)
    assert (refused["response_code"], refused["reason"]) == ("57", "rollout.not_announced")
    schedule(client, container, "payments", dt.date(2026, 11, 22))  # today: at once
    assert send(client, world.post, deposit)["approved"]


def test_port_said_cards_work_under_the_shipped_schedule(client: Any, world: World) -> None:
    bread = send(
        client, world.bakery, {"type": "bread_purchase", "card": {"pan": world.head_pan}, "loaves": 2}
    )
    assert bread["approved"], bread
