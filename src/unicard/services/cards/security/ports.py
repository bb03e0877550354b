"""What card security needs from outside: operations with the issuer's keys.

The port names operations, not keys: a software key store computes them in the process, a
PKCS#11 adapter would ask a hardware security module and never see a key (nor a clear PIN).
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from unicard.domain.cards.emv.cdol1 import Cdol1
from unicard.domain.cards.pin_block import PinBlockFormat
from unicard.domain.cards.security import CardSecurity


class CardKeys(Protocol):
    @property
    def uses_demo_keys(self) -> bool:
        """Whether any key is one of the published demo keys."""
        ...

    def arqc_is_genuine(self, pan: str, psn: str, data: Cdol1, arqc: bytes) -> bool:
        """Whether the card ``pan``/``psn`` of this issuer made ``arqc`` over ``data``."""
        ...

    def arpc(self, pan: str, psn: str, data: Cdol1, arqc: bytes, response_code: str) -> bytes:
        """The issuer's answer to ``arqc`` that the card checks (method 1 TDES, 2 AES)."""
        ...

    def pin_verification_value(self, pan: str, pin: str) -> str:
        """What to keep when a PIN is set (never the PIN itself)."""
        ...

    def pin_block_matches(self, block_format: PinBlockFormat, block: bytes, pan: str, stored: str) -> bool:
        """Whether the terminal's encrypted PIN block holds the PIN behind ``stored``.

        Raises ``InvalidValue("pin.block_format")`` when the block is not a well-formed block
        of ``block_format`` (wrong format, terminal key or card).
        """
        ...


class CardSecurityStore(Protocol):
    def get(self, card_token: str, *, at: dt.datetime) -> CardSecurity:
        """The card's state (a fresh one on first use), locked until the unit of work ends."""
        ...

    def save(self, state: CardSecurity, *, at: dt.datetime) -> None: ...
