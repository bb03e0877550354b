"""Application cryptograms (EMV 4.4 Book 2, 8.1 and A1.2) and issuer authentication (8.2).

The card MACs the CDOL1 data with its session key: the ARQC. The host recomputes it with the
same derived key; a match proves the card holds the key and that no byte of the data (amount,
ATC, the card's verification results…) changed on the way. The host answers with an ARPC the
card checks in turn, so a terminal cannot fake the issuer's approval either.
"""

from __future__ import annotations

import hmac

from unicard.domain.cards.emv.ciphers import aes_cmac, tdes_ecb_encrypt, xor
from unicard.domain.cards.emv.keys import Algorithm, check_key
from unicard.domain.cards.emv.mac import pad_method_2, retail_mac
from unicard.domain.shared.errors import InvalidValue

ARQC_LENGTH = 8
ARC_LENGTH = 2  # authorisation response code (ARPC method 1)
CSU_LENGTH = 4  # card status update (ARPC method 2)
METHOD_2_ARPC_LENGTH = 4


def _mac(algorithm: Algorithm, session_key: bytes, data: bytes) -> bytes:
    check_key(session_key, "session_key")
    if algorithm is Algorithm.TDES:
        # ISO/IEC 9797-1 MAC algorithm 3 over padding method 2.
        return retail_mac(session_key, pad_method_2(data))
    # AES-CMAC (ISO/IEC 9797-1 MAC algorithm 5) pads for itself.
    return aes_cmac(session_key, data)


def generate_ac(algorithm: Algorithm, session_key: bytes, data: bytes) -> bytes:
    """The 8-byte application cryptogram (ARQC, TC or AAC) over ``data``."""
    return _mac(algorithm, session_key, data)[:ARQC_LENGTH]


def ac_matches(algorithm: Algorithm, session_key: bytes, data: bytes, cryptogram: bytes) -> bool:
    """Whether ``cryptogram`` is the one this key makes over ``data`` (constant-time compare)."""
    return hmac.compare_digest(generate_ac(algorithm, session_key, data), cryptogram)


def _check_length(field: str, value: bytes, length: int) -> None:
    if len(value) != length:
        raise InvalidValue("emv.field_length", field=field, length=len(value), expected=length)


def arpc_method_1(session_key: bytes, arqc: bytes, arc: bytes) -> bytes:
    """ARPC method 1 (TDES): ENC(SK)[ARQC xor (ARC || 00 00 00 00 00 00)], 8 bytes."""
    check_key(session_key, "session_key")
    _check_length("arqc", arqc, ARQC_LENGTH)
    _check_length("arc", arc, ARC_LENGTH)
    return tdes_ecb_encrypt(session_key, xor(arqc, arc + bytes(ARQC_LENGTH - ARC_LENGTH)))


def arpc_method_2(
    algorithm: Algorithm, session_key: bytes, arqc: bytes, csu: bytes, proprietary: bytes = b""
) -> bytes:
    """ARPC method 2: MAC(SK)[ARQC || CSU || proprietary data], the leftmost 4 bytes."""
    _check_length("arqc", arqc, ARQC_LENGTH)
    _check_length("csu", csu, CSU_LENGTH)
    if len(proprietary) > 8:
        raise InvalidValue("emv.field_length", field="proprietary", length=len(proprietary), expected="0-8")
    return _mac(algorithm, session_key, arqc + csu + proprietary)[:METHOD_2_ARPC_LENGTH]
