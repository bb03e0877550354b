"""A Port Said day through the real terminal API, on SQLite and PostgreSQL.

The household's bread quota and ration credit appear on first use; bread and a basket are
bought; the wallet is topped up and spent; the bakery's subsidy claim accrues; a reversal
undoes a purchase; every retry is answered once; the ledger check stays clean.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import OperationalError

from tests.integration.payments.conftest import World
from unicard.adapters.db.authorization_batch import SqlAuthorizationBatches
from unicard.adapters.policy_files import load_shipped_book
from unicard.bootstrap import Container
from unicard.domain.ledger import AccountKind, Owner
from unicard.services.ledger import check_ledger
from unicard.services.payments.group_commit import GroupCommitAuthorizer

URL = "/api/v1/terminal/transactions"
_keys = iter(range(1, 1_000_000))


def send(client: Any, till: Any, body: dict[str, object], key: str | None = None) -> dict[str, Any]:
    response = client.post(
        URL, json=body, auth=till.auth, headers={"Idempotency-Key": key or f"k{next(_keys)}"}
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def balance(container: Container, kind: AccountKind, owner: Owner) -> int:
    with container.uow_factory() as uow:
        account = uow.ledger.open_accounts([(kind, owner)])[(kind, owner)]
        return uow.ledger.balances([account.id])[account.id]


def test_a_port_said_day(client: Any, container: Container, world: World) -> None:
    policy = load_shipped_book().in_force(container.clock.now().date())
    card = {"pan": world.head_pan}

    deposit = send(client, world.post, {"type": "deposit", "card": card, "amount": 10_000})
    assert deposit["approved"], deposit
    assert deposit["receipt"]["wallet_balance"] == 10_000

    bread = send(client, world.bakery, {"type": "bread_purchase", "card": card, "loaves": 10})
    assert bread["response_code"] == "00", bread
    month = 5 * 3 * 30  # three members, November
    assert bread["receipt"]["loaves_left_month"] == month - 10
    assert bread["message_ar"] == "تمت العملية بنجاح"

    by_wallet = send(
        client, world.bakery, {"type": "bread_purchase", "card": card, "loaves": 5, "pay_with": "wallet"}
    )
    assert by_wallet["approved"], by_wallet
    price = policy.bread.citizen_price(5).piasters
    assert by_wallet["receipt"]["wallet_balance"] == 10_000 - price

    item = next(iter(policy.catalog))
    basket = send(
        client,
        world.grocer,
        {"type": "ration_redemption", "card": card, "basket": [{"item": item.code, "quantity": 2}]},
    )
    assert basket["approved"], basket
    assert basket["receipt"]["from_ration_credit"] == (item.price * 2).piasters
    assert (
        basket["receipt"]["ration_credit_left"]
        == policy.ration.credit(3).piasters - (item.price * 2).piasters
    )

    purchase = send(client, world.shop, {"type": "purchase", "card": card, "amount": 2_500})
    assert purchase["approved"]
    assert purchase["receipt"]["wallet_balance"] == 7_500 - price
    reversal = send(
        client, world.shop, {"type": "reversal", "original_transaction_id": purchase["transaction_id"]}
    )
    assert reversal["approved"], reversal
    assert balance(container, AccountKind.WALLET, Owner.citizen(world.head)) == 10_000 - price

    subsidy = balance(container, AccountKind.BAKERY_SUBSIDY_CLAIM, Owner.merchant(world.bakery.merchant_id))
    assert (
        subsidy
        == policy.bread.bakery_subsidy(10).piasters
        + policy.bread.bakery_subsidy(5).piasters * by_wallet["approved"]
    )
    assert check_ledger(container.uow_factory()) is None


def test_wallet_bread_needs_money_in_the_wallet(client: Any, world: World) -> None:
    answer = send(
        client,
        world.bakery,
        {"type": "bread_purchase", "card": {"pan": world.wife_pan}, "loaves": 5, "pay_with": "wallet"},
    )
    assert (answer["response_code"], answer["reason"]) == ("51", "wallet.balance")
    assert "wallet" in answer["message_en"]


class TestIdempotency:
    def test_repeated_request_returns_the_original_answer(self, client: Any, world: World) -> None:
        body = {"type": "bread_purchase", "card": {"pan": world.head_pan}, "loaves": 3}
        first = send(client, world.bakery, body, key="same")
        again = client.post(URL, json=body, auth=world.bakery.auth, headers={"Idempotency-Key": "same"})
        assert again.json()["transaction_id"] == first["transaction_id"]
        assert again.json()["replayed"] is True
        assert again.headers["Idempotent-Replayed"] == "true"
        assert again.json()["receipt"] == first["receipt"]

    def test_same_key_with_another_body_is_refused(self, client: Any, world: World) -> None:
        send(
            client,
            world.bakery,
            {"type": "bread_purchase", "card": {"pan": world.head_pan}, "loaves": 3},
            key="k",
        )
        other = client.post(
            URL,
            json={"type": "bread_purchase", "card": {"pan": world.head_pan}, "loaves": 4},
            auth=world.bakery.auth,
            headers={"Idempotency-Key": "k"},
        )
        assert other.status_code == 409
        assert other.json()["code"] == "idempotency.key_reused"

    def test_repeated_reversal_returns_original_response(self, client: Any, world: World) -> None:
        send(client, world.post, {"type": "deposit", "card": {"pan": world.head_pan}, "amount": 5_000})
        paid = send(
            client, world.shop, {"type": "purchase", "card": {"pan": world.head_pan}, "amount": 1_000}
        )
        body = {"type": "reversal", "original_transaction_id": paid["transaction_id"]}
        first = send(client, world.shop, body, key="rev")
        again = send(client, world.shop, body, key="rev")
        assert again["transaction_id"] == first["transaction_id"]
        second_try = send(client, world.shop, body)
        assert (second_try["response_code"], second_try["reason"]) == ("12", "reversal.already_reversed")


class TestBadInput:
    def test_unknown_card_is_14(self, client: Any, world: World) -> None:
        answer = send(
            client, world.shop, {"type": "purchase", "card": {"pan": "5078030000000000"}, "amount": 100}
        )
        assert answer["response_code"] in {"14"}

    def test_zero_amount_is_a_format_problem_and_writes_nothing(
        self, client: Any, world: World, container: Container
    ) -> None:
        response = client.post(
            URL,
            json={"type": "purchase", "card": {"pan": world.head_pan}, "amount": 0},
            auth=world.shop.auth,
            headers={"Idempotency-Key": "zero"},
        )
        assert response.status_code == 422
        assert response.json()["code"] == "request.invalid"
        with container.uow_factory() as uow:
            assert uow.transactions.find(world.shop.terminal_id, "zero") is None

    def test_wrong_terminal_secret_is_401(self, client: Any, world: World) -> None:
        response = client.post(
            URL,
            json={"type": "purchase", "card": {"pan": world.head_pan}, "amount": 100},
            auth=(world.shop.terminal_id, "not-the-secret"),
            headers={"Idempotency-Key": "x"},
        )
        assert response.status_code == 401
        assert response.json()["code"] == "terminal.bad_credentials"

    def test_missing_idempotency_key_is_422(self, client: Any, world: World) -> None:
        response = client.post(
            URL,
            json={"type": "purchase", "card": {"pan": world.head_pan}, "amount": 100},
            auth=world.shop.auth,
        )
        assert response.status_code == 422
        assert response.json()["code"] == "idempotency.key_missing"

    def test_basket_item_not_in_catalog(self, client: Any, world: World) -> None:
        answer = send(
            client,
            world.grocer,
            {
                "type": "ration_redemption",
                "card": {"pan": world.head_pan},
                "basket": [{"item": "caviar", "quantity": 1}],
            },
        )
        assert (answer["response_code"], answer["reason"]) == ("12", "ration.unknown_item")

    def test_bakery_cannot_sell_a_shop_purchase(self, client: Any, world: World) -> None:
        answer = send(
            client, world.bakery, {"type": "purchase", "card": {"pan": world.head_pan}, "amount": 100}
        )
        assert answer["response_code"] == "58"

    def test_reversal_of_an_unknown_transaction_is_answered(self, client: Any, world: World) -> None:
        answer = send(client, world.shop, {"type": "reversal", "original_transaction_id": "f" * 32})
        assert (answer["response_code"], answer["reason"]) == ("12", "reversal.unknown_original")


def test_an_operator_token_does_not_open_the_terminal_api(client: Any, world: World) -> None:
    response = client.post(
        URL,
        json={"type": "purchase", "card": {"pan": world.head_pan}, "amount": 100},
        headers={"Idempotency-Key": "op", "Authorization": "Bearer not-a-terminal"},
    )
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_a_ration_item_stops_at_its_monthly_cap_and_a_reversal_gives_it_back(
    client: Any, container: Container, world: World
) -> None:
    policy = load_shipped_book().in_force(container.clock.now().date())
    item = next(entry for entry in policy.catalog if entry.monthly_cap(3) is not None)
    cap = item.monthly_cap(3)  # the household has three members
    assert cap is not None
    card = {"pan": world.head_pan}

    def buy(quantity: int) -> dict[str, Any]:
        line = {"item": item.code, "quantity": quantity}
        return send(client, world.grocer, {"type": "ration_redemption", "card": card, "basket": [line]})

    first = buy(cap)
    assert first["approved"], first
    over = buy(1)
    assert (over["response_code"], over["reason"]) == ("61", "ration.monthly_cap")
    assert f"the cap is {cap} units, {cap} already bought this month, 0 left" in over["message_en"]
    credit_after_first = first["receipt"]["ration_credit_left"]

    reversal = {"type": "reversal", "original_transaction_id": first["transaction_id"]}
    undone = send(client, world.grocer, reversal)
    assert undone["approved"], undone
    again = buy(cap)
    assert again["approved"], again
    assert again["receipt"]["ration_credit_left"] == credit_after_first
    assert check_ledger(container.uow_factory()) is None


def test_a_database_failure_is_answered_96_and_the_retry_succeeds(
    client: Any, container: Container, world: World, monkeypatch: Any
) -> None:
    authorizer = container.authorization
    assert isinstance(authorizer, GroupCommitAuthorizer)
    engine = authorizer.engine
    working = engine.uow_factory

    def database_gone(*args: Any) -> Any:
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(engine, "uow_factory", database_gone)
    monkeypatch.setattr(SqlAuthorizationBatches, "open", database_gone)
    bread = {"type": "bread_purchase", "card": {"pan": world.head_pan}, "loaves": 2}
    assert send(client, world.bakery, bread, key="outage-bread")["response_code"] == "96"
    body = {"type": "purchase", "card": {"pan": world.head_pan}, "amount": 100}
    failed = send(client, world.shop, body, key="outage-1")
    assert (failed["response_code"], failed["approved"]) == ("96", False)
    assert failed["message_en"] == "system malfunction"

    monkeypatch.setattr(engine, "uow_factory", working)
    monkeypatch.undo()
    retried = send(client, world.shop, body, key="outage-1")
    assert retried["response_code"] == "51"  # answered for real now: the wallet is empty
    assert retried["replayed"] is False
