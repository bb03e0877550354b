from typing import Any

import pytest

from tests.unit.domain.policy.examples import wallet
from unicard.domain.policy import Limit
from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.money import Money


class TestWalletLimits:
    def test_defaults_read_in_pounds(self) -> None:
        limits = wallet()
        assert limits.purchase.per_transaction == Money.pounds(20_000)
        assert limits.cash_withdrawal.per_day == Money.pounds(10_000)

    def test_a_day_may_equal_one_transaction(self) -> None:
        assert wallet(cash_withdrawal=Limit(Money(500), Money(500))).cash_withdrawal.per_day == Money(500)

    @pytest.mark.parametrize(
        ("changes", "code", "field"),
        [
            (
                {"purchase": Limit(Money.pounds(20_000), Money.pounds(10_000))},
                "policy.day_below_transaction",
                "wallet.purchase.per_day",
            ),
            (
                {"cash_withdrawal": Limit(Money.pounds(5_000), Money.pounds(4_999))},
                "policy.day_below_transaction",
                "wallet.cash_withdrawal.per_day",
            ),
            (
                {"purchase": Limit(Money(0), Money(100))},
                "policy.not_positive",
                "wallet.purchase.per_transaction",
            ),
            (
                {"cash_withdrawal": Limit(Money(100), Money(-1))},
                "policy.not_positive",
                "wallet.cash_withdrawal.per_day",
            ),
            ({"max_balance": Money(-1)}, "policy.not_positive", "wallet.max_balance"),
        ],
    )
    def test_refuses_nonsense_naming_the_key(self, changes: dict[str, Any], code: str, field: str) -> None:
        with pytest.raises(InvalidValue) as caught:
            wallet(**changes)
        assert (caught.value.code, caught.value.params["field"]) == (code, field)
