"""Card key derivation (EMV 4.4 Book 2, Annex A1.3 and A1.4).

The issuer holds one master key per purpose (``IMK-AC`` for cryptograms); each card holds its own
master key derived from it, its PAN and PAN sequence number; each transaction uses a session key
derived from the card's master key and the application transaction counter (ATC). So one card's
keys reveal nothing of another's, and one transaction's session key nothing of the next.
"""

from __future__ import annotations

import enum

from unicard.domain.cards.emv.ciphers import (
    AES_BLOCK,
    DES_BLOCK,
    adjust_des_parity,
    aes_ecb_encrypt,
    tdes_ecb_encrypt,
    xor,
)
from unicard.domain.shared.errors import InvalidValue

MAX_ATC = 0xFFFF


class Algorithm(enum.StrEnum):
    """The block cipher a card's keys are for."""

    TDES = "tdes"  # double-length (16-byte) Triple DES keys, 8-byte blocks
    AES = "aes"  # AES-128 keys, 16-byte blocks

    @property
    def block(self) -> int:
        return DES_BLOCK if self is Algorithm.TDES else AES_BLOCK


def check_key(key: bytes, field: str = "key") -> None:
    if len(key) != 16:  # both profiles use 16-byte keys: double-length TDES, AES-128
        raise InvalidValue("emv.key_length", field=field, length=len(key), expected="16")


def _pan_digits(pan: str, psn: str) -> str:
    if not (pan.isascii() and pan.isdigit() and 12 <= len(pan) <= 19):
        raise InvalidValue("emv.pan", field="pan", length=len(pan))
    if not (psn.isascii() and psn.isdigit() and len(psn) == 2):
        raise InvalidValue("emv.psn", field="psn", value=psn)
    return pan + psn


def derive_icc_master_key(algorithm: Algorithm, issuer_key: bytes, pan: str, psn: str) -> bytes:
    """The card's master key: option A for TDES (A1.4.1), option C for AES (A1.4.3)."""
    check_key(issuer_key, "issuer_key")
    digits = _pan_digits(pan, psn)
    if algorithm is Algorithm.TDES:
        # Y = the rightmost 16 digits of PAN || PSN (left zero-filled), packed BCD: 8 bytes.
        y = bytes.fromhex(digits[-16:].zfill(16))
        return adjust_des_parity(tdes_ecb_encrypt(issuer_key, y + xor(y, b"\xff" * DES_BLOCK)))
    # Option C, AES-128: Y = PAN || PSN left zero-filled to 32 digits; MK = AES(IMK)[Y].
    y = bytes.fromhex(digits[-32:].zfill(32))
    return aes_ecb_encrypt(issuer_key, y)


def derive_session_key(algorithm: Algorithm, icc_master_key: bytes, atc: int) -> bytes:
    """EMV common session key derivation (A1.3.1) with R = ATC || zeros, n bytes long.

    F1 and F2 are R with its third byte set to F0 and 0F; SK = ENC(F1) || ENC(F2) for TDES
    (k = 2n) and SK = ENC(F1) for AES-128 (k = n).
    """
    check_key(icc_master_key, "icc_master_key")
    if not 0 <= atc <= MAX_ATC:
        raise InvalidValue("emv.atc_range", field="atc", value=atc)
    block = algorithm.block
    r = atc.to_bytes(2, "big") + bytes(block - 2)
    f1 = r[:2] + b"\xf0" + r[3:]
    if algorithm is Algorithm.AES:
        return aes_ecb_encrypt(icc_master_key, f1)
    f2 = r[:2] + b"\x0f" + r[3:]
    return adjust_des_parity(tdes_ecb_encrypt(icc_master_key, f1 + f2))
