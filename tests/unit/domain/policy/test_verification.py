from typing import Any

import pytest

from tests.unit.domain.policy.examples import ACCEPTED, pin, verification
from unicard.domain.policy import Cvm, PinUnlock, VerifiedTransaction
from unicard.domain.shared.errors import InvalidValue


class TestAccepted:
    def test_bread_needs_only_the_card(self) -> None:
        rules = verification()
        assert not rules.requires_cardholder(VerifiedTransaction.BREAD_PURCHASE)
        assert rules.accepts(VerifiedTransaction.BREAD_PURCHASE, Cvm.CARD_ONLY)

    @pytest.mark.parametrize(
        ("transaction", "method", "accepted"),
        [
            (VerifiedTransaction.RATION_REDEMPTION, Cvm.FINGERPRINT, True),
            (VerifiedTransaction.RATION_REDEMPTION, Cvm.PIN, True),
            (VerifiedTransaction.RATION_REDEMPTION, Cvm.CARD_ONLY, False),
            (VerifiedTransaction.PURCHASE, Cvm.PIN, True),
            (VerifiedTransaction.PURCHASE, Cvm.FINGERPRINT, False),
            (VerifiedTransaction.CASH_WITHDRAWAL, Cvm.PIN, True),
            (VerifiedTransaction.CASH_WITHDRAWAL, Cvm.APP_OTP, False),
            (VerifiedTransaction.BILL_PAYMENT, Cvm.APP_OTP, True),
            (VerifiedTransaction.BILL_PAYMENT, Cvm.PIN, True),
            (VerifiedTransaction.HEALTH_VISIT, Cvm.FINGERPRINT, True),
            (VerifiedTransaction.HEALTH_VISIT, Cvm.APP_OTP, False),
        ],
    )
    def test_methods_per_transaction_type(
        self, transaction: VerifiedTransaction, method: Cvm, accepted: bool
    ) -> None:
        assert verification().accepts(transaction, method) is accepted

    def test_refuses_a_transaction_type_left_out(self) -> None:
        accepted = {key: value for key, value in ACCEPTED.items() if key is not VerifiedTransaction.PURCHASE}
        with pytest.raises(InvalidValue) as caught:
            verification(accepted=accepted)
        assert caught.value.code == "policy.missing_entry"
        assert caught.value.params["field"] == "verification.accepted.purchase"

    def test_refuses_an_empty_set_of_methods(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            verification(accepted=ACCEPTED | {VerifiedTransaction.PURCHASE: frozenset()})
        assert caught.value.code == "policy.no_methods"

    def test_refuses_card_only_alongside_a_real_check(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            verification(
                accepted=ACCEPTED | {VerifiedTransaction.CASH_WITHDRAWAL: frozenset({Cvm.CARD_ONLY, Cvm.PIN})}
            )
        assert caught.value.code == "policy.card_only_combined"
        assert caught.value.params["field"] == "verification.accepted.cash_withdrawal"


class TestPin:
    def test_four_to_six_digits_locked_after_three_tries(self) -> None:
        rules = pin()
        assert (rules.min_length, rules.max_length, rules.tries_before_lock) == (4, 6, 3)
        assert rules.unlock is PinUnlock.POST_OFFICE

    @pytest.mark.parametrize(
        ("changes", "code", "field"),
        [
            ({"min_length": 3}, "policy.out_of_range", "verification.pin.min_length"),
            ({"max_length": 13}, "policy.out_of_range", "verification.pin.max_length"),
            ({"min_length": 6, "max_length": 4}, "policy.below", "verification.pin.max_length"),
            ({"tries_before_lock": 0}, "policy.out_of_range", "verification.pin.tries_before_lock"),
        ],
    )
    def test_refuses_nonsense_naming_the_key(self, changes: dict[str, Any], code: str, field: str) -> None:
        with pytest.raises(InvalidValue) as caught:
            pin(**changes)
        assert (caught.value.code, caught.value.params["field"]) == (code, field)
