"""G2P payment files: the valid rows paid as one idempotent batch, the refused ones reported."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests import factories
from tests.integration.payments.conftest import ADMIN, World
from tests.integration.payments.test_concurrency import wallet_move
from tests.integration.payments.test_port_said_day import balance, send
from tests.integration.payments.test_queries import signed_in
from unicard.adapters.csvfiles.reader import CsvRecords
from unicard.adapters.csvfiles.report import report_path, write_error_report
from unicard.adapters.db.tables_payments import outbox
from unicard.bootstrap import Container
from unicard.domain.ledger import AccountKind, Owner
from unicard.domain.operators.operator import Role
from unicard.domain.payments.types import TransactionType
from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.money import Money
from unicard.services import citizens
from unicard.services.imports.formats import Record
from unicard.services.imports.ports import FileFacts
from unicard.services.ledger import check_ledger
from unicard.services.payments import g2p
from unicard.services.payments.g2p import G2P, G2pOutcome, pay_g2p_file
from unicard.services.payments.requests import Answer


def write(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["national_id", "amount"])
        writer.writerows(rows)
    return path


def pay(container: Container, path: Path, **options: str) -> G2pOutcome:
    return pay_g2p_file(
        container.uow_factory, container.clock, CsvRecords(path, G2P), actor="tester", **options
    )


def wallet(container: Container, national_id: str) -> int:
    return balance(container, AccountKind.WALLET, Owner.citizen(national_id))


def entry_ids(container: Container, batch: str) -> list[str]:
    with container.uow_factory() as uow:
        return [e for e in (batch, f"{batch}:1", f"{batch}:2", f"{batch}:3") if uow.ledger.entry(e)]


def outbox_keys(container: Container) -> list[str]:
    with container.engine.connect() as connection:
        return list(
            connection.execute(
                select(outbox.c.dedupe_key).where(outbox.c.template == "wallet_credit")
            ).scalars()
        )


def test_a_good_file_is_paid_once(container: Container, world: World, tmp_path: Path) -> None:
    path = write(tmp_path / "takaful.csv", [(world.head, "125.00"), (world.wife, "٥٠")])
    first = pay(container, path, payer="تكافل وكرامة")
    assert (first.rows, first.paid, first.total, first.errors.total) == (2, 2, Money(17_500), 0)
    assert first.batch_id.startswith("g2p:")
    assert len(first.batch_id) == 28
    assert first.entries == (first.batch_id,)
    assert wallet(container, world.head) == 12_500
    assert wallet(container, world.wife) == 5_000
    with container.uow_factory() as uow:
        entry = uow.ledger.entry(first.batch_id)
        assert entry is not None
        assert len(entry.postings) == 3
    keys = outbox_keys(container)
    assert any(key.startswith(f"{first.batch_id}:{world.head}") for key in keys)
    assert any(key.startswith(f"{first.batch_id}:{world.wife}") for key in keys)

    again = pay(container, path, payer="تكافل وكرامة")
    assert again.already_paid
    assert (again.paid, again.batch_id) == (0, first.batch_id)
    assert wallet(container, world.head) == 12_500
    assert sorted(outbox_keys(container)) == sorted(keys)
    assert check_ledger(container.uow_factory()) is None


def test_bad_rows_are_reported_and_the_good_ones_paid(
    container: Container, world: World, tmp_path: Path
) -> None:
    uow, clock = container.uow_factory, container.clock
    dead = citizens.register_citizen(uow(), clock, ADMIN, factories.citizen_details()).national_id.value
    citizens.mark_deceased(uow(), clock, ADMIN, dead, dt.date(2026, 11, 1), "death certificate")
    other = citizens.register_citizen(uow(), clock, ADMIN, factories.citizen_details()).national_id.value
    rich = citizens.register_citizen(uow(), clock, ADMIN, factories.citizen_details()).national_id.value
    with uow() as read:
        ceiling = read.policies.book().in_force(clock.now().date()).wallet.max_balance
    rows = [
        (world.head, "100"),  # row 2: paid
        (factories.national_id(), "10"),  # 3: nobody has this national ID
        (dead, "10"),  # 4: deceased
        (world.wife, "ten"),  # 5: unreadable amount
        (world.wife, "0"),  # 6: zero
        (world.wife, "-5.00"),  # 7: negative
        (world.head, "20"),  # 8: the head again
        (rich, str(Money(ceiling.piasters + 1)).removeprefix("EGP ")),  # 9: above the maximum balance
        ("123", "10"),  # 10: malformed national ID
        (other, "12.5"),  # 11: paid
        (world.wife, "1"),  # 12: the wife again (her row 5 was refused: still a repeat)
    ]
    path = write(tmp_path / "mixed.csv", rows)
    outcome = pay(container, path)
    assert (outcome.rows, outcome.paid, outcome.total) == (11, 2, Money(11_250))
    refused = {(error.row, error.column, error.code) for error in outcome.errors.listed}
    assert refused == {
        (3, "national_id", "g2p.unknown_citizen"),
        (4, "national_id", "g2p.deceased"),
        (5, "amount", "money.unreadable"),
        (6, "amount", "g2p.amount_not_positive"),
        (7, "amount", "g2p.amount_not_positive"),
        (6, "national_id", "g2p.repeated"),  # a row gets every one of its reasons
        (7, "national_id", "g2p.repeated"),
        (8, "national_id", "g2p.repeated"),
        (9, "amount", "g2p.above_max_balance"),
        (10, "national_id", "national_id.wrong_length"),
        (12, "national_id", "g2p.repeated"),
    }
    paid = {nid: wallet(container, nid) for nid in (world.head, world.wife, other, rich, dead)}
    assert paid == {world.head: 10_000, world.wife: 0, other: 1_250, rich: 0, dead: 0}

    report = report_path(path)
    write_error_report(report, outcome.errors)
    with report.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.DictReader(handle))
    assert [line["row"] for line in lines] == ["3", "4", "5", "6", "6", "7", "7", "8", "9", "10", "12"]
    assert all(line["reason_ar"] and line["reason_en"] for line in lines)
    assert "first in row 2" in next(line for line in lines if line["row"] == "8")["reason_en"]

    assert pay(container, path).already_paid
    assert wallet(container, world.head) == 10_000
    assert check_ledger(container.uow_factory()) is None


def test_a_big_batch_is_split_into_numbered_balanced_entries(
    container: Container, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(g2p, "ROWS_PER_ENTRY", 2)
    uow, clock = container.uow_factory, container.clock
    people = [world.head, world.wife]
    people += [
        citizens.register_citizen(uow(), clock, ADMIN, factories.citizen_details()).national_id.value
        for _ in range(3)
    ]
    path = write(tmp_path / "big.csv", [(nid, "1.00") for nid in people])
    outcome = pay(container, path, batch_id="2026-11-takaful")
    assert outcome.paid == 5
    assert outcome.entries == ("2026-11-takaful:1", "2026-11-takaful:2", "2026-11-takaful:3")
    assert entry_ids(container, "2026-11-takaful") == list(outcome.entries)
    assert all(wallet(container, nid) == 100 for nid in people)
    assert pay(container, path, batch_id="2026-11-takaful").already_paid
    assert check_ledger(container.uow_factory()) is None


def test_a_batch_id_too_long_for_an_entry_is_refused(
    container: Container, world: World, tmp_path: Path
) -> None:
    path = write(tmp_path / "one.csv", [(world.head, "1")])
    with pytest.raises(InvalidValue):
        pay(container, path, batch_id="x" * 29)


def test_the_wallet_statement_shows_g2p_credits_beside_card_transactions(
    client: Any, container: Container, world: World, tmp_path: Path
) -> None:
    pay(container, write(tmp_path / "pensions.csv", [(world.head, "500.00")]), batch_id="pension-dec")
    spent = send(client, world.shop, {"type": "purchase", "card": {"pan": world.head_pan}, "amount": 1_250})
    assert spent["approved"], spent
    headers = signed_in(client, container, Role.POST_CLERK)
    url = f"/api/v1/citizens/{world.head}/wallet/statement"

    first = client.get(url, params={"limit": 1}, headers=headers)
    assert first.status_code == 200, first.text
    page = first.json()
    assert [(line["kind"], line["amount"]["piasters"]) for line in page["lines"]] == [("g2p_payment", 50_000)]
    rest = client.get(url, params={"after": page["next_after"]}, headers=headers).json()
    assert [(line["kind"], line["amount"]["piasters"]) for line in rest["lines"]] == [("purchase", -1_250)]
    assert rest["next_after"] is None
    assert wallet(container, world.head) == 50_000 - 1_250

    masked = client.get(url, headers=signed_in(client, container, Role.AUDITOR)).json()
    assert masked["national_id"] != world.head
    refused = client.get(url, headers=signed_in(client, container, Role.SUPPLY_OFFICER))
    assert refused.status_code == 403


@dataclass
class DepositAfterTheRows:
    """A G2P file whose rows are read, then, before the file's batch commits, a deposit lands
    on a wallet the file credits."""

    rows: CsvRecords
    container: Container
    world: World
    deposit: Answer | None = None

    @property
    def facts(self) -> FileFacts:
        return self.rows.facts

    @property
    def width(self) -> int:
        return self.rows.width

    def records(self) -> Iterator[Record]:
        yield from self.rows.records()
        self.deposit = self.container.authorization.authorize(
            wallet_move(self.world, TransactionType.DEPOSIT, 1, "mid-file")
        )


def test_a_deposit_during_a_file_never_takes_a_wallet_above_its_maximum(
    container: Container, world: World, tmp_path: Path
) -> None:
    """The head's wallet is EGP 1 under the EGP 100,000 maximum. The file credits him 50
    piasters; while it is read, a counter deposits EGP 1. Only the deposit fits."""
    if container.engine.dialect.name == "sqlite":
        pytest.skip("SQLite: the file's unit of work holds the write lock, so no deposit lands mid-file")
    assert container.authorization.authorize(
        wallet_move(world, TransactionType.DEPOSIT, 99_999, "fill")
    ).approved
    path = write(tmp_path / "late.csv", [(world.head, "0.50"), (world.wife, "10")])
    source = DepositAfterTheRows(CsvRecords(path, G2P), container, world)
    outcome = pay_g2p_file(container.uow_factory, container.clock, source, actor="tester")
    assert source.deposit is not None
    assert source.deposit.approved
    assert [(error.row, error.code) for error in outcome.errors.listed] == [(2, "g2p.above_max_balance")]
    assert (outcome.paid, wallet(container, world.head), wallet(container, world.wife)) == (
        1,
        10_000_000,
        1_000,
    )
    assert check_ledger(container.uow_factory()) is None
