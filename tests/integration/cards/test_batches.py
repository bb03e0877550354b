"""Production batches through the real HTTP API: produced → dispatched → at_office, and the
pickup notice each holder gets when the batch reaches the post office."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from tests.integration.cards.conftest import BATCHES, Desk
from tests.integration.payments.conftest import till
from unicard.adapters.db import card_batches as card_batches_store
from unicard.adapters.db.tables_card_batches import card_issuance
from unicard.adapters.db.tables_payments import cards, outbox
from unicard.domain.merchants import MerchantKind
from unicard.domain.notifications import TemplateId, template
from unicard.domain.shared.pan import Pan


def test_a_batch_is_produced_for_adults_with_a_mobile_and_no_card(desk: Desk) -> None:
    batch = desk.produce()
    assert (batch["status"], batch["card_count"], batch["governorate"]) == ("produced", 3, "03")

    specs = desk.bureau.batches[batch["id"]]
    assert sorted(spec.national_id for spec in specs) == sorted(desk.town.adults)
    pans = [Pan.parse(spec.pan.value).value for spec in specs]  # Luhn-valid, or parse raises
    assert all(pan.startswith("507803") and len(pan) == 16 for pan in pans)
    assert len(set(pans)) == 3
    assert {spec.sequence_number for spec in specs} == {0}
    # FixedClock: 22 November 2026 → valid through the end of November 2031.
    assert {spec.expires_on for spec in specs} == {dt.date(2031, 11, 30)}
    assert {spec.services for spec in specs} == {frozenset({"payments", "supply", "health"})}

    with desk.container.engine.connect() as db:
        rows = db.execute(select(cards.c.token, cards.c.last4, cards.c.status, cards.c.pan_hmac)).all()
    assert {row.status for row in rows} == {"produced"}
    assert {row.token for row in rows} == {spec.token for spec in specs}
    stored = " ".join(str(value) for row in rows for value in row)
    assert not any(pan in stored for pan in pans)  # only the keyed hash and the last four digits


def test_nobody_left_is_refused_and_a_second_batch_takes_new_pans(desk: Desk) -> None:
    first = desk.produce(limit=2)
    assert first["card_count"] == 2
    second = desk.produce()
    assert second["card_count"] == 1
    pans = {spec.pan.value for batch in desk.bureau.batches.values() for spec in batch}
    assert len(pans) == 3

    again = desk.client.post(
        BATCHES, json={"governorate": "03", "office_id": desk.town.office.merchant_id}, headers=desk.admin
    )
    assert (again.status_code, again.json()["code"]) == (409, "batch.nobody")


def test_the_office_must_be_a_post_office_of_that_governorate(desk: Desk) -> None:
    bakery = desk.client.post(
        BATCHES, json={"governorate": "03", "office_id": desk.town.bakery.merchant_id}, headers=desk.admin
    )
    assert (bakery.status_code, bakery.json()["code"]) == (422, "batch.office_kind")
    elsewhere = till(desk.container, MerchantKind.POST_COUNTER, "مكتب بريد الإسماعيلية")
    wrong = desk.client.post(
        BATCHES, json={"governorate": "19", "office_id": elsewhere.merchant_id}, headers=desk.admin
    )
    # till() makes merchants of Port Said: one named for another governorate is refused.
    assert (wrong.status_code, wrong.json()["code"]) == (422, "batch.office_governorate")
    limit = desk.client.post(
        BATCHES,
        json={"governorate": "03", "office_id": desk.town.office.merchant_id, "limit": 0},
        headers=desk.admin,
    )
    assert limit.status_code == 422
    clerk = desk.client.post(
        BATCHES, json={"governorate": "03", "office_id": desk.town.office.merchant_id}, headers=desk.clerk
    )
    assert clerk.status_code == 403


def test_arrival_notifies_each_holder_once_in_arabic(desk: Desk) -> None:
    batch = desk.produce()
    early = desk.client.post(f"{BATCHES}/{batch['id']}/arrived", headers=desk.clerk)
    assert (early.status_code, early.json()["code"]) == (409, "batch.status")
    assert desk.client.post(f"{BATCHES}/{batch['id']}/dispatched", headers=desk.admin).status_code == 200
    far = desk.client.post(f"{BATCHES}/{batch['id']}/arrived", headers=desk.far_clerk)
    assert (far.status_code, far.json()["code"]) == (403, "batch.governorate_scope")

    arrived = desk.client.post(f"{BATCHES}/{batch['id']}/arrived", headers=desk.clerk)
    assert arrived.status_code == 200, arrived.text
    body = arrived.json()
    assert (body["status"], body["notified"]) == ("at_office", 3)
    assert (body["pickup_from"], body["pickup_until"]) == ("2026-11-22", "2026-12-21")
    twice = desk.client.post(f"{BATCHES}/{batch['id']}/arrived", headers=desk.clerk)
    assert twice.status_code == 409

    with desk.container.engine.connect() as db:
        sms = db.execute(select(outbox).where(outbox.c.channel == "sms").order_by(outbox.c.id)).all()
        statuses = set(db.execute(select(cards.c.status)).scalars())
    assert statuses == {"notified"}
    tokens = desk.tokens_of(batch["id"])
    assert {row.dedupe_key for row in sms} == {f"card-pickup:{token}:sms" for token in tokens.values()}
    assert {row.recipient for row in sms} == set(desk.town.mobiles.values())
    notice = template(TemplateId.CARD_PICKUP)
    text = notice.render(json.loads(sms[0].params), "ar")
    # The office's name is cut to the template's 24 characters; the window is whole.
    assert text.startswith("استلم بطاقتك من مكتب بريد بورسعيد")
    assert text.endswith(" من ٢٢ نوفمبر إلى ٢١ ديسمبر")


def test_a_missing_batch_is_404(desk: Desk) -> None:
    response = desk.client.get(f"{BATCHES}/999", headers=desk.admin)
    assert (response.status_code, response.json()["code"]) == (404, "batch.not_found")


def test_cards_are_written_chunk_by_chunk(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    # A chunk of two, so that three holders take two multi-row inserts.
    monkeypatch.setattr(card_batches_store, "_CHUNK", 2)
    batch = desk.produce()
    assert batch["card_count"] == 3
    with desk.container.engine.connect() as db:
        issued = db.execute(select(card_issuance.c.card_token).where(card_issuance.c.batch_id == batch["id"]))
        assert set(issued.scalars()) == set(desk.tokens_of(batch["id"]).values())
