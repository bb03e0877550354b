"""Checking a PIN against what the issuer keeps, and the retry counter that locks it.

The issuer never keeps the PIN: it keeps a PIN verification value, an HMAC-SHA256 of the PAN
and PIN under a host key (the PIN verification key, in the key store). Guessing a PIN from the
value needs that key; with it, a 4-digit PIN is 10,000 tries — so the key stays in the key
store and the retry counter locks the PIN long before.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.policy.verification import PinPolicy


def pin_verification_value(key: bytes, pan: str, pin: str) -> str:
    return hmac.new(key, f"{pan}:{pin}".encode("ascii"), hashlib.sha256).hexdigest()


def pin_matches(key: bytes, pan: str, pin: str, stored: str) -> bool:
    return hmac.compare_digest(pin_verification_value(key, pan, pin), stored)


@dataclass(frozen=True, slots=True)
class PinTries:
    """Wrong PINs in a row, and whether the PIN is locked."""

    failed: int = 0
    locked: bool = False

    def after(self, matched: bool, policy: PinPolicy) -> PinCheck:
        """The counter after one PIN entry and the answer to give.

        A locked PIN stays locked whatever is entered (a right guess would otherwise unlock it);
        the wrong PIN that reaches the policy's limit locks it and is answered 75, not 55.
        """
        if self.locked:
            return PinCheck(self, ResponseCode.PIN_TRIES_EXCEEDED, "pin.locked")
        if matched:
            return PinCheck(PinTries(), ResponseCode.APPROVED, None)
        failed = self.failed + 1
        if failed >= policy.tries_before_lock:
            return PinCheck(PinTries(failed, locked=True), ResponseCode.PIN_TRIES_EXCEEDED, "pin.locked")
        return PinCheck(PinTries(failed), ResponseCode.INCORRECT_PIN, "pin.incorrect")

    def unlocked(self) -> PinTries:
        return PinTries()


@dataclass(frozen=True, slots=True)
class PinCheck:
    tries: PinTries  # to store, whatever the answer
    response: ResponseCode
    reason: str | None  # None when the PIN was right

    @property
    def matched(self) -> bool:
        return self.response is ResponseCode.APPROVED
