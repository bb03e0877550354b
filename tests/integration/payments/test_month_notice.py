"""The month's opening tells the household's head (SMS to their mobile, and the app), whoever's
card opened it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tests.integration.payments.conftest import World
from tests.integration.payments.test_port_said_day import send
from unicard.adapters.db.tables_payments import outbox
from unicard.bootstrap import Container


def test_the_head_is_told_when_another_members_card_opens_the_month(
    client: Any, container: Container, world: World
) -> None:
    card = {"pan": world.wife_pan}
    assert send(client, world.bakery, {"type": "bread_purchase", "card": card, "loaves": 2})["approved"]
    with container.uow_factory() as uow:
        head = uow.citizens.get(world.head)
        rows = uow.connection.execute(
            select(outbox.c.channel, outbox.c.recipient).where(outbox.c.template == "entitlement_credited")
        ).all()
    assert head is not None
    assert head.mobile is not None
    assert sorted(rows) == sorted([("app", world.head), ("sms", head.mobile.e164)])
