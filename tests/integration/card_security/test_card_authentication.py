"""The host's card authentication through the real terminal API, on SQLite and PostgreSQL:
EMV cryptograms (replay, other keys, forged flags), online PIN (retry counter, lock, unlock),
and the cardholder verification the policy asks per transaction type."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from typing import Any

import pytest

from tests.integration.payments.conftest import World
from unicard.adapters.cards.virtual_card import Authorisation, VirtualCard
from unicard.adapters.policy_files import load_shipped_book
from unicard.adapters.security.key_store import SoftwareKeyStore
from unicard.bootstrap import Container
from unicard.domain.cards.demo_cards import demo_fingerprint
from unicard.domain.cards.emv.cdol1 import EMV_TRANSACTION_TYPE, CardVerificationResults, Cdol1, Fingerprint
from unicard.domain.cards.issuer_keys import IssuerKeys, KeyName
from unicard.domain.cards.pin_block import PinBlockFormat
from unicard.domain.payments.types import TransactionType
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.errors import InvalidValue, NotFound
from unicard.domain.shared.pan import Pan
from unicard.services.audit import verify_chain
from unicard.services.cards.security.pins import set_pin, unlock_pin
from unicard.services.cards.security.verifier import EmvCardholderVerifier

URL = "/api/v1/terminal/transactions"
PIN = "4321"
KEYS = IssuerKeys.demo()
STORE = SoftwareKeyStore.demo()
UNKNOWN_PAN = Pan.issue("507803", "999999999").value
_keys = itertools.count(1)


def send(client: Any, till: Any, body: dict[str, object]) -> dict[str, Any]:
    response = client.post(URL, json=body, auth=till.auth, headers={"Idempotency-Key": f"e{next(_keys)}"})
    assert response.status_code == 200, response.text
    return dict(response.json())


class Cardholder:
    """A holder with a virtual card and a PIN the host knows."""

    def __init__(self, container: Container, pan: str, *, psn: str = "00", keys: IssuerKeys = KEYS) -> None:
        self.container = container
        self.pan = pan
        self.card = VirtualCard.personalise(
            keys, pan, psn=psn, expires_on=container.clock.now().date(), pin=PIN,
            fingerprint_template=demo_fingerprint(pan),
        )  # fmt: skip

    def tap(self, transaction: TransactionType, amount: int = 0, *, finger: bool = False) -> Authorisation:
        return self.card.generate_ac(
            amount=amount,
            date=cairo_date(self.container.clock.now()),
            transaction_type=EMV_TRANSACTION_TYPE[transaction],
            fingerprint=demo_fingerprint(self.pan) if finger else None,
        )

    def body(
        self, transaction: TransactionType, tap: Authorisation, *, pin: str | None = None, **fields: object
    ) -> dict[str, object]:
        evidence = tap.evidence()
        if pin is not None:
            evidence["pin_block"] = self.card.pin_block(KEYS, pin).hex()
        return {"type": transaction.value, "card": {"pan": self.pan}, "cardholder": evidence, **fields}

    def pay(self, client: Any, till: Any, amount: int, *, pin: str | None = PIN) -> dict[str, Any]:
        tap = self.tap(TransactionType.PURCHASE, amount)
        return send(client, till, self.body(TransactionType.PURCHASE, tap, pin=pin, amount=amount))

    def deposit(self, client: Any, till: Any, amount: int) -> dict[str, Any]:
        tap = self.tap(TransactionType.DEPOSIT, amount)
        return send(client, till, self.body(TransactionType.DEPOSIT, tap, amount=amount))


@pytest.fixture
def head(container: Container, world: World, client: Any) -> Cardholder:
    uow = container.uow_factory
    set_pin(uow(), container.clock, SoftwareKeyStore.demo(), actor="clerk", pan=world.head_pan, pin=PIN)
    holder = Cardholder(container, world.head_pan)
    assert holder.deposit(client, world.post, 10_000)["approved"]
    return holder


def test_a_genuine_card_and_pin_are_approved_and_the_card_accepts_the_arpc(
    client: Any, world: World, head: Cardholder
) -> None:
    tap = head.tap(TransactionType.PURCHASE, 2_500)
    answer = send(client, world.shop, head.body(TransactionType.PURCHASE, tap, pin=PIN, amount=2_500))
    assert answer["approved"], answer
    assert answer["receipt"]["wallet_balance"] == 7_500
    tag_91 = bytes.fromhex(answer["issuer_authentication"])
    assert tag_91[8:] == b"00"  # ARPC method 1, then the ARC
    assert head.card.arpc_is_genuine(tap, tag_91[:8], "00")


class CountingKeyStore(SoftwareKeyStore):
    def __init__(self) -> None:
        super().__init__(KEYS)
        self.checked: list[bytes] = []

    def arqc_is_genuine(self, pan: str, psn: str, data: Cdol1, arqc: bytes) -> bool:
        self.checked.append(arqc)
        return super().arqc_is_genuine(pan, psn, data, arqc)


@pytest.fixture
def counting_keys(container: Container) -> CountingKeyStore:
    keys = CountingKeyStore()
    container.cardholder_verifier = EmvCardholderVerifier(keys, container.clock)
    return keys


def test_a_cryptogram_is_checked_once_for_the_decision_and_its_tag_91(
    counting_keys: CountingKeyStore, client: Any, world: World, head: Cardholder
) -> None:
    counting_keys.checked.clear()
    tap = head.tap(TransactionType.PURCHASE, 2_500)
    answer = send(client, world.shop, head.body(TransactionType.PURCHASE, tap, pin=PIN, amount=2_500))
    assert answer["approved"], answer
    assert head.card.arpc_is_genuine(tap, bytes.fromhex(answer["issuer_authentication"])[:8], "00")
    assert counting_keys.checked == [tap.arqc]


def test_a_decline_carries_an_arpc_the_card_reads_as_a_decline(
    client: Any, world: World, head: Cardholder
) -> None:
    tap = head.tap(TransactionType.PURCHASE, 90_000)
    answer = send(client, world.shop, head.body(TransactionType.PURCHASE, tap, pin=PIN, amount=90_000))
    assert answer["response_code"] == "51"
    arpc = bytes.fromhex(answer["issuer_authentication"])[:8]
    assert head.card.arpc_is_genuine(tap, arpc, "51")
    assert not head.card.arpc_is_genuine(tap, arpc, "00")


def test_a_retry_with_the_same_key_gets_the_same_arpc(client: Any, world: World, head: Cardholder) -> None:
    tap = head.tap(TransactionType.PURCHASE, 1_500)
    body = head.body(TransactionType.PURCHASE, tap, pin=PIN, amount=1_500)
    headers = {"Idempotency-Key": "lost-answer"}
    first = client.post(URL, json=body, auth=world.shop.auth, headers=headers).json()
    retry = client.post(URL, json=body, auth=world.shop.auth, headers=headers).json()
    assert (first["approved"], retry["replayed"]) == (True, True)
    assert retry["issuer_authentication"] == first["issuer_authentication"]
    assert head.card.arpc_is_genuine(tap, bytes.fromhex(retry["issuer_authentication"])[:8], "00")


def test_no_cryptogram_is_declined(client: Any, world: World, head: Cardholder) -> None:
    answer = send(client, world.shop, {"type": "purchase", "card": {"pan": head.pan}, "amount": 100})
    assert (answer["response_code"], answer["reason"]) == ("05", "emv.cryptogram_missing")
    assert answer["issuer_authentication"] is None


def test_a_replayed_cryptogram_is_declined(client: Any, world: World, head: Cardholder) -> None:
    tap = head.tap(TransactionType.PURCHASE, 1_000)
    body = head.body(TransactionType.PURCHASE, tap, pin=PIN, amount=1_000)
    assert send(client, world.shop, body)["approved"]
    replay = send(client, world.shop, body)  # the same cryptogram under a new idempotency key
    assert (replay["response_code"], replay["reason"]) == ("05", "emv.atc_replayed")
    assert "replayed" in replay["message_en"]


def test_the_atc_of_a_declined_request_cannot_be_replayed_later(
    client: Any, world: World, head: Cardholder
) -> None:
    tap = head.tap(TransactionType.PURCHASE, 50_000)
    body = head.body(TransactionType.PURCHASE, tap, pin=PIN, amount=50_000)
    assert send(client, world.shop, body)["response_code"] == "51"  # more than the wallet holds
    assert head.deposit(client, world.post, 50_000)["approved"]
    assert send(client, world.shop, body)["reason"] == "emv.atc_replayed"


def test_a_card_made_with_other_keys_is_declined(client: Any, container: Container, world: World) -> None:
    own = IssuerKeys({name: bytes([9]) * name.length for name in KeyName})
    clone = Cardholder(container, world.head_pan, keys=own)
    answer = clone.deposit(client, world.post, 1_000)
    assert (answer["response_code"], answer["reason"]) == ("05", "emv.cryptogram_invalid")
    assert answer["issuer_authentication"] is None  # no ARPC for a card that is not ours


def test_another_cards_keys_are_declined(client: Any, container: Container, world: World) -> None:
    wife = Cardholder(container, world.wife_pan)
    tap = wife.tap(TransactionType.DEPOSIT, 1_000)
    stolen = {
        "type": "deposit",
        "card": {"pan": world.head_pan},
        "cardholder": tap.evidence(),
        "amount": 1_000,
    }
    assert send(client, world.post, stolen)["reason"] == "emv.cryptogram_invalid"
    sequence_one = Cardholder(container, world.head_pan, psn="01")  # a replaced card's keys
    assert sequence_one.deposit(client, world.post, 1_000)["reason"] == "emv.cryptogram_invalid"


def test_the_amount_the_card_signed_must_be_the_amount_asked(
    client: Any, world: World, head: Cardholder
) -> None:
    tap = head.tap(TransactionType.PURCHASE, 100)
    answer = send(client, world.shop, head.body(TransactionType.PURCHASE, tap, pin=PIN, amount=9_900))
    assert (answer["response_code"], answer["reason"]) == ("13", "emv.amount_mismatch")


class TestPin:
    def test_three_wrong_pins_lock_until_a_clerk_unlocks(
        self, client: Any, container: Container, world: World, head: Cardholder
    ) -> None:
        answers = [head.pay(client, world.shop, 100, pin="0000")["response_code"] for _ in range(3)]
        assert answers == ["55", "55", "75"]
        locked = head.pay(client, world.shop, 100)  # the right PIN, too late
        assert (locked["response_code"], locked["reason"]) == ("75", "pin.locked")
        assert unlock_pin(container.uow_factory(), container.clock, actor="clerk", pan=head.pan)
        assert head.pay(client, world.shop, 100)["approved"]

    def test_a_right_pin_resets_the_count(self, client: Any, world: World, head: Cardholder) -> None:
        assert head.pay(client, world.shop, 100, pin="0000")["response_code"] == "55"
        assert head.pay(client, world.shop, 100, pin="0000")["response_code"] == "55"
        assert head.pay(client, world.shop, 100)["approved"]
        assert head.pay(client, world.shop, 100, pin="0000")["response_code"] == "55"

    def test_a_pin_block_of_the_wrong_format_is_81_and_counts_no_try(
        self, client: Any, world: World, head: Cardholder
    ) -> None:
        for _ in range(3):
            tap = head.tap(TransactionType.PURCHASE, 100)
            body = head.body(TransactionType.PURCHASE, tap, amount=100)
            aes_block = head.card.pin_block(KEYS, PIN, PinBlockFormat.ISO_4).hex()
            body["cardholder"] = {**tap.evidence(), "pin_block": aes_block, "pin_block_format": "iso-0"}
            answer = send(client, world.shop, body)
            assert (answer["response_code"], answer["reason"]) == ("81", "pin.block_format")
        assert head.pay(client, world.shop, 100)["approved"]  # not locked: no PIN was guessed

    def test_a_purchase_without_pin_is_refused(self, client: Any, world: World, head: Cardholder) -> None:
        answer = head.pay(client, world.shop, 100, pin=None)
        assert (answer["response_code"], answer["reason"]) == ("55", "cvm.required")


class TestFingerprint:
    def ration(self, head: Cardholder, tap: Authorisation) -> dict[str, object]:
        item = next(iter(load_shipped_book().in_force(head.container.clock.now().date()).catalog))
        basket = [{"item": item.code, "quantity": 1}]
        return head.body(TransactionType.RATION_REDEMPTION, tap, basket=basket)

    def test_a_fingerprint_matched_on_the_card_is_enough_for_rations(
        self, client: Any, world: World, head: Cardholder
    ) -> None:
        tap = head.tap(TransactionType.RATION_REDEMPTION, finger=True)
        answer = send(client, world.grocer, self.ration(head, tap))
        assert answer["approved"], answer

    def test_without_fingerprint_or_pin_rations_are_refused(
        self, client: Any, world: World, head: Cardholder
    ) -> None:
        tap = head.tap(TransactionType.RATION_REDEMPTION)
        assert send(client, world.grocer, self.ration(head, tap))["reason"] == "cvm.required"

    def test_a_forged_fingerprint_flag_breaks_the_cryptogram(
        self, client: Any, world: World, head: Cardholder
    ) -> None:
        tap = head.card.generate_ac(
            amount=0, date=cairo_date(head.container.clock.now()), fingerprint=b"a stranger's finger"
        )
        assert tap.data.cvr.fingerprint is Fingerprint.NOT_MATCHED
        forged_data = dataclasses.replace(
            tap.data, cvr=CardVerificationResults(fingerprint=Fingerprint.MATCHED)
        )
        forged = Authorisation(forged_data, tap.arqc)
        answer = send(client, world.grocer, self.ration(head, forged))
        assert (answer["response_code"], answer["reason"]) == ("05", "emv.cryptogram_invalid")


class TestPinAdministration:
    def test_a_pin_outside_the_policy_is_refused(self, container: Container, world: World) -> None:
        with pytest.raises(InvalidValue) as caught:
            set_pin(
                container.uow_factory(), container.clock, STORE, actor="clerk", pan=world.head_pan, pin="12"
            )
        assert caught.value.code == "pin.policy_length"
        assert caught.value.params == {"field": "pin", "minimum": 4, "maximum": 6}

    def test_an_unknown_card_is_named(self, container: Container) -> None:
        with pytest.raises(NotFound, match=r"card\.unknown"):
            unlock_pin(container.uow_factory(), container.clock, actor="clerk", pan=UNKNOWN_PAN)

    def test_unlocking_an_unlocked_pin_changes_nothing(self, container: Container, head: Cardholder) -> None:
        assert not unlock_pin(container.uow_factory(), container.clock, actor="clerk", pan=head.pan)

    def test_the_host_keeps_no_pin_and_audits_the_acts(self, container: Container, head: Cardholder) -> None:
        with container.uow_factory() as uow:
            card = uow.cards.find_by_pan(head.pan)
            assert card is not None
            state = uow.card_security.get(card.token, at=dt.datetime.now(dt.UTC))
        assert state.pin_value is not None
        assert PIN not in state.pin_value
        assert state.pin_value == STORE.pin_verification_value(head.pan, PIN)
        assert verify_chain(container.uow_factory()).intact
