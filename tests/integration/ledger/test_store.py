"""The SQL ledger store: accounts, posting, refusals and reads, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import OperationalError

from tests.integration.ledger.chart import (
    AT,
    KEYS,
    POLICY,
    Chart,
    balances,
    bread_purchase,
    bread_quota_credit,
    deposit,
    open_chart,
    post,
    transfer,
)
from unicard.adapters.db import ledger as ledger_store
from unicard.adapters.db.ledger_accounts import HOT_SHARDS
from unicard.adapters.db.tables_payments import account_balances
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.domain.ledger import (
    AccountKind,
    DuplicateEntry,
    EntryKind,
    InsufficientFunds,
    InvalidEntry,
    JournalEntry,
    Owner,
    Posting,
    ReversalRefused,
    UnknownAccount,
    UnknownEntry,
    reverse,
)
from unicard.domain.shared.errors import Conflict, InvalidValue
from unicard.services.ledger import check_ledger


class Crash(Exception):
    """Anything that fails after the entry is posted and before the commit."""


@pytest.fixture
def chart(uow_factory: SqlUnitOfWorkFactory) -> Chart:
    return open_chart(uow_factory)


def shard_rows(engine: Engine, account_id: str) -> list[tuple[int, int, int | None]]:
    query = (
        select(account_balances.c.shard, account_balances.c.balance, account_balances.c.floor)
        .where(account_balances.c.account_id == int(account_id))
        .order_by(account_balances.c.shard)
    )
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(query)]  # type: ignore[misc]


class TestOpenAccounts:
    def test_opening_again_returns_the_same_accounts(
        self, uow_factory: SqlUnitOfWorkFactory, chart: Chart
    ) -> None:
        with uow_factory() as uow:
            again = uow.ledger.open_accounts([KEYS["ahmed_wallet"], KEYS["ahmed_wallet"], KEYS["post_cash"]])
        assert again == {KEYS["ahmed_wallet"]: chart["ahmed_wallet"], KEYS["post_cash"]: chart["post_cash"]}
        assert chart["ahmed_wallet"].id.isdigit()

    def test_a_floored_account_has_one_balance_row_holding_its_floor(
        self, engine: Engine, chart: Chart
    ) -> None:
        assert shard_rows(engine, chart["ahmed_wallet"].id) == [(0, 0, 0)]

    def test_a_hot_account_is_split_into_unfloored_shards(self, engine: Engine, chart: Chart) -> None:
        assert shard_rows(engine, chart["ministry_funding"].id) == [(n, 0, None) for n in range(HOT_SHARDS)]

    def test_an_owner_of_the_wrong_type_is_refused_before_anything_is_written(
        self, uow_factory: SqlUnitOfWorkFactory, chart: Chart
    ) -> None:
        fresh = (AccountKind.WALLET, Owner.citizen("29911110312345"))
        with pytest.raises(InvalidValue, match="owner_mismatch"), uow_factory() as uow:
            uow.ledger.open_accounts([fresh, (AccountKind.WALLET, Owner.household("777"))])
        with uow_factory() as uow:
            assert len(uow.ledger.open_accounts([fresh])) == 1  # created now, not before

    def test_an_account_created_by_a_rolled_back_transaction_is_not_remembered(
        self, uow_factory: SqlUnitOfWorkFactory, chart: Chart
    ) -> None:
        fresh = (AccountKind.WALLET, Owner.citizen("29911110312345"))
        with uow_factory() as uow:
            uow.ledger.open_accounts([fresh])
            uow.ledger.open_accounts([fresh, KEYS["post_cash"]])  # found again, uncommitted
        # The first was rolled back: a new account (PostgreSQL gives it a new id), a real id.
        with uow_factory() as uow:
            opened = uow.ledger.open_accounts([fresh])[fresh]
            assert uow.ledger.accounts_by_id([opened.id]) == {opened.id: opened}
            uow.commit()
        with uow_factory() as uow:  # committed now: remembered, and still the same
            assert uow.ledger.open_accounts([fresh, KEYS["post_cash"]]) == {
                fresh: opened,
                KEYS["post_cash"]: chart["post_cash"],
            }


class TestPost:
    def test_a_posted_entry_moves_the_balances_and_reads_back_as_posted(
        self, uow_factory: SqlUnitOfWorkFactory, chart: Chart
    ) -> None:
        post(uow_factory, chart, bread_quota_credit(chart, "q-1", 150))
        post(uow_factory, chart, deposit(chart, "d-1", 1_000))
        purchase = bread_purchase(chart, "b-1", loaves=5)
        post(uow_factory, chart, purchase, shard_hint=7)
        after = balances(uow_factory, chart)
        assert after[chart["bread_quota"].id] == 145
        assert after[chart["ahmed_wallet"].id] == 900
        assert after[chart["ministry_funding"].id] == -525
        assert sum(after.values()) == 0  # one unit at a time would too; here every unit nets out
        with uow_factory() as uow:
            assert uow.ledger.entry("b-1") == purchase
            assert uow.ledger.entry("b-2") is None
        assert check_ledger(uow_factory()) is None

    def test_a_debit_below_the_floor_is_refused_whole(
        self, uow_factory: SqlUnitOfWorkFactory, chart: Chart
    ) -> None:
        post(uow_factory, chart, bread_quota_credit(chart, "q-1", 3))
        post(uow_factory, chart, deposit(chart, "d-1", 1_000))
        before = balances(uow_factory, chart)
        with pytest.raises(InsufficientFunds) as refused:
            post(uow_factory, chart, bread_purchase(chart, "b-1", loaves=4))
        assert refused.value.code == "ledger.insufficient_funds.bread_quota"
        assert refused.value.params["account_id"] == chart["bread_quota"].id
        assert balances(uow_factory, chart) == before
        with uow_factory() as uow:
            assert uow.ledger.entry("b-1") is None
        assert check_ledger(uow_factory()) is None

    def test_a_repeated_entry_id_is_refused(self, uow_factory: SqlUnitOfWorkFactory, chart: Chart) -> None:
        post(uow_factory, chart, deposit(chart, "d-1", 500))
        with pytest.raises(DuplicateEntry, match="d-1"):
            post(uow_factory, chart, deposit(chart, "d-1", 500))
        assert balances(uow_factory, chart)[chart["ahmed_wallet"].id] == 500

    def test_an_account_not_handed_in_is_refused(
        self, uow_factory: SqlUnitOfWorkFactory, chart: Chart
    ) -> None:
        entry = deposit(chart, "d-1", 500)
        with pytest.raises(UnknownAccount), uow_factory() as uow:
            uow.ledger.post(entry, {chart["post_cash"].id: chart["post_cash"]}, at=AT, shard_hint=0)

    def test_credits_to_a_hot_account_land_on_the_hinted_shards(
        self, engine: Engine, uow_factory: SqlUnitOfWorkFactory, chart: Chart
    ) -> None:
        for hint in range(HOT_SHARDS + 3):
            post(uow_factory, chart, deposit(chart, f"d-{hint}", 10), shard_hint=hint)
        shards = shard_rows(engine, chart["post_cash"].id)
        assert [balance for _, balance, _ in shards] == [-20] * 3 + [-10] * (HOT_SHARDS - 3)
        assert balances(uow_factory, chart)[chart["post_cash"].id] == -10 * (HOT_SHARDS + 3)

    def test_a_crash_after_posting_leaves_nothing(
        self, uow_factory: SqlUnitOfWorkFactory, chart: Chart
    ) -> None:
        def post_then_crash() -> None:
            with uow_factory() as uow:
                uow.ledger.post(deposit(chart, "d-1", 500), chart.by_id, at=AT, shard_hint=3)
                raise Crash

        with pytest.raises(Crash):
            post_then_crash()
        assert set(balances(uow_factory, chart).values()) == {0}
        with uow_factory() as uow:
            assert uow.ledger.entry("d-1") is None
            assert uow.ledger.statement(chart["ahmed_wallet"].id, after=None, limit=10) == []
        assert check_ledger(uow_factory()) is None

    def test_the_database_floor_check_is_reported_as_insufficient_funds(
        self, uow_factory: SqlUnitOfWorkFactory, chart: Chart
    ) -> None:
        # A writer that bypasses the conditional update (raw SQL) still meets the CHECK.
        wallet = int(chart["ahmed_wallet"].id)
        with pytest.raises(Conflict) as refused, uow_factory() as uow:
            uow.connection.execute(
                text(f"UPDATE account_balances SET balance = -1 WHERE account_id = {wallet}")
            )
        assert refused.value.code == "ledger.insufficient_funds"


class TestReversal:
    def test_a_reversal_restores_the_balances(self, uow_factory: SqlUnitOfWorkFactory, chart: Chart) -> None:
        post(uow_factory, chart, bread_quota_credit(chart, "q-1", 10))
        post(uow_factory, chart, deposit(chart, "d-1", 1_000))
        before = balances(uow_factory, chart)
        purchase = bread_purchase(chart, "b-1", loaves=4)
        post(uow_factory, chart, purchase)
        post(uow_factory, chart, reverse(purchase, entry_id="r-1"), shard_hint=5)
        assert balances(uow_factory, chart) == before
        with uow_factory() as uow:
            assert uow.ledger.is_reversed("b-1")
            assert not uow.ledger.is_reversed("d-1")
        assert check_ledger(uow_factory()) is None

    def test_an_entry_is_reversed_once(self, uow_factory: SqlUnitOfWorkFactory, chart: Chart) -> None:
        original = deposit(chart, "d-1", 500)
        post(uow_factory, chart, original)
        post(uow_factory, chart, reverse(original, entry_id="r-1"))
        with pytest.raises(ReversalRefused, match="already_reversed"):
            post(uow_factory, chart, reverse(original, entry_id="r-2"))
        with pytest.raises(DuplicateEntry):
            post(uow_factory, chart, reverse(original, entry_id="r-1"))

    def test_a_reversal_is_not_reversed(self, uow_factory: SqlUnitOfWorkFactory, chart: Chart) -> None:
        original = deposit(chart, "d-1", 500)
        mirror = reverse(original, entry_id="r-1")
        post(uow_factory, chart, original)
        post(uow_factory, chart, mirror)
        undo = JournalEntry("r-2", EntryKind.REVERSAL, original.postings, POLICY, reverses="r-1")
        with pytest.raises(ReversalRefused, match="reversal_of_reversal"):
            post(uow_factory, chart, undo)

    def test_a_reversal_of_an_unknown_entry_is_refused(
        self, uow_factory: SqlUnitOfWorkFactory, chart: Chart
    ) -> None:
        with pytest.raises(UnknownEntry):
            post(uow_factory, chart, reverse(deposit(chart, "d-1", 500), entry_id="r-1"))

    def test_a_reversal_must_mirror_the_original(
        self, uow_factory: SqlUnitOfWorkFactory, chart: Chart
    ) -> None:
        post(uow_factory, chart, deposit(chart, "d-1", 500))
        wallet, cash = chart["ahmed_wallet"], chart["post_cash"]
        partial = (Posting(wallet.id, wallet.unit, -400), Posting(cash.id, cash.unit, 400))
        with pytest.raises(InvalidEntry, match="not_a_mirror"):
            post(uow_factory, chart, JournalEntry("r-1", EntryKind.REVERSAL, partial, POLICY, reverses="d-1"))

    def test_reversing_a_deposit_already_spent_is_refused(
        self, uow_factory: SqlUnitOfWorkFactory, chart: Chart
    ) -> None:
        original = deposit(chart, "d-1", 500)
        post(uow_factory, chart, original)
        post(uow_factory, chart, transfer("t-1", chart["ahmed_wallet"], chart["shop_sales"], 300))
        with pytest.raises(InsufficientFunds):
            post(uow_factory, chart, reverse(original, entry_id="r-1"))


class TestReads:
    def test_a_statement_pages_through_an_account_oldest_first(
        self, uow_factory: SqlUnitOfWorkFactory, chart: Chart
    ) -> None:
        for n in range(1, 6):
            post(uow_factory, chart, deposit(chart, f"d-{n}", n * 100))
        post(uow_factory, chart, transfer("t-1", chart["ahmed_wallet"], chart["shop_sales"], 50))
        wallet = chart["ahmed_wallet"].id
        with uow_factory() as uow:
            first = uow.ledger.statement(wallet, after=None, limit=4)
            rest = uow.ledger.statement(wallet, after=first[-1].posting_id, limit=4)
        assert [line.entry_id for line in first] == ["d-1", "d-2", "d-3", "d-4"]
        assert [(line.entry_id, line.kind, line.amount) for line in rest] == [
            ("d-5", EntryKind.DEPOSIT, 500),
            ("t-1", EntryKind.TRANSFER, -50),
        ]
        assert rest[-1].posted_at == AT

    def test_unknown_ids_are_refused(self, uow_factory: SqlUnitOfWorkFactory, chart: Chart) -> None:
        with uow_factory() as uow:
            for ghost in ("999999", "wallet:ghost"):
                with pytest.raises(UnknownAccount):
                    uow.ledger.balances([chart["ahmed_wallet"].id, ghost])
                with pytest.raises(UnknownAccount):
                    uow.ledger.accounts_by_id([ghost])

    def test_accounts_are_found_by_id(self, uow_factory: SqlUnitOfWorkFactory, chart: Chart) -> None:
        ids = [chart["ahmed_wallet"].id, chart["ministry_funding"].id]
        with uow_factory() as uow:
            assert uow.ledger.accounts_by_id(ids) == {
                account_id: chart.by_id[account_id] for account_id in ids
            }


@pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_locked_balances_are_the_balances_and_no_one_else_moves_them_until_the_end(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory, chart: Chart
) -> None:
    post(uow_factory, chart, deposit(chart, "cash-in", 5_000))
    wallet, quota = chart["ahmed_wallet"], chart["bread_quota"]
    take = text("SELECT 1 FROM account_balances WHERE account_id = :id FOR NO KEY UPDATE NOWAIT")
    with uow_factory() as uow:
        locked = uow.ledger.locked_balances([wallet.id, quota.id])
        assert locked == uow.ledger.balances([wallet.id, quota.id])
        assert locked[wallet.id] == 5_000
        for account in (wallet, quota):
            with engine.connect() as other, pytest.raises(OperationalError, match="could not obtain"):
                other.execute(take, {"id": int(account.id)})
    with engine.connect() as other:  # the unit of work ended: free again
        assert other.execute(take, {"id": int(wallet.id)}).all() == [(1,)]


def test_balances_of_more_accounts_than_a_statement_binds(
    uow_factory: SqlUnitOfWorkFactory, chart: Chart, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite binds one parameter per account asked (at most 32,766 a statement): the store asks
    in parts. Two accounts a part here stand for 10,000."""
    post(uow_factory, chart, deposit(chart, "cash-in", 5_000))
    in_one_statement = balances(uow_factory, chart)
    monkeypatch.setattr(ledger_store, "_SQLITE_IDS_A_STATEMENT", 2)
    asked = [
        chart[name].id for name in ("ahmed_wallet", "mona_wallet", "post_cash", "ahmed_wallet", "bread_quota")
    ]
    with uow_factory() as uow:
        found = uow.ledger.balances(asked)
        assert found == uow.ledger.locked_balances(asked)
    assert found == {account_id: in_one_statement[account_id] for account_id in asked}
    assert found[chart["ahmed_wallet"].id] == 5_000
