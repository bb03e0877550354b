"""`unicard demo` makes merchants, terminals and funded cards, and a person can pay with them."""

from __future__ import annotations

import csv
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.integration.demo.test_commands import data_dir, run_demo
from tests.integration.http.conftest import TestClient
from unicard.adapters.db.tables_payments import cards, merchants, terminals, transactions
from unicard.bootstrap import bootstrap
from unicard.config import Environment, Settings
from unicard.entrypoints.http_api.app import create_app

__all__ = ["data_dir"]  # the fixture, shared with the command tests

URL = "/api/v1/terminal/transactions"


def credentials(data_dir: Path) -> dict[str, list[dict[str, str]]]:
    with (data_dir / "demo-credentials.csv").open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    return {
        "terminal": [row for row in rows if row["record"] == "terminal"],
        "card": [row for row in rows if row["record"] == "card"],
    }


def terminal(listed: dict[str, list[dict[str, str]]], key: str) -> tuple[str, str]:
    row = next(row for row in listed["terminal"] if row["key"] == key)
    return row["terminal_id"], row["secret"]


@pytest.fixture
def built(data_dir: Path) -> str:
    return run_demo("--no-serve")


@pytest.fixture
def client(data_dir: Path, built: str) -> Iterator[Any]:
    # As `unicard serve` would on the demo's database: the secret key read from data_dir.
    settings = Settings(
        environment=Environment.DEMO,
        data_dir=data_dir,
        database_url=f"sqlite:///{data_dir / 'unicard.sqlite3'}",
    )
    container = bootstrap(settings)
    with TestClient(create_app(container)) as client:
        yield client
    container.engine.dispose()


def counts(data_dir: Path) -> dict[str, int]:
    container = bootstrap(
        Settings(
            environment=Environment.DEMO,
            data_dir=data_dir,
            database_url=f"sqlite:///{data_dir / 'unicard.sqlite3'}",
        )
    )
    try:
        with container.engine.connect() as connection:
            return {
                table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for table in (merchants, terminals, cards, transactions)
            }
    finally:
        container.engine.dispose()


def test_writes_the_credentials_for_the_owner_only_and_prints_them(data_dir: Path, built: str) -> None:
    path = data_dir / "demo-credentials.csv"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    listed = credentials(data_dir)
    assert {row["key"] for row in listed["terminal"]} == {
        "bakery", "bakery-2", "grocer", "grocer-2", "shop", "post", "clinic"
    }  # fmt: skip
    assert len(listed["card"]) >= 4
    assert all(row["pan"].startswith("507803") for row in listed["card"])
    for row in listed["terminal"]:
        assert row["secret"] in built
    assert '"type": "bread_purchase"' in built
    assert '"type": "ration_redemption"' in built
    assert '"type": "purchase"' in built


def test_a_listed_card_buys_bread_at_a_listed_bakery_and_spends_its_wallet(
    data_dir: Path, client: Any
) -> None:
    listed = credentials(data_dir)
    pan = listed["card"][0]["pan"]
    bread = client.post(
        URL,
        json={"type": "bread_purchase", "card": {"pan": pan}, "loaves": 5},
        auth=terminal(listed, "bakery"),
        headers={"Idempotency-Key": "try-bread"},
    )
    assert bread.status_code == 200, bread.text
    assert bread.json()["response_code"] == "00", bread.json()
    purchase = client.post(
        URL,
        json={"type": "purchase", "card": {"pan": pan}, "amount": 2_500},
        auth=terminal(listed, "shop"),
        headers={"Idempotency-Key": "try-shop"},
    )
    assert purchase.json()["response_code"] == "00", purchase.json()
    assert purchase.json()["receipt"]["wallet_balance"] == 20_000 - 2_500


def test_a_second_run_reuses_merchants_terminals_cards_and_deposits(data_dir: Path, built: str) -> None:
    before, listed = counts(data_dir), credentials(data_dir)
    again = run_demo("--no-serve")
    assert counts(data_dir) == before
    assert credentials(data_dir) == listed  # same secrets: the kept ones still match
    assert "credentials are in" not in again


def test_a_lost_credentials_file_gets_new_secrets_not_new_merchants(data_dir: Path, built: str) -> None:
    before, listed = counts(data_dir), credentials(data_dir)
    (data_dir / "demo-credentials.csv").unlink()
    run_demo("--no-serve")
    assert counts(data_dir) == before
    relisted = credentials(data_dir)
    assert relisted["card"] == listed["card"]
    assert [row["terminal_id"] for row in relisted["terminal"]] == [
        row["terminal_id"] for row in listed["terminal"]
    ]
    assert all(
        new["secret"] != old["secret"]
        for new, old in zip(relisted["terminal"], listed["terminal"], strict=True)
    )
