"""``unicard rollout announce``: every active cardholder where a service switched on is told once.

Real database (SQLite and PostgreSQL), real outbox, the real dispatcher delivering to a fake
gateway: the SMS is Arabic, the app event arrives, and running the command again queues nothing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from tests import factories
from tests.fakes import FakeSmsGateway, FixedClock
from tests.integration.payments.conftest import ADMIN, World, new_pan
from unicard.adapters.db.tables_payments import outbox
from unicard.bootstrap import Container
from unicard.domain.cards.card import CardStatus
from unicard.domain.payments.types import CardService
from unicard.domain.shared.mobile import MobileNumber
from unicard.services import citizens, households
from unicard.services.cards import registration as cards
from unicard.services.notifications.dispatch import dispatch_due
from unicard.services.operators import SYSTEM_ACTOR
from unicard.services.rollout.announce import announce_rollouts
from unicard.services.rollout.schedule import set_rollout


def outbox_rows(container: Container) -> list[tuple[str, str, str]]:
    with container.uow_factory() as uow:
        rows = uow.connection.execute(
            select(outbox.c.channel, outbox.c.recipient, outbox.c.dedupe_key).order_by(outbox.c.dedupe_key)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def announce(container: Container) -> tuple[int, int]:
    report = announce_rollouts(container.uow_factory(), container.clock, actor=SYSTEM_ACTOR)
    return report.sms, report.app


def mobile_of(container: Container, national_id: str) -> str:
    with container.uow_factory() as uow:
        citizen = uow.citizens.get(national_id)
        assert citizen is not None
        assert citizen.mobile is not None
        return MobileNumber.parse(str(citizen.mobile)).e164


def test_port_said_cardholders_are_told_once_per_service(container: Container, world: World) -> None:
    assert announce(container) == (6, 6)  # head and wife × payments, supply, health; the child has no card
    keys = [key for _, _, key in outbox_rows(container)]
    assert f"rollout:supply:{world.head}:sms" in keys
    assert f"rollout:health:{world.wife}:app" in keys
    assert announce(container) == (0, 0)
    assert len(outbox_rows(container)) == 12

    gateway = FakeSmsGateway()
    dispatch_due(container.uow_factory, gateway, container.clock, batch=100)
    texts = gateway.sent[mobile_of(container, world.head)]
    assert "تم تفعيل خدمة التموين على كارتك الموحد في بورسعيد" in texts
    with container.uow_factory() as uow:
        events = uow.citizen_events.after(world.head, 0, 50)
    assert len([event for event in events if event.kind == "service_switched_on"]) == 3


def test_a_service_is_announced_only_once_its_day_comes_and_only_to_active_cards(
    container: Container, world: World, clock: FixedClock
) -> None:
    announce(container)  # Port Said, done
    uow, now = container.uow_factory, container.clock
    with_mobile = citizens.register_citizen(uow(), now, ADMIN, factories.citizen_details(residence="19"))
    no_mobile = citizens.register_citizen(
        uow(), now, ADMIN, factories.citizen_details(residence="19", with_mobile=False)
    )
    not_collected = citizens.register_citizen(uow(), now, ADMIN, factories.citizen_details(residence="19"))
    for citizen, status in (
        (with_mobile, CardStatus.ACTIVE),
        (no_mobile, CardStatus.ACTIVE),
        (not_collected, CardStatus.NOTIFIED),
    ):
        cards.register_card(
            uow(),
            now,
            actor=SYSTEM_ACTOR,
            national_id=citizen.national_id.value,
            pan=new_pan(),
            expires_on=dt.date(2031, 12, 31),
            services=frozenset(CardService),
            status=status,
        )
    set_rollout(
        uow(), now, actor="admin", governorate="19", service="supply", starts_on=dt.date(2026, 11, 25)
    )
    assert announce(container) == (0, 0)  # not yet
    clock.advance(dt.timedelta(days=3))
    assert announce(container) == (1, 2)  # one SMS (one mobile), two app notices
    assert announce(container) == (0, 0)
    with container.uow_factory() as u:
        told = u.connection.execute(
            select(func.count()).select_from(outbox).where(outbox.c.dedupe_key.like("rollout:supply:%"))
        ).scalar_one()
    assert told == 4 + 3  # Port Said's two cardholders (sms + app each), then Ismailia's


def test_a_household_member_living_elsewhere_follows_the_household(
    container: Container, world: World
) -> None:
    uow, now = container.uow_factory, container.clock
    head = citizens.register_citizen(uow(), now, ADMIN, factories.citizen_details(residence="03"))
    households.create_household(
        uow(), now, ADMIN, number="1900000000001", governorate="19", head=head.national_id.value
    )
    cards.register_card(
        uow(),
        now,
        actor=SYSTEM_ACTOR,
        national_id=head.national_id.value,
        pan=new_pan(),
        expires_on=dt.date(2031, 12, 31),
        services=frozenset(CardService),
    )
    announce(container)
    keys = {key for _, _, key in outbox_rows(container)}
    assert f"rollout:supply:{world.head}:sms" in keys
    assert not any(head.national_id.value in key for key in keys)  # Ismailia: nothing switched on
