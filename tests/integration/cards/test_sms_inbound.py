"""The SMS gateway's webhook through the real HTTP API: the keyword from the registered mobile
blocks the card at once, a retry acts on nothing and answers as the first time, and only the genuine gateway
(signed, recent) gets in."""

from __future__ import annotations

import datetime as dt
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from tests.integration.cards.conftest import Desk
from tests.integration.cards.test_blocking import at_terminal, handed_card
from unicard.adapters.db.tables import audit_log
from unicard.adapters.db.tables_payments import outbox
from unicard.adapters.security.webhook_signature import sign
from unicard.services.cards.inbound_sms import InboundSms, receive

INBOUND = "/api/v1/sms/inbound"
SECRET = "gateway-shared-secret-for-tests"
_ids = iter(range(1, 1_000_000))


@pytest.fixture
def gateway(desk: Desk) -> Desk:
    desk.container.settings.sms_inbound_secret = SecretStr(SECRET)
    return desk


def post(
    desk: Desk,
    body: dict[str, Any] | bytes,
    *,
    secret: str = SECRET,
    at: dt.datetime | None = None,
    signature: str | None = None,
) -> Any:
    raw = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
    timestamp = str(int((at or desk.container.clock.now()).timestamp()))
    headers = {
        "Content-Type": "application/json",
        "X-Unicard-Timestamp": timestamp,
        "X-Unicard-Signature": signature or sign(secret, timestamp, raw),
    }
    return desk.client.post(INBOUND, content=raw, headers=headers)


def sms(sender: str, text: str, message_id: str | None = None) -> dict[str, str]:
    return {"from": sender, "to": "9999", "text": text, "message_id": message_id or f"gw-{next(_ids)}"}


def replies(desk: Desk, template: str) -> list[str]:
    with desk.container.engine.connect() as db:
        query = select(outbox.c.recipient).where(outbox.c.template == template, outbox.c.channel == "sms")
        return list(db.execute(query).scalars())


def test_the_keyword_blocks_the_card_and_the_bakery_declines_62(gateway: Desk) -> None:
    holder = gateway.town.adults[0]
    _, pan = handed_card(gateway, holder, 61)
    mobile = gateway.town.mobiles[holder]
    deposit = {"type": "deposit", "card": {"pan": pan}, "amount": 5_000}
    assert at_terminal(gateway, gateway.town.office, deposit)["approved"]
    purchase = {"type": "purchase", "card": {"pan": pan}, "amount": 100}
    assert at_terminal(gateway, gateway.town.shop, purchase)["approved"]

    message = sms("0" + mobile.removeprefix("+20"), "إيقاف البطاقة", "SMSC/2026-11-22/öäü #1")
    answered = post(gateway, message)
    assert answered.status_code == 200, answered.text
    assert answered.json() == {"message_id": message["message_id"], "outcome": "blocked"}

    bread = {"type": "bread_purchase", "card": {"pan": pan}, "loaves": 2}
    declined = at_terminal(gateway, gateway.town.bakery, bread)
    assert (declined["approved"], declined["response_code"]) == (False, "62")
    assert declined["reason"] == "card.blocked"
    assert replies(gateway, "card_blocked") == [mobile]

    # The gateway retries (our answer was lost): the first answer again, nothing sent again.
    retried = post(gateway, message)
    assert retried.status_code == 200, retried.text
    assert retried.json()["outcome"] == "blocked"
    assert replies(gateway, "card_blocked") == [mobile]


def test_a_retry_after_the_new_card_arrived_leaves_it_alone(gateway: Desk) -> None:
    holder = gateway.town.adults[2]
    handed_card(gateway, holder, 63)
    mobile = gateway.town.mobiles[holder]
    message = sms(mobile, "ايقاف")
    assert post(gateway, message).json()["outcome"] == "blocked"

    _, new_pan = handed_card(gateway, holder, 64)  # the replacement, collected meanwhile
    retried = post(gateway, message)  # a retry of the old message, signed afresh by the gateway
    assert retried.json()["outcome"] == "blocked"
    deposit = {"type": "deposit", "card": {"pan": new_pan}, "amount": 500}
    assert at_terminal(gateway, gateway.town.office, deposit)["approved"]
    assert replies(gateway, "card_blocked") == [mobile]

    # A new message with the keyword is a new act: it blocks the new card.
    assert post(gateway, sms(mobile, "ايقاف")).json()["outcome"] == "blocked"
    assert replies(gateway, "card_blocked") == [mobile, mobile]


def test_another_text_from_a_registered_mobile_gets_the_keyword_once(gateway: Desk) -> None:
    holder = gateway.town.adults[1]
    _, pan = handed_card(gateway, holder, 62)
    at_terminal(gateway, gateway.town.office, {"type": "deposit", "card": {"pan": pan}, "amount": 500})
    mobile = gateway.town.mobiles[holder]
    message = sms(mobile, "كم رصيدي؟")
    for _ in range(2):  # the second is the gateway's retry
        answered = post(gateway, message)
        assert answered.json() == {"message_id": message["message_id"], "outcome": "not_a_keyword"}
    assert replies(gateway, "card_block_help") == [mobile]
    assert at_terminal(gateway, gateway.town.shop, {"type": "purchase", "card": {"pan": pan}, "amount": 1})[
        "approved"
    ]
    post(gateway, sms(mobile, "hello"))  # another message is another answer
    assert replies(gateway, "card_block_help") == [mobile, mobile]


def test_the_keyword_from_an_unknown_number_blocks_nothing(gateway: Desk) -> None:
    _, pan = handed_card(gateway, gateway.town.adults[2], 63)
    at_terminal(gateway, gateway.town.office, {"type": "deposit", "card": {"pan": pan}, "amount": 500})
    for sender in ("+201009999999", "not a number"):
        answered = post(gateway, sms(sender, "STOP CARD"))
        assert answered.json()["outcome"] == "unknown_sender"
        assert post(gateway, sms(sender, "hi")).json()["outcome"] == "not_a_keyword"
    shop = at_terminal(gateway, gateway.town.shop, {"type": "purchase", "card": {"pan": pan}, "amount": 1})
    assert shop["approved"], shop
    with gateway.container.engine.connect() as db:
        sent = db.execute(select(outbox.c.template)).scalars().all()
    assert not {"card_blocked", "card_block_help"} & set(sent), sent


def test_a_citizen_without_a_live_card(gateway: Desk) -> None:
    mobile = gateway.town.mobiles[gateway.town.adults[0]]
    assert post(gateway, sms(mobile, "ايقاف")).json()["outcome"] == "no_live_card"


def test_a_bad_signature_is_401_and_acts_on_nothing(gateway: Desk) -> None:
    holder = gateway.town.adults[0]
    _, pan = handed_card(gateway, holder, 64)
    at_terminal(gateway, gateway.town.office, {"type": "deposit", "card": {"pan": pan}, "amount": 500})
    message = sms(gateway.town.mobiles[holder], "STOP")
    for refused in (
        post(gateway, message, secret="someone-else"),
        post(gateway, message, signature="sha256=" + "0" * 64),
        post(gateway, message, signature="not even hex"),
    ):
        assert (refused.status_code, refused.json()["code"]) == (401, "sms_inbound.bad_signature")
        assert refused.headers["WWW-Authenticate"].startswith("Signature ")
    unsigned = gateway.client.post(INBOUND, json=message)
    assert (unsigned.status_code, unsigned.json()["code"]) == (401, "sms_inbound.stale")
    shop = at_terminal(gateway, gateway.town.shop, {"type": "purchase", "card": {"pan": pan}, "amount": 1})
    assert shop["approved"], shop


def test_a_stale_or_future_timestamp_is_401(gateway: Desk) -> None:
    holder = gateway.town.adults[0]
    handed_card(gateway, holder, 65)
    message = sms(gateway.town.mobiles[holder], "STOP")
    now = gateway.container.clock.now()
    for at in (now - dt.timedelta(minutes=5, seconds=1), now + dt.timedelta(minutes=5, seconds=1)):
        refused = post(gateway, message, at=at)
        assert (refused.status_code, refused.json()["code"]) == (401, "sms_inbound.stale")
        assert "300 seconds" in refused.json()["detail_en"]
    # Within the window the same message is taken (it was never acted on).
    assert post(gateway, message, at=now - dt.timedelta(minutes=4)).json()["outcome"] == "blocked"


def test_unconfigured_is_503(desk: Desk) -> None:
    answered = post(desk, sms(desk.town.mobiles[desk.town.adults[0]], "STOP"))
    assert answered.status_code == 503
    assert answered.json()["code"] == "sms_inbound.not_configured"
    assert "inbound SMS is not configured" in answered.json()["detail_en"]


_GOOD = {"from": "+201001234567", "to": "9999", "text": "STOP", "message_id": "m1"}


def without(field: str) -> dict[str, Any]:
    return {name: value for name, value in _GOOD.items() if name != field}


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        (without("from"), "from", "request.field_missing"),
        (without("message_id"), "message_id", "request.field_missing"),
        ({**_GOOD, "text": 5}, "text", "request.field_not_text"),
        ({**_GOOD, "message_id": ""}, "message_id", "request.field_too_short"),
        ({**_GOOD, "x": 1}, "x", "request.field_unknown"),
        (b"{not json", "body", "request.body_not_json"),
        (b"[]", "body", "request.body_not_object"),
    ],
)
def test_a_malformed_body_is_422_naming_the_field(gateway: Desk, body: Any, field: str, code: str) -> None:
    answered = post(gateway, body)
    assert answered.status_code == 422, answered.text
    problem = answered.json()
    assert problem["code"] == "request.invalid"
    assert [(error["field"], error["code"]) for error in problem["errors"]] == [(field, code)]


def test_two_deliveries_at_once_act_once(gateway: Desk) -> None:
    holder = gateway.town.adults[0]
    handed_card(gateway, holder, 65)
    mobile = gateway.town.mobiles[holder]
    twin = InboundSms(sender=mobile, recipient="9999", text="STOP CARD", message_id="twin-1")
    start = threading.Barrier(2)

    def deliver() -> str:
        start.wait()
        return receive(gateway.container.uow_factory, gateway.container.clock, twin).value

    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(lambda _: deliver(), range(2)))
    assert outcomes == ["blocked", "blocked"]
    assert replies(gateway, "card_blocked") == [mobile]
    with gateway.container.engine.connect() as db:
        blocks = db.execute(select(audit_log.c.action).where(audit_log.c.action == "card.block")).all()
    assert len(blocks) == 1
