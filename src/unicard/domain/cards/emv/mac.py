"""ISO/IEC 9797-1 padding method 2 and MAC algorithm 3 (the "retail MAC"), as EMV uses them."""

from __future__ import annotations

from unicard.domain.cards.emv.ciphers import DES_BLOCK, tdes_cbc_encrypt, tdes_ecb_encrypt, xor
from unicard.domain.shared.errors import InvalidValue


def pad_method_2(data: bytes, block: int = DES_BLOCK) -> bytes:
    """Append 0x80, then zeros up to a whole number of blocks (always adds at least one byte)."""
    padded = data + b"\x80"
    return padded + bytes(-len(padded) % block)


def retail_mac(key: bytes, data: bytes) -> bytes:
    """MAC algorithm 3 with a double-length key: single-DES CBC under K1, then the last block is
    decrypted under K2 and encrypted under K1 (that is, TDES of the last block). ``data`` must be
    padded already; the whole 8-byte MAC is returned."""
    if len(key) != 16:
        raise InvalidValue("emv.key_length", field="key", length=len(key), expected="16")
    if not data or len(data) % DES_BLOCK:
        raise InvalidValue("emv.block_length", field="data", length=len(data), block=DES_BLOCK)
    left = key[:DES_BLOCK]
    chained = tdes_cbc_encrypt(left, data[:-DES_BLOCK]) if len(data) > DES_BLOCK else bytes(DES_BLOCK)
    last_input = xor(chained[-DES_BLOCK:], data[-DES_BLOCK:])
    return tdes_ecb_encrypt(key, last_input)
