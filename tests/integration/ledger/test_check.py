"""``check_ledger`` and ``unicard ledger check``: clean books pass; tampered books fail, naming
the first discrepancy in the words of the in-memory check.

Tampering is what a DBA with full rights could do: switch off the append-only triggers, the
floor CHECK or the foreign keys, then change rows. Each tampered database is also read whole
into the in-memory check, which must report the same first discrepancy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from tests.integration.ledger.chart import Chart, deposit, open_chart, post, transfer
from unicard.adapters.db.ledger_accounts import account_from_row, domain_unit
from unicard.adapters.db.tables_payments import account_balances, accounts, journal_entries, postings
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.domain.ledger import CheckRule, Discrepancy, EntryId, Posting, Unit, first_discrepancy, reverse
from unicard.entrypoints.cli.main import app
from unicard.services.ledger import check_ledger, ledger_report

runner = CliRunner()
_SQLITE_GUARDS = (
    "postings_sealed",
    "journal_entries_balanced",
    "postings_no_update",
    "postings_no_delete",
    "journal_entries_no_update",
    "journal_entries_no_delete",
)
_POSTGRES_UNGUARD = (
    "ALTER TABLE postings DISABLE TRIGGER USER",
    "ALTER TABLE journal_entries DISABLE TRIGGER USER",
    "ALTER TABLE account_balances DROP CONSTRAINT ck_account_balances_not_below_floor",
    "ALTER TABLE postings DROP CONSTRAINT fk_postings_account_unit",
    "ALTER TABLE journal_entries DROP CONSTRAINT fk_journal_entries_reverses_journal_entries",
    "ALTER TABLE journal_entries DROP CONSTRAINT uq_journal_entries_reverses",
)


@dataclass(frozen=True)
class StoredEntry:
    """An entry as stored, which need not be a valid JournalEntry any more."""

    id: EntryId
    postings: tuple[Posting, ...]
    reverses: EntryId | None


def tamper(engine: Engine, *statements: str) -> None:
    """Run ``statements`` as a DBA could: with the triggers, the floor CHECK and the FKs off."""
    raw = engine.raw_connection()
    cursor = raw.cursor()
    sqlite = engine.dialect.name == "sqlite"
    try:
        if sqlite:
            cursor.execute("PRAGMA foreign_keys = OFF")
            cursor.execute("PRAGMA ignore_check_constraints = ON")
            for trigger in _SQLITE_GUARDS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        else:
            for statement in _POSTGRES_UNGUARD:
                cursor.execute(statement)
        for statement in statements:
            cursor.execute(statement)
        raw.commit()
    finally:
        if sqlite:  # the connection goes back to the pool
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA ignore_check_constraints = OFF")
        raw.close()


def in_memory_check(engine: Engine) -> Discrepancy | None:
    """The whole database read into the reference check."""
    with engine.connect() as db:
        chart = {account.id: account for account in map(account_from_row, db.execute(select(accounts)))}
        stored: dict[str, int] = {}
        for row in db.execute(select(account_balances)):
            stored[str(row.account_id)] = stored.get(str(row.account_id), 0) + row.balance
        lines: dict[str, list[Posting]] = {}
        for row in db.execute(select(postings).order_by(postings.c.id)):
            lines.setdefault(row.entry_id, []).append(
                Posting(str(row.account_id), domain_unit(row.unit), row.amount)
            )
        headers = {row.id: row.reverses for row in db.execute(select(journal_entries))}
    entries = [StoredEntry(entry_id, tuple(found), headers[entry_id]) for entry_id, found in lines.items()]
    return first_discrepancy(chart, entries, stored)


@pytest.fixture
def chart(uow_factory: SqlUnitOfWorkFactory) -> Chart:
    """A few days of business: deposits, a purchase and its reversal."""
    chart = open_chart(uow_factory)
    post(uow_factory, chart, deposit(chart, "d-1", 10), shard_hint=0)  # post cash: shard 0
    post(uow_factory, chart, deposit(chart, "d-2", 500, wallet="mona_wallet"), shard_hint=3)
    purchase = transfer("t-1", chart["mona_wallet"], chart["shop_sales"], 100)
    post(uow_factory, chart, purchase, shard_hint=5)
    post(uow_factory, chart, reverse(purchase, entry_id="r-1"), shard_hint=6)
    return chart


def _ids(chart: Chart, *names: str) -> list[int]:
    return [int(chart[name].id) for name in names]


def _unbalanced(chart: Chart) -> list[str]:
    (wallet,) = _ids(chart, "ahmed_wallet")
    return [f"UPDATE postings SET amount = 11 WHERE entry_id = 'd-1' AND account_id = {wallet}"]


def _balance_row(chart: Chart) -> list[str]:
    (wallet,) = _ids(chart, "ahmed_wallet")
    return [f"UPDATE account_balances SET balance = balance + 5 WHERE account_id = {wallet}"]


def _floor(chart: Chart) -> list[str]:
    # Every figure kept consistent except the floor: the deposit turned into a withdrawal.
    wallet, cash = _ids(chart, "ahmed_wallet", "post_cash")
    return [
        "UPDATE postings SET amount = -amount WHERE entry_id = 'd-1'",
        f"UPDATE account_balances SET balance = -10 WHERE account_id = {wallet}",
        f"UPDATE account_balances SET balance = balance + 20 WHERE account_id = {cash} AND shard = 0",
    ]


def _not_mirror(chart: Chart) -> list[str]:
    return ["UPDATE postings SET amount = amount * 2 WHERE entry_id = 'r-1'"]


def _wrong_unit(chart: Chart) -> list[str]:
    wallet, quota = _ids(chart, "ahmed_wallet", "bread_quota")
    return [f"UPDATE postings SET account_id = {quota} WHERE entry_id = 'd-1' AND account_id = {wallet}"]


def _unknown_account(chart: Chart) -> list[str]:
    (wallet,) = _ids(chart, "ahmed_wallet")
    return [f"UPDATE postings SET account_id = 999999 WHERE entry_id = 'd-1' AND account_id = {wallet}"]


def _reversal(entry_id: str, reverses: str, mona: int, shop: int, amount: int) -> list[str]:
    """A reversal written straight into the tables: ``amount`` from Mona's wallet to the shop."""
    return [
        "INSERT INTO postings (entry_id, account_id, unit, amount) VALUES "
        f"('{entry_id}', {mona}, 'EGP', {-amount}), ('{entry_id}', {shop}, 'EGP', {amount})",
        "INSERT INTO journal_entries (id, kind, memo, policy_version, reverses, posted_at) VALUES "
        f"('{entry_id}', 'reversal', '', 'x', '{reverses}', '2026-11-22 07:00:00+00:00')",
    ]


def _reversal_of_reversal(chart: Chart) -> list[str]:
    return _reversal("r-2", "r-1", *_ids(chart, "mona_wallet", "shop_sales"), 100)


def _orphan_reversal(chart: Chart) -> list[str]:
    return _reversal("r-2", "t-9", *_ids(chart, "mona_wallet", "shop_sales"), 100)


def _reversed_twice(chart: Chart) -> list[str]:
    return _reversal("r-2", "t-1", *_ids(chart, "mona_wallet", "shop_sales"), -100)


TAMPERING: dict[str, tuple[Callable[[Chart], list[str]], CheckRule]] = {
    "posting amount": (_unbalanced, CheckRule.ENTRY_UNBALANCED),
    "balance row": (_balance_row, CheckRule.BALANCE_MISMATCH),
    "floor": (_floor, CheckRule.FLOOR_BROKEN),
    "reversal": (_not_mirror, CheckRule.REVERSAL_NOT_MIRROR),
    "unit": (_wrong_unit, CheckRule.UNIT_MISMATCH),
    "account": (_unknown_account, CheckRule.UNKNOWN_ACCOUNT),
    "reversal of a reversal": (_reversal_of_reversal, CheckRule.REVERSAL_OF_REVERSAL),
    "orphan reversal": (_orphan_reversal, CheckRule.ORPHAN_REVERSAL),
    "second reversal": (_reversed_twice, CheckRule.REVERSED_TWICE),
}


class TestCheckLedger:
    def test_clean_books_have_no_discrepancy(self, uow_factory: SqlUnitOfWorkFactory, chart: Chart) -> None:
        report = ledger_report(uow_factory())
        assert (report.accounts, report.entries, report.postings) == (len(chart.by_id), 4, 8)
        assert report.unit_totals == dict.fromkeys(Unit, 0)
        assert report.findings == []
        assert check_ledger(uow_factory()) is None

    def test_an_empty_ledger_is_clean(self, uow_factory: SqlUnitOfWorkFactory) -> None:
        assert check_ledger(uow_factory()) is None

    @pytest.mark.parametrize("what", list(TAMPERING))
    def test_tampering_is_found_as_the_in_memory_check_finds_it(
        self, engine: Engine, uow_factory: SqlUnitOfWorkFactory, chart: Chart, what: str
    ) -> None:
        statements, rule = TAMPERING[what]
        if rule is CheckRule.REVERSED_TWICE and engine.dialect.name == "sqlite":
            pytest.skip("SQLite cannot drop the unique constraint on journal_entries.reverses")
        tamper(engine, *statements(chart))
        found = check_ledger(uow_factory())
        assert found is not None
        assert found.rule is rule
        assert found == in_memory_check(engine)

    def test_the_findings_name_the_cause_first(
        self, engine: Engine, uow_factory: SqlUnitOfWorkFactory, chart: Chart
    ) -> None:
        tamper(engine, *_unbalanced(chart))
        rules = [found.rule for found in ledger_report(uow_factory()).findings]
        # The altered posting unbalances its entry, and its account's stored balance no longer
        # is the sum of its postings; the stored balances themselves still net to zero.
        assert rules == [CheckRule.ENTRY_UNBALANCED, CheckRule.BALANCE_MISMATCH]


class TestLedgerCheckCommand:
    @pytest.fixture
    def env(self, database_url: str, engine: Engine) -> dict[str, str]:
        return {"UNICARD_DATABASE_URL": database_url}

    def test_clean_books_pass(self, env: dict[str, str], chart: Chart) -> None:
        result = runner.invoke(app, ["ledger", "check"], env=env)
        assert result.exit_code == 0, result.output
        assert "ledger clean" in result.output

    def test_an_altered_posting_fails_naming_its_entry(
        self, env: dict[str, str], engine: Engine, chart: Chart
    ) -> None:
        tamper(engine, *_unbalanced(chart))
        result = runner.invoke(app, ["ledger", "check"], env=env)
        assert result.exit_code == 1
        assert "entry d-1 does not balance: its egp postings sum to 1" in result.output

    def test_an_altered_balance_fails_naming_its_account(
        self, env: dict[str, str], engine: Engine, chart: Chart
    ) -> None:
        tamper(engine, *_balance_row(chart))
        result = runner.invoke(app, ["ledger", "check"], env=env)
        assert result.exit_code == 1
        wallet = chart["ahmed_wallet"].id
        assert f"account {wallet} has a stored balance of 15 egp, but its postings sum to 10" in result.output
