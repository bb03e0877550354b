"""Cardholder verification: the PIN rules, and which methods each transaction type accepts."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from unicard.domain.policy.checks import key_path, not_below, within
from unicard.domain.shared.errors import InvalidValue

# ISO 9564 PINs are 4 to 12 digits.
_PIN_DIGITS = (4, 12)
_MAX_TRIES = 10


class VerifiedTransaction(enum.StrEnum):
    """The transaction types that verify the cardholder (deposits and reversals do not)."""

    BREAD_PURCHASE = "bread_purchase"
    RATION_REDEMPTION = "ration_redemption"
    PURCHASE = "purchase"
    CASH_WITHDRAWAL = "cash_withdrawal"
    BILL_PAYMENT = "bill_payment"
    HEALTH_VISIT = "health_visit"


class Cvm(enum.StrEnum):
    """A cardholder verification method."""

    CARD_ONLY = "card_only"  # presenting the card is enough
    PIN = "pin"
    FINGERPRINT = "fingerprint"  # biometric match-on-card
    APP_OTP = "app_otp"  # one-time code in the citizen app


class PinUnlock(enum.StrEnum):
    POST_OFFICE = "post_office"  # a clerk unlocks after checking the national ID
    NEXT_DAY = "next_day"  # unlocks at the start of the next Cairo business day


@dataclass(frozen=True, slots=True)
class PinPolicy:
    min_length: int
    max_length: int
    tries_before_lock: int
    unlock: PinUnlock

    def __post_init__(self) -> None:
        within("verification.pin.min_length", self.min_length, *_PIN_DIGITS)
        within("verification.pin.max_length", self.max_length, *_PIN_DIGITS)
        not_below(
            "verification.pin.max_length", self.max_length, "verification.pin.min_length", self.min_length
        )
        within("verification.pin.tries_before_lock", self.tries_before_lock, 1, _MAX_TRIES)


@dataclass(frozen=True, slots=True)
class VerificationPolicy:
    """``accepted`` names, for every transaction type, the methods any one of which suffices."""

    pin: PinPolicy
    accepted: Mapping[VerifiedTransaction, frozenset[Cvm]]

    def __post_init__(self) -> None:
        for transaction in VerifiedTransaction:
            field = key_path("verification", "accepted", transaction)
            methods = self.accepted.get(transaction)
            # A missing type would leave the engine to guess; guessing "none needed" is a hole.
            if methods is None:
                raise InvalidValue("policy.missing_entry", field=field)
            if not methods:
                raise InvalidValue("policy.no_methods", field=field)
            if Cvm.CARD_ONLY in methods and len(methods) > 1:
                raise InvalidValue("policy.card_only_combined", field=field)

    def accepts(self, transaction: VerifiedTransaction, method: Cvm) -> bool:
        """Whether ``method`` verifies the cardholder well enough for ``transaction``."""
        methods = self.accepted[transaction]
        return Cvm.CARD_ONLY in methods or method in methods

    def requires_cardholder(self, transaction: VerifiedTransaction) -> bool:
        return Cvm.CARD_ONLY not in self.accepted[transaction]
