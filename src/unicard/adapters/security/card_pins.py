"""PIN verification data: HMAC-SHA256 of the card token and PIN under a host PIN key.

The PIN itself is never stored. The token is in the MAC so that two cards with the same PIN have
different verification data, and the key (derived from the deployment's secret key) means a copy
of the database alone does not let anyone try the 10⁴–10⁶ possible PINs.
"""

from __future__ import annotations

import hashlib
import hmac


class HmacPinVerifiers:
    def __init__(self, key: bytes) -> None:
        if len(key) < 32:
            raise ValueError("the PIN key must be at least 32 bytes")
        self._key = key

    def make(self, card_token: str, pin: str) -> str:
        return hmac.new(self._key, f"{card_token}:{pin}".encode(), hashlib.sha256).hexdigest()

    def matches(self, card_token: str, pin: str, verifier: str) -> bool:
        return hmac.compare_digest(self.make(card_token, pin), verifier)
