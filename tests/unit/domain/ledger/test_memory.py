from collections.abc import Callable

import pytest

from tests.unit.domain.ledger.chart import (
    AHMED,
    AHMED_WALLET,
    ALL,
    BAKERY_BREAD,
    BREAD_QUOTA,
    POLICY,
    POST_CASH,
    SHOP_SALES,
    bread_purchase,
    bread_quota_credit,
    deposit,
)
from unicard.domain.ledger import (
    Account,
    AccountKind,
    DuplicateEntry,
    EntryKind,
    InMemoryLedger,
    InsufficientFunds,
    InvalidEntry,
    JournalEntry,
    ReversalRefused,
    UnknownAccount,
    UnknownEntry,
    reverse,
)
from unicard.domain.shared.errors import Conflict


class Crash(Exception):
    """Stands for anything that fails after an entry is built: a lost connection, a bug."""


@pytest.fixture
def ledger() -> InMemoryLedger:
    return InMemoryLedger(ALL)


def purchase(entry_id: str, amount: int) -> JournalEntry:
    return JournalEntry.transfer(
        entry_id=entry_id,
        kind=EntryKind.PURCHASE,
        source=AHMED_WALLET,
        destination=SHOP_SALES,
        amount=amount,
        policy_version=POLICY,
    )


class TestAccounts:
    def test_a_new_account_stands_at_zero(self, ledger: InMemoryLedger) -> None:
        assert ledger.balance(AHMED_WALLET.id) == 0

    def test_refuses_to_open_an_account_twice(self, ledger: InMemoryLedger) -> None:
        with pytest.raises(Conflict, match=r"ledger\.account_exists"):
            ledger.open(AHMED_WALLET)

    def test_an_unknown_account_has_no_balance(self, ledger: InMemoryLedger) -> None:
        with pytest.raises(UnknownAccount):
            ledger.balance("wallet:ghost")


class TestPost:
    def test_moves_the_balances_and_records_the_entry(self, ledger: InMemoryLedger) -> None:
        entry = ledger.post(deposit("d-1", 500).build())
        assert ledger.balance(AHMED_WALLET.id) == 500
        assert ledger.balance(POST_CASH.id) == -500
        assert ledger.entries == (entry,)
        assert ledger.entry("d-1") is entry
        assert ledger.check() is None

    def test_refuses_an_entry_id_already_posted(self, ledger: InMemoryLedger) -> None:
        ledger.post(deposit("d-1", 500).build())
        with pytest.raises(DuplicateEntry, match=r"ledger\.duplicate_entry"):
            ledger.post(deposit("d-1", 500).build())
        assert ledger.balance(AHMED_WALLET.id) == 500

    def test_a_declined_entry_changes_nothing(self, ledger: InMemoryLedger) -> None:
        ledger.post(bread_quota_credit("q-1", 4).build())
        ledger.post(deposit("d-1", 10_000).build())
        before = ledger.balances
        with pytest.raises(InsufficientFunds):
            ledger.post(bread_purchase("b-1", loaves=5).build())
        assert ledger.balances == before
        assert len(ledger.entries) == 2

    def test_a_bread_day(self, ledger: InMemoryLedger) -> None:
        ledger.post(bread_quota_credit("q-1", 150).build())
        ledger.post(deposit("d-1", 1000).build())
        ledger.post(bread_purchase("b-1", loaves=5).build())
        ledger.post(bread_purchase("b-2", loaves=5).build())
        assert ledger.balance(BREAD_QUOTA.id) == 140
        assert ledger.balance(BAKERY_BREAD.id) == 10
        assert ledger.balance(AHMED_WALLET.id) == 800
        assert ledger.check() is None

    def test_an_entry_to_an_account_not_opened_is_refused(self, ledger: InMemoryLedger) -> None:
        stranger = Account("wallet:stranger", AccountKind.WALLET, AHMED)
        with pytest.raises(UnknownAccount):
            ledger.post(deposit("d-1", 5, wallet=stranger).build())
        assert ledger.entries == ()


class TestReverse:
    def test_undoes_the_entry(self, ledger: InMemoryLedger) -> None:
        ledger.post(deposit("d-1", 1000).build())
        ledger.post(purchase("p-1", 400))
        ledger.reverse("p-1", reversal_id="r-1", memo="customer returned the goods")
        assert ledger.balance(AHMED_WALLET.id) == 1000
        assert ledger.balance(SHOP_SALES.id) == 0
        assert ledger.is_reversed("p-1")
        assert ledger.check() is None

    def test_refuses_a_second_reversal(self, ledger: InMemoryLedger) -> None:
        ledger.post(deposit("d-1", 1000).build())
        ledger.reverse("d-1", reversal_id="r-1")
        with pytest.raises(ReversalRefused, match=r"ledger\.already_reversed"):
            ledger.reverse("d-1", reversal_id="r-2")
        assert ledger.balance(AHMED_WALLET.id) == 0

    def test_refuses_to_reverse_a_reversal(self, ledger: InMemoryLedger) -> None:
        ledger.post(deposit("d-1", 1000).build())
        ledger.reverse("d-1", reversal_id="r-1")
        with pytest.raises(ReversalRefused, match=r"ledger\.reversal_of_reversal"):
            ledger.reverse("r-1", reversal_id="r-2")

    def test_refuses_to_reverse_an_unknown_entry(self, ledger: InMemoryLedger) -> None:
        with pytest.raises(UnknownEntry, match=r"ledger\.unknown_entry"):
            ledger.reverse("p-404", reversal_id="r-1")

    def test_refuses_a_reversal_that_is_not_the_mirror(self, ledger: InMemoryLedger) -> None:
        ledger.post(deposit("d-1", 1000).build())
        ledger.post(deposit("d-2", 999).build())
        wrong = reverse(ledger.entry("d-2"), entry_id="r-1")
        forged = JournalEntry("r-1", EntryKind.REVERSAL, wrong.postings, POLICY, reverses="d-1")
        with pytest.raises(InvalidEntry, match=r"ledger\.not_a_mirror"):
            ledger.post(forged)

    def test_refuses_to_reverse_money_already_spent(self, ledger: InMemoryLedger) -> None:
        ledger.post(deposit("d-1", 1000).build())
        ledger.post(purchase("p-1", 600))
        with pytest.raises(InsufficientFunds):
            ledger.reverse("d-1", reversal_id="r-1")
        assert not ledger.is_reversed("d-1")


def crash_inside(ledger: InMemoryLedger, *steps: Callable[[], object]) -> None:
    with ledger.atomic():
        for step in steps:
            step()
        raise Crash


class TestAtomic:
    def test_a_crash_undoes_every_post_in_the_block(self, ledger: InMemoryLedger) -> None:
        ledger.post(deposit("d-1", 1000).build())
        before, entries = ledger.balances, ledger.entries
        with pytest.raises(Crash):
            crash_inside(
                ledger,
                lambda: ledger.post(bread_quota_credit("q-1", 150).build()),
                lambda: ledger.reverse("d-1", reversal_id="r-1"),
            )
        assert ledger.balances == before
        assert ledger.entries == entries
        assert not ledger.is_reversed("d-1")
        assert ledger.check() is None

    def test_a_crash_undoes_accounts_opened_in_the_block(self, ledger: InMemoryLedger) -> None:
        late = Account("wallet:late", AccountKind.WALLET, AHMED)
        with pytest.raises(Crash):
            crash_inside(ledger, lambda: ledger.open(late))
        with pytest.raises(UnknownAccount):
            ledger.account(late.id)

    def test_a_block_that_ends_well_keeps_its_posts(self, ledger: InMemoryLedger) -> None:
        with ledger.atomic():
            ledger.post(deposit("d-1", 1000).build())
        assert ledger.balance(AHMED_WALLET.id) == 1000
