"""Issue 4's journey end to end for a Port Said citizen, through the real HTTP API on SQLite and
PostgreSQL, with the host's EMV card authentication on and the test acting as the card:

batch produced, dispatched, arrived → the pickup SMS through the outbox dispatcher and the SMPP
gateway, arriving at the test SMSC in Arabic → pickup with the code, fingerprint and PIN → a
deposit and a wallet purchase approved at once (genuine ARQC, ARPC back) → bread declined until
Port Said's supply date, approved after → blocked from the app → replacement picked up the same
way → old card declined even with a genuine cryptogram, the new one works, wallet and household
quota intact → ``unicard ledger check`` and ``unicard audit verify`` clean.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from tests.fakes import FixedClock
from tests.integration.card_security.test_card_authentication import PIN, Cardholder, send
from tests.integration.cards.conftest import ADMIN, Desk
from tests.integration.cards.journey_support import (
    PICKUP,
    card_in_hand,
    cli,
    collect,
    emv_container,
    later,
    pilot_clock,
    shared_key_uow_factory,
)
from tests.integration.cards.test_pickup import app_session
from tests.integration.notifications.conftest import dispatch
from tests.integration.sms.conftest import TestSmsc, reassembled, smpp_config
from unicard.adapters.db.tables import audit_log
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.adapters.sms.smpp import SmppSmsGateway
from unicard.bootstrap import Container
from unicard.domain.payments.types import TransactionType
from unicard.domain.registry.household import Relation
from unicard.services import households

ROLLOUT = "/api/v1/rollout"
OFFICE_AR = "مكتب بريد بورسعيد الرئيسي"  # the town's post office (tests/integration/cards/conftest.py)


@pytest.fixture
def clock() -> FixedClock:
    return pilot_clock()


@pytest.fixture
def uow_factory(engine: Engine) -> SqlUnitOfWorkFactory:
    return shared_key_uow_factory(engine)


@pytest.fixture
def container(engine: Engine, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> Container:
    return emv_container(engine, uow_factory, clock)


@pytest.fixture
def smsc(tmp_path: Path) -> Iterator[TestSmsc]:
    """A real SMPP server process (tests/support/smsc.py), as in tests/integration/sms."""
    server = TestSmsc(record=tmp_path / "smsc.jsonl")
    yield server
    server.stop()


def bread(desk: Desk, card: Cardholder, loaves: int) -> dict[str, Any]:
    tap = card.tap(TransactionType.BREAD_PURCHASE)
    return send(desk.client, desk.town.bakery, card.body(TransactionType.BREAD_PURCHASE, tap, loaves=loaves))


def pickup_sms_at_the_smsc(desk: Desk, smsc: TestSmsc, holder: str) -> str:
    """Deliver the outbox through the SMPP gateway; what the holder's phone shows."""
    smsc.start()
    gateway = SmppSmsGateway(smpp_config(smsc))
    try:
        report = dispatch(desk.container.uow_factory, gateway, desk.container.clock)
    finally:
        gateway.close()
    assert report.sent >= 1, report
    destination = desk.town.mobiles[holder].removeprefix("+")
    parts = [part for part in smsc.accepted() if part["destination_addr"] == destination]
    assert parts, smsc.submits()
    assert {part["data_coding"] for part in parts} == {8}  # UCS-2: Arabic
    return reassembled(parts)


def test_a_port_said_citizen_from_batch_to_replaced_card(
    desk: Desk, smsc: TestSmsc, database_url: str
) -> None:
    client, holder = desk.client, desk.town.adults[0]
    # The supply directorate announces supply for 10 March (payments start 1 March, as shipped).
    moved = client.put(
        ROLLOUT,
        json={"governorate": "03", "service": "supply", "starts_on": "2024-03-10"},
        headers=desk.admin,
    )
    assert moved.status_code == 200, moved.text
    households.create_household(
        desk.container.uow_factory(),
        desk.container.clock,
        ADMIN,
        number="0398765432101",
        governorate="03",
        head=holder,
        members=[(desk.town.child, Relation.SON)],
    )

    # Produced, dispatched, arrived: the pickup SMS reaches the SMSC in Arabic, naming the office.
    batch = desk.produce()
    desk.deliver(batch["id"])
    token = desk.tokens_of(batch["id"])[holder]
    text = pickup_sms_at_the_smsc(desk, smsc, holder)
    assert text.startswith("استلم بطاقتك من")
    assert OFFICE_AR in text

    # 1 March: payments are live in Port Said. The holder collects the card at the desk.
    later(desk, dt.timedelta(days=2))
    card = card_in_hand(desk, token)
    assert card.card.psn == "00"
    handed = collect(desk, holder, token)
    assert handed["status"] == "active"

    # Payments at once: a deposit at the counter, a PIN purchase at the shop with a genuine ARQC.
    assert card.deposit(client, desk.town.office, 10_000)["approved"]
    tap = card.tap(TransactionType.PURCHASE, 2_500)
    bought = send(client, desk.town.shop, card.body(TransactionType.PURCHASE, tap, pin=PIN, amount=2_500))
    assert bought["approved"], bought
    assert bought["receipt"]["wallet_balance"] == 7_500
    tag_91 = bytes.fromhex(bought["issuer_authentication"])
    assert card.card.arpc_is_genuine(tap, tag_91[:8], "00")  # the card accepts the host's answer

    # Supply waits for its date: 57 with the rollout reason, then approved from 10 March.
    early = bread(desk, card, 10)
    assert (early["response_code"], early["reason"]) == ("57", "rollout.not_started")
    assert "2024-03-10" in early["message_en"]
    later(desk, dt.timedelta(days=9))
    loaves = bread(desk, card, 10)
    assert loaves["approved"], loaves
    loaves_left = loaves["receipt"]["loaves_left_month"]

    # Lost: the citizen blocks it in the app; the replacement is collected the same way.
    blocked = client.post("/api/v1/app/cards/block", json={}, headers=app_session(desk, holder))
    assert blocked.status_code == 200, blocked.text
    made = client.post(f"/api/v1/cards/{token}/replacement", json={}, headers=desk.clerk)
    assert made.status_code == 201, made.text
    desk.deliver(made.json()["id"])
    new_token = desk.tokens_of(made.json()["id"])[holder]
    found = client.get(f"{PICKUP}/{holder}", headers=desk.clerk)
    assert (found.json()["token"], found.json()["ready"]) == (new_token, True)
    later(desk, dt.timedelta(minutes=5))  # a new pickup code may be sent
    new_card = card_in_hand(desk, new_token)
    assert (new_card.card.psn, new_card.pan != card.pan) == ("01", True)
    assert collect(desk, holder, new_token)["status"] == "active"

    # The old card is declined for good, even with a genuine cryptogram and the right PIN.
    old = card.pay(client, desk.town.shop, 1_000)
    assert (old["response_code"], old["reason"]) == ("62", "card.replaced")
    assert bread(desk, card, 1)["response_code"] == "62"
    # The new card spends the same wallet and draws the same household quota.
    spent = new_card.pay(client, desk.town.shop, 1_000)
    assert spent["approved"], spent
    assert spent["receipt"]["wallet_balance"] == 6_500
    more = bread(desk, new_card, 4)
    assert more["approved"], more
    assert more["receipt"]["loaves_left_month"] == loaves_left - 4

    # The books and the audit log are clean.
    ledger = cli(database_url, "ledger", "check")
    assert ledger.exit_code == 0, ledger.output
    assert "ledger clean" in ledger.output
    audit = cli(database_url, "audit", "verify")
    assert audit.exit_code == 0, audit.output
    assert "audit log intact" in audit.output
    with desk.container.engine.connect() as db:
        actions = set(db.execute(select(audit_log.c.action)).scalars())
    assert {"card.hand_over", "card.block", "rollout.set"} <= actions
