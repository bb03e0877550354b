"""The software key store: the issuer's keys in process memory, read from a key file.

It implements :class:`~unicard.services.cards.security.ports.CardKeys` with the pure algorithms
of ``domain/cards``. A PKCS#11 adapter would implement the same port with the keys inside a
hardware security module; nothing above the port changes. ``repr`` and ``str`` name no key.
"""

from __future__ import annotations

import functools
from pathlib import Path

from unicard.domain.cards.emv.cdol1 import Cdol1, CryptogramVersion
from unicard.domain.cards.emv.profile import arqc_is_genuine, card_master_key, issuer_arpc
from unicard.domain.cards.issuer_keys import IssuerKeys, KeyName
from unicard.domain.cards.pin import pin_matches
from unicard.domain.cards.pin import pin_verification_value as keyed_pin_value
from unicard.domain.cards.pin_block import PinBlockFormat, decrypt_pin_block

_ISSUER_KEY = {CryptogramVersion.TDES: KeyName.ISSUER_AC, CryptogramVersion.AES: KeyName.ISSUER_AC_AES}
_TERMINAL_KEY = {PinBlockFormat.ISO_0: KeyName.TERMINAL_PIN, PinBlockFormat.ISO_4: KeyName.TERMINAL_PIN_AES}


#: Cards whose derived keys are kept: more than a server sees in a busy hour.
CARD_KEYS_KEPT = 65_536


class SoftwareKeyStore:
    def __init__(self, keys: IssuerKeys) -> None:
        self._keys = keys
        # A card's key was derived from the issuer's for every check a request makes (its
        # ARQC, then for tag 91 the ARQC again and the ARPC). Kept for the cards in use: the
        # issuer key that derives them is in this memory already, so keeping them exposes
        # nothing more.
        self._card_key = functools.lru_cache(maxsize=CARD_KEYS_KEPT)(self._derive_card_key)

    @classmethod
    def from_file(cls, path: Path) -> SoftwareKeyStore:
        return cls(IssuerKeys.parse(path.read_text(encoding="utf-8")))

    @classmethod
    def demo(cls) -> SoftwareKeyStore:
        return cls(IssuerKeys.demo())

    def __repr__(self) -> str:
        demo = ", demo keys" if self.uses_demo_keys else ""
        return f"SoftwareKeyStore({len(KeyName)} keys{demo})"

    __str__ = __repr__

    @property
    def uses_demo_keys(self) -> bool:
        return bool(self._keys.demo_keys_among)

    def _derive_card_key(self, version: CryptogramVersion, pan: str, psn: str) -> bytes:
        return card_master_key(version, self._keys[_ISSUER_KEY[version]], pan, psn)

    def arqc_is_genuine(self, pan: str, psn: str, data: Cdol1, arqc: bytes) -> bool:
        return arqc_is_genuine(self._card_key(data.version, pan, psn), data, arqc)

    def arpc(self, pan: str, psn: str, data: Cdol1, arqc: bytes, response_code: str) -> bytes:
        return issuer_arpc(self._card_key(data.version, pan, psn), data, arqc, response_code)

    def pin_verification_value(self, pan: str, pin: str) -> str:
        return keyed_pin_value(self._keys[KeyName.PIN_VERIFICATION], pan, pin)

    def pin_block_matches(self, block_format: PinBlockFormat, block: bytes, pan: str, stored: str) -> bool:
        pin = decrypt_pin_block(block_format, self._keys[_TERMINAL_KEY[block_format]], block, pan)
        return pin_matches(self._keys[KeyName.PIN_VERIFICATION], pan, pin, stored)
