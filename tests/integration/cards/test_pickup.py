"""The pickup desk and the journey after it, through the real HTTP and terminal APIs: a card is
handed over with the one-time code, fingerprint and PIN and pays at once; lost, it is blocked
from the app and replaced, the old card is declined for good and the wallet is untouched."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from tests.integration.cards.conftest import ADMIN, Desk
from tests.integration.cards.test_blocking import at_terminal
from tests.otp_inbox import last_code_sent_to
from unicard.adapters.db.tables_card_batches import card_issuance
from unicard.domain.registry.household import Relation
from unicard.services import households

PICKUP = "/api/v1/pickup"
FINGERPRINT = "sha256:" + "ab12" * 16


def delivered(desk: Desk) -> dict[str, str]:
    """A Port Said batch at its office: national ID → card token."""
    batch = desk.produce()
    desk.deliver(batch["id"])
    return desk.tokens_of(batch["id"])


def local(mobile: str) -> str:
    return "0" + mobile.removeprefix("+20")


def ask_code(desk: Desk, national_id: str, token: str, mobile: str, headers: Any = None) -> Any:
    body = {"card_token": token, "mobile": mobile}
    return desk.client.post(f"{PICKUP}/{national_id}/code", json=body, headers=headers or desk.clerk)


def hand_over(desk: Desk, national_id: str, token: str, code: str, **overrides: str) -> Any:
    body = {
        "card_token": token,
        "mobile": desk.town.mobiles[national_id],
        "code": code,
        "fingerprint_ref": FINGERPRINT,
        "pin": "4826",
        "pan": desk.bureau.pan_of(token),
        **overrides,
    }
    return desk.client.post(f"{PICKUP}/{national_id}/handover", json=body, headers=desk.clerk)


def pick_up(desk: Desk, national_id: str, token: str) -> dict[str, Any]:
    mobile = desk.town.mobiles[national_id]
    sent = ask_code(desk, national_id, token, local(mobile))
    assert sent.status_code == 200, sent.text
    code = last_code_sent_to(desk.container.uow_factory, mobile)
    done = hand_over(desk, national_id, token, code)
    assert done.status_code == 200, done.text
    return dict(done.json())


def app_session(desk: Desk, national_id: str) -> dict[str, str]:
    mobile = desk.town.mobiles[national_id]
    asked = desk.client.post("/api/v1/app/otp", json={"national_id": national_id, "mobile": mobile})
    assert asked.status_code == 202, asked.text
    code = last_code_sent_to(desk.container.uow_factory, mobile)
    session = desk.client.post("/api/v1/app/session", json={"national_id": national_id, "code": code})
    assert session.status_code == 200, session.text
    return {"Authorization": f"Bearer {session.json()['access_token']}"}


def test_the_journey_from_pickup_to_a_replaced_card(desk: Desk) -> None:
    holder = desk.town.adults[0]
    token = delivered(desk)[holder]
    pan = desk.bureau.pan_of(token)

    found = desk.client.get(f"{PICKUP}/{holder}", headers=desk.clerk)
    assert found.status_code == 200, found.text
    assert found.json() | {"batch_id": 0} == {
        "token": token,
        "last4": pan[-4:],
        "national_id": holder,
        "status": "notified",
        "office_id": desk.town.office.merchant_id,
        "batch_id": 0,
        "batch_status": "at_office",
        "ready": True,
    }
    before = at_terminal(desk, desk.town.office, {"type": "deposit", "card": {"pan": pan}, "amount": 100})
    assert (before["response_code"], before["reason"]) == ("62", "card.not_active")

    sent = ask_code(desk, holder, token, local(desk.town.mobiles[holder]))
    assert sent.status_code == 200, sent.text
    assert sent.json()["sent_to"].startswith("+20")
    assert "*" in sent.json()["sent_to"]
    code = last_code_sent_to(desk.container.uow_factory, desk.town.mobiles[holder])
    handed = hand_over(desk, holder, token, code)
    assert handed.status_code == 200, handed.text
    assert (handed.json()["status"], handed.json()["sequence_number"]) == ("active", 0)
    with desk.container.engine.connect() as db:
        row = db.execute(select(card_issuance).where(card_issuance.c.card_token == token)).one()
    assert row.fingerprint_ref == FINGERPRINT
    assert row.handed_over_at is not None
    with desk.container.uow_factory() as uow:  # one PIN scheme: what the EMV verifier checks
        security = uow.card_security.get(token, at=desk.container.clock.now())
    assert security.pin_value == desk.container.card_keys.pin_verification_value(pan, "4826")
    assert security.pin_value is not None
    assert "4826" not in security.pin_value

    # Payments work at once: a deposit at the counter, a wallet purchase at the shop.
    deposit = at_terminal(desk, desk.town.office, {"type": "deposit", "card": {"pan": pan}, "amount": 10_000})
    assert deposit["approved"], deposit
    bought = at_terminal(desk, desk.town.shop, {"type": "purchase", "card": {"pan": pan}, "amount": 2_500})
    assert bought["approved"], bought
    assert bought["receipt"]["wallet_balance"] == 7_500
    # Entitlements belong to the household: its bread quota is drawn with whichever card.
    households.create_household(
        desk.container.uow_factory(),
        desk.container.clock,
        ADMIN,
        number="0398765432101",
        governorate="03",
        head=holder,
        members=[(desk.town.child, Relation.SON)],
    )
    bread = at_terminal(
        desk, desk.town.bakery, {"type": "bread_purchase", "card": {"pan": pan}, "loaves": 10}
    )
    assert bread["approved"], bread
    loaves_left = bread["receipt"]["loaves_left_month"]

    # Lost: the citizen blocks it from the app, it is declined at once.
    blocked = desk.client.post("/api/v1/app/cards/block", json={}, headers=app_session(desk, holder))
    assert blocked.status_code == 200, blocked.text
    assert [card["token"] for card in blocked.json()] == [token]
    lost = at_terminal(desk, desk.town.bakery, {"type": "bread_purchase", "card": {"pan": pan}, "loaves": 5})
    assert (lost["response_code"], lost["reason"]) == ("62", "card.blocked")

    # The replacement: a one-card batch for the same office, collected the same way.
    made = desk.client.post(f"/api/v1/cards/{token}/replacement", json={}, headers=desk.clerk)
    assert made.status_code == 201, made.text
    assert made.json()["office_id"] == desk.town.office.merchant_id
    desk.deliver(made.json()["id"])
    new_token = desk.tokens_of(made.json()["id"])[holder]
    new_pan = desk.bureau.pan_of(new_token)
    assert new_token != token
    assert new_pan != pan
    desk.container.clock.advance(dt.timedelta(minutes=2))  # a new pickup code may be sent
    again = pick_up(desk, holder, new_token)
    assert (again["status"], again["sequence_number"]) == ("active", 1)

    # The wallet belongs to the citizen, not the card: the new card spends the same balance.
    spent = at_terminal(desk, desk.town.shop, {"type": "purchase", "card": {"pan": new_pan}, "amount": 1_000})
    assert spent["approved"], spent
    assert spent["receipt"]["wallet_balance"] == 6_500
    more = at_terminal(
        desk, desk.town.bakery, {"type": "bread_purchase", "card": {"pan": new_pan}, "loaves": 4}
    )
    assert more["approved"], more
    assert more["receipt"]["loaves_left_month"] == loaves_left - 4
    old = at_terminal(desk, desk.town.shop, {"type": "purchase", "card": {"pan": pan}, "amount": 1_000})
    assert (old["response_code"], old["reason"]) == ("62", "card.replaced")


def test_a_card_whose_batch_has_not_arrived_is_not_handed_over(desk: Desk) -> None:
    holder = desk.town.adults[1]
    batch = desk.produce()
    token = desk.tokens_of(batch["id"])[holder]
    found = desk.client.get(f"{PICKUP}/{holder}", headers=desk.clerk).json()
    assert (found["status"], found["batch_status"], found["ready"]) == ("produced", "produced", False)
    early = ask_code(desk, holder, token, desk.town.mobiles[holder])
    assert (early.status_code, early.json()["code"]) == (409, "pickup.not_arrived")
    assert "has not reached the post office" in early.json()["detail_en"]
    assert "لم تصل مكتب البريد" in early.json()["detail_ar"]


def test_the_person_must_be_the_holder_with_the_registered_mobile(desk: Desk) -> None:
    tokens = delivered(desk)
    holder, other = desk.town.adults[0], desk.town.adults[1]
    token = tokens[holder]

    not_theirs = ask_code(desk, other, token, desk.town.mobiles[other])
    assert (not_theirs.status_code, not_theirs.json()["code"]) == (403, "pickup.not_holder")
    wrong_mobile = ask_code(desk, holder, token, desk.town.mobiles[other])
    assert (wrong_mobile.status_code, wrong_mobile.json()["code"]) == (403, "pickup.mobile_mismatch")
    garbage = ask_code(desk, holder, token, "12")
    assert garbage.status_code == 422
    far = ask_code(desk, holder, token, desk.town.mobiles[holder], headers=desk.far_clerk)
    assert (far.status_code, far.json()["code"]) == (403, "pickup.office_scope")
    nothing = desk.client.get(f"{PICKUP}/{desk.town.no_mobile}", headers=desk.clerk)
    assert (nothing.status_code, nothing.json()["code"]) == (404, "pickup.none")
    # A national ID that does not match the card, at the hand-over itself.
    forged = hand_over(desk, other, token, "123456", mobile=desk.town.mobiles[other])
    assert (forged.status_code, forged.json()["code"]) == (403, "pickup.not_holder")


def test_a_wrong_code_image_pin_or_card_hands_nothing_over(desk: Desk) -> None:
    holder = desk.town.adults[2]
    tokens = delivered(desk)
    token = tokens[holder]
    assert ask_code(desk, holder, token, desk.town.mobiles[holder]).status_code == 200
    code = last_code_sent_to(desk.container.uow_factory, desk.town.mobiles[holder])
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"

    refused = hand_over(desk, holder, token, wrong)
    assert (refused.status_code, refused.json()["code"]) == (401, "otp.wrong_code")
    image = hand_over(desk, holder, token, code, fingerprint_ref="iVBORw0KGgo" + "A" * 200)
    assert (image.status_code, image.json()["code"]) == (422, "pickup.fingerprint_ref")
    short_pin = hand_over(desk, holder, token, code, pin="12")
    assert (short_pin.status_code, short_pin.json()["code"]) == (422, "pickup.pin_format")
    # Another holder's card in the desk's reader: the PIN would be set for the wrong card.
    other_card = hand_over(desk, holder, token, code, pan=desk.bureau.pan_of(tokens[desk.town.adults[0]]))
    assert (other_card.status_code, other_card.json()["code"]) == (403, "pickup.card_mismatch")
    not_a_pan = hand_over(desk, holder, token, code, pan="5078031234")
    assert not_a_pan.status_code == 422, not_a_pan.text
    assert desk.client.get(f"{PICKUP}/{holder}", headers=desk.clerk).json()["status"] == "notified"

    # The right code still works: the refusals above cost one try and no state.
    assert hand_over(desk, holder, token, code).json()["status"] == "active"
    again = hand_over(desk, holder, token, code)
    assert (again.status_code, again.json()["code"]) == (409, "pickup.not_awaiting")


def test_a_citizen_cannot_block_someone_elses_card(desk: Desk) -> None:
    tokens = delivered(desk)
    owner, stranger = desk.town.adults[0], desk.town.adults[1]
    pick_up(desk, owner, tokens[owner])
    pan = desk.bureau.pan_of(tokens[owner])

    theirs = desk.client.post(
        "/api/v1/app/cards/block", json={"card_token": tokens[owner]}, headers=app_session(desk, stranger)
    )
    assert (theirs.status_code, theirs.json()["code"]) == (404, "block.not_yours")
    anonymous = desk.client.post("/api/v1/app/cards/block", json={"card_token": tokens[owner]})
    assert anonymous.status_code == 401
    operator = desk.client.post(
        "/api/v1/app/cards/block", json={"card_token": tokens[owner]}, headers=desk.clerk
    )
    assert operator.status_code == 401
    still = at_terminal(desk, desk.town.office, {"type": "deposit", "card": {"pan": pan}, "amount": 500})
    assert still["approved"], still
