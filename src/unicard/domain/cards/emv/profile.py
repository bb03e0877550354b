"""The demo issuer's EMV profile end to end: from the issuer key and the card's data to the
ARQC it must have sent and the ARPC to send back (docs/cards/emv-profile.md)."""

from __future__ import annotations

from unicard.domain.cards.emv.cdol1 import Cdol1, CryptogramVersion
from unicard.domain.cards.emv.cryptogram import ac_matches, arpc_method_1, arpc_method_2, generate_ac
from unicard.domain.cards.emv.keys import Algorithm, derive_icc_master_key, derive_session_key

ALGORITHM_OF = {CryptogramVersion.TDES: Algorithm.TDES, CryptogramVersion.AES: Algorithm.AES}


def card_master_key(version: CryptogramVersion, issuer_key: bytes, pan: str, psn: str) -> bytes:
    return derive_icc_master_key(ALGORITHM_OF[version], issuer_key, pan, psn)


def session_key(version: CryptogramVersion, card_key: bytes, atc: int) -> bytes:
    return derive_session_key(ALGORITHM_OF[version], card_key, atc)


def card_arqc(card_key: bytes, data: Cdol1) -> bytes:
    """What a card holding ``card_key`` answers to the first GENERATE AC over ``data``."""
    key = session_key(data.version, card_key, data.atc)
    return generate_ac(ALGORITHM_OF[data.version], key, data.to_bytes())


def arqc_is_genuine(card_key: bytes, data: Cdol1, arqc: bytes) -> bool:
    key = session_key(data.version, card_key, data.atc)
    return ac_matches(ALGORITHM_OF[data.version], key, data.to_bytes(), arqc)


def card_status_update(approved: bool) -> bytes:
    """The CSU of ARPC method 2: byte 2 bit 8 set when the issuer approved."""
    return bytes([0x00, 0x80 if approved else 0x00, 0x00, 0x00])


def issuer_arpc(card_key: bytes, data: Cdol1, arqc: bytes, response_code: str) -> bytes:
    """The issuer's answer the card checks: method 1 (TDES, ARC = the ISO 8583 code in ASCII)
    or method 2 (AES, CSU saying approved or declined)."""
    key = session_key(data.version, card_key, data.atc)
    if data.version is CryptogramVersion.TDES:
        return arpc_method_1(key, arqc, response_code.encode("ascii"))
    return arpc_method_2(Algorithm.AES, key, arqc, card_status_update(response_code == "00"))
