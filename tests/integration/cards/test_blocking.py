"""Lost, stolen, replaced: a block works at once and for good, through the real terminal API;
the replacement is a new card (PAN, token, PSN) collected the same way."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from tests.integration.cards.conftest import Desk
from unicard.adapters.db.tables_payments import cards as cards_table
from unicard.adapters.db.tables_payments import outbox
from unicard.domain.payments.types import CardService
from unicard.domain.shared.pan import Pan
from unicard.services.cards import registration as cards
from unicard.services.cards.blocking import SmsBlockOutcome, block_by_sms
from unicard.services.operators import SYSTEM_ACTOR

TERMINAL = "/api/v1/terminal/transactions"
_keys = iter(range(1, 1_000_000))


def handed_card(desk: Desk, national_id: str, account: int) -> tuple[str, str]:
    """An active card registered by hand (as before batches): its token and PAN."""
    pan = Pan.issue("507803", str(account)).value
    card = cards.register_card(
        desk.container.uow_factory(),
        desk.container.clock,
        actor=SYSTEM_ACTOR,
        national_id=national_id,
        pan=pan,
        expires_on=dt.date(2031, 12, 31),
        services=frozenset(CardService),
    )
    return card.token, pan


def at_terminal(desk: Desk, till: Any, body: dict[str, object]) -> dict[str, Any]:
    response = desk.client.post(
        TERMINAL, json=body, auth=till.auth, headers={"Idempotency-Key": f"b{next(_keys)}"}
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def block(desk: Desk, token: str, headers: dict[str, str] | None = None, reason: str = "lost") -> Any:
    return desk.client.post(
        f"/api/v1/cards/{token}/block",
        json={"reason": reason, "note": "reported at the desk"},
        headers=headers or desk.clerk,
    )


def test_a_blocked_card_is_declined_at_the_bakery_at_once(desk: Desk) -> None:
    holder = desk.town.adults[0]
    token, pan = handed_card(desk, holder, 41)
    deposit = at_terminal(desk, desk.town.office, {"type": "deposit", "card": {"pan": pan}, "amount": 5_000})
    assert deposit["approved"], deposit

    assert block(desk, token, desk.far_clerk).json()["code"] == "block.governorate_scope"
    blocked = block(desk, token)
    assert blocked.status_code == 200, blocked.text
    assert blocked.json() == {"token": token, "last4": pan[-4:], "status": "blocked"}

    bread = at_terminal(desk, desk.town.bakery, {"type": "bread_purchase", "card": {"pan": pan}, "loaves": 5})
    assert (bread["approved"], bread["response_code"], bread["reason"]) == (False, "62", "card.blocked")
    shop = at_terminal(desk, desk.town.shop, {"type": "purchase", "card": {"pan": pan}, "amount": 100})
    assert shop["response_code"] == "62"

    again = block(desk, token)
    assert (again.status_code, again.json()["code"]) == (409, "block.not_blockable")
    with desk.container.engine.connect() as db:
        notices = (
            db.execute(select(outbox.c.recipient).where(outbox.c.template == "card_blocked")).scalars().all()
        )
    assert sorted(notices) == sorted([desk.town.mobiles[holder], holder])  # SMS and app, once


def test_bad_block_requests(desk: Desk) -> None:
    unknown = block(desk, "f" * 32)
    assert (unknown.status_code, unknown.json()["code"]) == (404, "batch.card_not_found")
    token, _ = handed_card(desk, desk.town.adults[0], 42)
    odd = block(desk, token, reason="misplaced")
    assert odd.status_code == 422
    anonymous = desk.client.post(f"/api/v1/cards/{token}/block", json={"reason": "lost"})
    assert anonymous.status_code == 401


def test_replacement_is_a_new_card_collected_the_same_way(desk: Desk) -> None:
    holder = desk.town.adults[1]
    token, pan = handed_card(desk, holder, 43)
    active = desk.client.post(f"/api/v1/cards/{token}/replacement", json={}, headers=desk.clerk)
    assert (active.status_code, active.json()["code"]) == (409, "batch.replace_not_blocked")
    assert block(desk, token, reason="stolen").status_code == 200
    # A card registered before batches has no office of its own: the clerk names one.
    missing = desk.client.post(f"/api/v1/cards/{token}/replacement", json={}, headers=desk.clerk)
    assert (missing.status_code, missing.json()["code"]) == (422, "batch.office_missing")

    made = desk.client.post(
        f"/api/v1/cards/{token}/replacement",
        json={"office_id": desk.town.office.merchant_id},
        headers=desk.clerk,
    )
    assert made.status_code == 201, made.text
    batch = made.json()
    assert (batch["card_count"], batch["status"]) == (1, "produced")
    (spec,) = desk.bureau.batches[batch["id"]]
    assert (spec.national_id, spec.sequence_number) == (holder, 1)
    assert spec.pan.value != pan
    assert spec.token != token

    arrived = desk.deliver(batch["id"])
    assert arrived["notified"] == 1
    with desk.container.engine.connect() as db:
        statuses = {row.token: row.status for row in db.execute(select(cards_table))}
    assert (statuses[token], statuses[spec.token]) == ("replaced", "notified")
    old = at_terminal(desk, desk.town.shop, {"type": "purchase", "card": {"pan": pan}, "amount": 100})
    assert (old["response_code"], old["reason"]) == ("62", "card.replaced")
    # The whole-governorate batch does not make the holder a third card.
    others = desk.produce()
    assert holder not in {spec.national_id for spec in desk.bureau.batches[others["id"]]}


@pytest.mark.parametrize("text", ["إيقاف", "ايقاف البطاقة", " stop  card "])
def test_the_sms_keyword_from_the_registered_mobile_blocks(desk: Desk, text: str) -> None:
    holder = desk.town.adults[2]
    _, pan = handed_card(desk, holder, 44)
    uow, clock = desk.container.uow_factory, desk.container.clock
    mobile = desk.town.mobiles[holder]

    assert block_by_sms(uow(), clock, mobile, "كم رصيدي") is SmsBlockOutcome.NOT_A_KEYWORD
    assert block_by_sms(uow(), clock, "+201009999999", text) is SmsBlockOutcome.UNKNOWN_SENDER
    assert block_by_sms(uow(), clock, "not a number", text) is SmsBlockOutcome.UNKNOWN_SENDER
    assert (
        at_terminal(desk, desk.town.shop, {"type": "purchase", "card": {"pan": pan}, "amount": 1})[
            "response_code"
        ]
        != "62"
    )

    assert block_by_sms(uow(), clock, "0" + mobile.removeprefix("+20"), text) is SmsBlockOutcome.BLOCKED
    assert block_by_sms(uow(), clock, mobile, text) is SmsBlockOutcome.NO_LIVE_CARD
    declined = at_terminal(
        desk, desk.town.bakery, {"type": "bread_purchase", "card": {"pan": pan}, "loaves": 2}
    )
    assert (declined["response_code"], declined["reason"]) == ("62", "card.blocked")


def test_a_batch_needs_no_arrival_to_be_blocked(desk: Desk) -> None:
    batch = desk.produce()
    token = desk.tokens_of(batch["id"])[desk.town.adults[0]]
    assert block(desk, token).status_code == 200
    # Its batch still arrives; the blocked card's holder is not told to come for it.
    assert desk.deliver(batch["id"])["notified"] == 2
