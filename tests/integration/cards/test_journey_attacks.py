"""Issue 4's attacks on a card that went through the desk, with EMV card authentication on,
through the real HTTP API on SQLite and PostgreSQL.

Already covered end to end in tests/integration/card_security/test_card_authentication.py (same
engine and verifier, a PIN set by ``set_pin``): a replayed cryptogram, a cryptogram from another
card's keys or another issuer's, a PIN block of the wrong format (81, no try counted). Here: the
PIN the desk set is the one the EMV verifier checks — three wrong tries lock it (75) until a
Port Said clerk unlocks it at the desk or with the CLI; a blocked card at a bakery is declined
even with a genuine cryptogram; a replacement card starts with its own PIN and counter.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select

from tests.fakes import FixedClock
from tests.integration.card_security.test_card_authentication import PIN, Cardholder, send
from tests.integration.cards.conftest import ADMIN, Desk
from tests.integration.cards.journey_support import (
    card_in_hand,
    cli,
    collect,
    emv_container,
    later,
    pilot_clock,
    shared_key_uow_factory,
    unlock,
)
from tests.integration.cards.test_blocking import block
from unicard.adapters.db.tables import audit_log
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.bootstrap import Container
from unicard.domain.payments.types import TransactionType
from unicard.domain.registry.household import Relation
from unicard.services import households

WRONG = "0000"


@pytest.fixture
def clock() -> FixedClock:
    return pilot_clock()


@pytest.fixture
def uow_factory(engine: Engine) -> SqlUnitOfWorkFactory:
    return shared_key_uow_factory(engine)


@pytest.fixture
def container(engine: Engine, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> Container:
    return emv_container(engine, uow_factory, clock)


def handed_card(desk: Desk, holder: str, *, pin: str = PIN) -> tuple[str, Cardholder]:
    """Payments live (1 March): the holder's card collected at the desk with ``pin``, EGP 100 on it."""
    batch = desk.produce()
    desk.deliver(batch["id"])
    token = desk.tokens_of(batch["id"])[holder]
    later(desk, dt.timedelta(days=2))
    collect(desk, holder, token, pin=pin)
    card = card_in_hand(desk, token)
    assert card.deposit(desk.client, desk.town.office, 10_000)["approved"]
    return token, card


def lock(desk: Desk, card: Cardholder) -> None:
    answers = [card.pay(desk.client, desk.town.shop, 100, pin=WRONG)["response_code"] for _ in range(3)]
    assert answers == ["55", "55", "75"]
    locked = card.pay(desk.client, desk.town.shop, 100)  # the right PIN, too late
    assert (locked["response_code"], locked["reason"]) == ("75", "pin.locked")


def test_three_wrong_pins_lock_the_desk_pin_until_a_clerk_unlocks(desk: Desk, database_url: str) -> None:
    holder = desk.town.adults[0]
    _, card = handed_card(desk, holder)
    lock(desk, card)

    # Only a clerk of the card's governorate, for the holder's own card, with the card in hand.
    far = unlock(desk, holder, card.pan, headers=desk.far_clerk)
    assert (far.status_code, far.json()["code"]) == (403, "pickup.office_scope")
    admin = unlock(desk, holder, card.pan, headers=desk.admin)
    assert admin.status_code == 403, admin.text
    stranger = unlock(desk, desk.town.adults[1], card.pan)
    assert (stranger.status_code, stranger.json()["code"]) == (403, "pickup.not_holder")
    garbage = unlock(desk, holder, "1234")
    assert garbage.status_code == 422, garbage.text
    assert card.pay(desk.client, desk.town.shop, 100)["response_code"] == "75"  # still locked

    unlocked = unlock(desk, holder, card.pan)
    assert (unlocked.status_code, unlocked.json()) == (200, {"unlocked": True}), unlocked.text
    assert card.pay(desk.client, desk.town.shop, 100)["approved"]
    again = unlock(desk, holder, card.pan)
    assert again.json() == {"unlocked": False}  # nothing was locked: nothing changes

    # Locked again, unlocked with the CLI this time.
    lock(desk, card)
    done = cli(database_url, "card", "pin-unlock", "--national-id", holder, "--pan", card.pan)
    assert done.exit_code == 0, done.output
    assert f"card …{card.pan[-4:]}: PIN unlocked" in done.output
    assert card.pay(desk.client, desk.town.shop, 100)["approved"]
    unknown = cli(database_url, "card", "pin-unlock", "--national-id", desk.town.adults[1], "--pan", card.pan)
    assert unknown.exit_code != 0
    assert "Traceback" not in unknown.output

    with desk.container.engine.connect() as db:
        unlocks = db.execute(
            select(audit_log.c.actor).where(audit_log.c.action == "card.pin_unlock")
        ).scalars()
        actors = list(unlocks)
    assert len(actors) == 2
    assert actors[1] == "salma"


def test_a_blocked_card_is_declined_at_the_bakery_with_a_genuine_cryptogram(desk: Desk) -> None:
    holder = desk.town.adults[0]
    households.create_household(
        desk.container.uow_factory(), desk.container.clock, ADMIN, number="0398765432101", governorate="03",
        head=holder, members=[(desk.town.child, Relation.SON)],
    )  # fmt: skip
    token, card = handed_card(desk, holder)  # 1 March: supply is live too, as shipped
    tap = card.tap(TransactionType.BREAD_PURCHASE)
    body = card.body(TransactionType.BREAD_PURCHASE, tap, loaves=5)
    assert send(desk.client, desk.town.bakery, body)["approved"]

    assert block(desk, token).status_code == 200
    tap = card.tap(TransactionType.BREAD_PURCHASE)
    stolen = send(desk.client, desk.town.bakery, card.body(TransactionType.BREAD_PURCHASE, tap, loaves=5))
    assert (stolen["response_code"], stolen["reason"]) == ("62", "card.blocked")
    assert card.pay(desk.client, desk.town.shop, 100)["response_code"] == "62"


def test_a_replacement_starts_with_its_own_pin_and_counter(desk: Desk) -> None:
    holder = desk.town.adults[0]
    token, old = handed_card(desk, holder)
    lock(desk, old)  # the lost card's PIN was being guessed
    assert block(desk, token).status_code == 200
    made = desk.client.post(f"/api/v1/cards/{token}/replacement", json={}, headers=desk.clerk)
    assert made.status_code == 201, made.text
    desk.deliver(made.json()["id"])
    new_token = desk.tokens_of(made.json()["id"])[holder]
    later(desk, dt.timedelta(days=1))
    collect(desk, holder, new_token, pin="7391")

    new = card_in_hand(desk, new_token)
    assert new.pay(desk.client, desk.town.shop, 100, pin=PIN)["response_code"] == "55"  # the old PIN
    assert new.pay(desk.client, desk.town.shop, 100, pin="7391")["approved"]  # not locked, own PIN
    with desk.container.uow_factory() as uow:
        now = desk.container.clock.now()
        old_state, new_state = uow.card_security.get(token, at=now), uow.card_security.get(new_token, at=now)
    assert old_state.pin_tries.locked
    assert not new_state.pin_tries.locked
    assert new_state.pin_value != old_state.pin_value
