"""Which kind of merchant takes which transaction, and which ledger accounts it holds."""

from __future__ import annotations

import pytest

from unicard.domain.ledger.accounts import AccountKind, OwnerType
from unicard.domain.merchants import MerchantKind, merchant_accepts, settlement_account_kinds
from unicard.domain.payments.types import TransactionType

K, T = MerchantKind, TransactionType

ACCEPTS = {
    K.BAKERY: {T.BREAD_PURCHASE},
    K.GROCER: {T.RATION_REDEMPTION},
    K.RETAIL: {T.PURCHASE},
    K.POST_ATM: {T.CASH_WITHDRAWAL},
    K.POST_COUNTER: {T.CASH_WITHDRAWAL, T.DEPOSIT, T.BILL_PAYMENT},
    K.HEALTH_PROVIDER: {T.HEALTH_VISIT},
    K.BILLER: {T.BILL_PAYMENT},
}
PAIRS = [(kind, kind_type) for kind in K for kind_type in T if kind_type is not T.REVERSAL]


class TestMerchantAccepts:
    @pytest.mark.parametrize(("kind", "transaction"), PAIRS, ids=str)
    def test_follows_the_table_of_the_architecture(
        self, kind: MerchantKind, transaction: TransactionType
    ) -> None:
        assert merchant_accepts(kind, transaction) is (transaction in ACCEPTS[kind])

    def test_no_terminal_takes_a_g2p_payment(self) -> None:
        # G2P payments arrive as files, never through a terminal.
        assert not any(merchant_accepts(kind, T.G2P_PAYMENT) for kind in K)

    @pytest.mark.parametrize(("kind", "original"), PAIRS, ids=str)
    def test_a_reversal_follows_the_original_kind(
        self, kind: MerchantKind, original: TransactionType
    ) -> None:
        assert merchant_accepts(kind, T.REVERSAL, original) is (original in ACCEPTS[kind])

    def test_a_reversal_of_a_reversal_is_not_accepted(self) -> None:
        assert not merchant_accepts(K.BAKERY, T.REVERSAL, T.REVERSAL)

    def test_a_reversal_without_its_original_is_left_to_the_original_check(self) -> None:
        assert all(merchant_accepts(kind, T.REVERSAL) for kind in K)


class TestSettlementAccounts:
    def test_a_bakery_holds_its_sales_its_subsidy_claim_and_its_loaves(self) -> None:
        assert settlement_account_kinds(K.BAKERY) == {
            AccountKind.MERCHANT_SETTLEMENT,
            AccountKind.BAKERY_SUBSIDY_CLAIM,
            AccountKind.BAKERY_BREAD,
        }

    @pytest.mark.parametrize(
        ("kind", "account"),
        [
            (K.GROCER, AccountKind.MERCHANT_SETTLEMENT),
            (K.RETAIL, AccountKind.MERCHANT_SETTLEMENT),
            (K.HEALTH_PROVIDER, AccountKind.HEALTH_PROVIDER),
            (K.BILLER, AccountKind.BILLER),
        ],
    )
    def test_the_others_hold_one(self, kind: MerchantKind, account: AccountKind) -> None:
        assert settlement_account_kinds(kind) == {account}

    @pytest.mark.parametrize("kind", [K.POST_ATM, K.POST_COUNTER])
    def test_egypt_post_holds_none_its_cash_is_the_system_account(self, kind: MerchantKind) -> None:
        assert settlement_account_kinds(kind) == frozenset()

    @pytest.mark.parametrize("kind", list(K), ids=str)
    def test_every_account_a_merchant_holds_is_a_merchant_account(self, kind: MerchantKind) -> None:
        assert all(account.owner_type is OwnerType.MERCHANT for account in settlement_account_kinds(kind))


def test_every_kind_has_its_own_prefix() -> None:
    prefixes = [kind.prefix for kind in K]
    assert len(set(prefixes)) == len(prefixes)
    assert all(len(prefix) == 3 and prefix.isupper() for prefix in prefixes)
