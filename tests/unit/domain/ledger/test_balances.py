import pytest

from tests.unit.domain.ledger.chart import (
    AHMED_WALLET,
    BAKERY_SALES,
    BREAD_QUOTA,
    BY_ID,
    MINISTRY_FUNDING,
    POLICY,
    POST_CASH,
    SHOP_SALES,
    SUBSIDY_CLAIM,
    bread_purchase,
    deposit,
)
from unicard.domain.ledger import (
    EntryKind,
    InsufficientFunds,
    InvalidEntry,
    JournalEntry,
    Posting,
    Unit,
    UnknownAccount,
    apply,
)
from unicard.locale.catalog import describe


def purchase(amount: int) -> JournalEntry:
    return JournalEntry.transfer(
        entry_id="txn-1",
        kind=EntryKind.PURCHASE,
        source=AHMED_WALLET,
        destination=SHOP_SALES,
        amount=amount,
        policy_version=POLICY,
    )


class TestApply:
    def test_moves_each_touched_balance_by_its_posting(self) -> None:
        after = apply({AHMED_WALLET.id: 1000, "other": 7}, purchase(400), BY_ID)
        assert after == {AHMED_WALLET.id: 600, SHOP_SALES.id: 400, "other": 7}

    def test_a_missing_balance_stands_at_zero(self) -> None:
        assert apply({}, deposit("txn-1", 500).build(), BY_ID) == {POST_CASH.id: -500, AHMED_WALLET.id: 500}

    def test_never_changes_the_balances_it_is_given(self) -> None:
        balances = {AHMED_WALLET.id: 1000}
        apply(balances, purchase(400), BY_ID)
        assert balances == {AHMED_WALLET.id: 1000}

    def test_a_debit_may_empty_a_floored_account(self) -> None:
        assert apply({AHMED_WALLET.id: 400}, purchase(400), BY_ID)[AHMED_WALLET.id] == 0

    def test_accounts_without_a_floor_go_negative(self) -> None:
        after = apply({BREAD_QUOTA.id: 10, AHMED_WALLET.id: 100}, bread_purchase("b", 5).build(), BY_ID)
        assert after[MINISTRY_FUNDING.id] == -525
        assert after[SUBSIDY_CLAIM.id] == 525


class TestInsufficientFunds:
    def test_refuses_a_debit_below_the_floor(self) -> None:
        with pytest.raises(InsufficientFunds) as caught:
            apply({AHMED_WALLET.id: 399}, purchase(400), BY_ID)
        assert caught.value.code == "ledger.insufficient_funds.wallet"
        assert caught.value.kind.value == "wallet"
        assert caught.value.unit is Unit.EGP

    def test_names_the_account_kind_and_unit_but_never_the_balance(self) -> None:
        with pytest.raises(InsufficientFunds) as caught:
            apply({AHMED_WALLET.id: 399}, purchase(400), BY_ID)
        assert caught.value.params == {"account_id": AHMED_WALLET.id, "kind": "wallet", "unit": "egp"}
        for language in ("ar", "en"):
            assert not any(digit in describe(caught.value, language) for digit in "0123456789٠١٢٣٤٥٦٧٨٩")

    def test_is_all_or_nothing(self) -> None:
        # Enough money but not enough loaves: neither leg moves.
        balances = {BREAD_QUOTA.id: 4, AHMED_WALLET.id: 10_000}
        with pytest.raises(InsufficientFunds) as caught:
            apply(balances, bread_purchase("b", 5).build(), BY_ID)
        assert caught.value.code == "ledger.insufficient_funds.bread_quota"
        assert balances == {BREAD_QUOTA.id: 4, AHMED_WALLET.id: 10_000}

    def test_a_credit_is_never_refused(self) -> None:
        # Even to an account already below its floor (only a broken ledger has one).
        assert apply({AHMED_WALLET.id: -5}, deposit("d", 1).build(), BY_ID)[AHMED_WALLET.id] == -4


class TestAccountsMustTakeThePostings:
    def test_refuses_an_unknown_account(self) -> None:
        entry = JournalEntry(
            "t",
            EntryKind.PURCHASE,
            (Posting("nowhere", Unit.EGP, -1), Posting(SHOP_SALES.id, Unit.EGP, 1)),
            POLICY,
        )
        with pytest.raises(UnknownAccount, match=r"ledger\.unknown_account"):
            apply({}, entry, BY_ID)

    def test_refuses_a_posting_in_a_unit_its_account_does_not_hold(self) -> None:
        loaves_to_a_shop = JournalEntry(
            "t",
            EntryKind.PURCHASE,
            (Posting(BREAD_QUOTA.id, Unit.LOAF, -1), Posting(SHOP_SALES.id, Unit.LOAF, 1)),
            POLICY,
        )
        with pytest.raises(InvalidEntry) as caught:
            apply({BREAD_QUOTA.id: 5}, loaves_to_a_shop, BY_ID)
        assert caught.value.code == "ledger.unit_mismatch"
        assert caught.value.params["account_id"] == SHOP_SALES.id

    def test_a_unit_mismatch_is_reported_before_a_decline(self) -> None:
        # A bug in the caller outranks a business decline, whatever the order of the postings.
        entry = JournalEntry(
            "t",
            EntryKind.PURCHASE,
            (
                Posting(AHMED_WALLET.id, Unit.EGP, -100),
                Posting(SHOP_SALES.id, Unit.EGP, 100),
                Posting(BREAD_QUOTA.id, Unit.LOAF, -1),
                Posting(BAKERY_SALES.id, Unit.LOAF, 1),
            ),
            POLICY,
        )
        with pytest.raises(InvalidEntry, match=r"ledger\.unit_mismatch"):
            apply({AHMED_WALLET.id: 0, BREAD_QUOTA.id: 5}, entry, BY_ID)
