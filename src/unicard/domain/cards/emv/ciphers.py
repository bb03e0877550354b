"""The block cipher primitives EMV builds on: DES/TDES and AES, ECB and CBC, CMAC, parity.

Triple DES lives in ``cryptography``'s *decrepit* module: it is obsolete for new designs but it is
what EMV cards in the field compute, so the host must too.
"""

from __future__ import annotations

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.cmac import CMAC

from unicard.domain.shared.errors import InvalidValue

DES_BLOCK = 8
AES_BLOCK = 16
_ZERO_IV_DES = bytes(DES_BLOCK)


def xor(left: bytes, right: bytes) -> bytes:
    if len(left) != len(right):
        raise ValueError("xor needs two strings of the same length")
    return bytes(a ^ b for a, b in zip(left, right, strict=True))


def _check_des_key(key: bytes) -> None:
    # 8 bytes is single DES (TDES with K1 = K2 = K3), 16 double length, 24 triple length.
    if len(key) not in (8, 16, 24):
        raise InvalidValue("emv.key_length", field="key", length=len(key), expected="8, 16 or 24")


def _check_blocks(data: bytes, block: int) -> None:
    if not data or len(data) % block:
        raise InvalidValue("emv.block_length", field="data", length=len(data), block=block)


def _tdes(key: bytes) -> TripleDES:
    """The cipher with a three-key schedule: K1 K1 K1 is single DES, K1 K2 K1 double length."""
    _check_des_key(key)
    if len(key) == 8:
        return TripleDES(key * 3)
    return TripleDES(key + key[:8] if len(key) == 16 else key)


def tdes_ecb_encrypt(key: bytes, data: bytes) -> bytes:
    _check_blocks(data, DES_BLOCK)
    encryptor = Cipher(_tdes(key), modes.ECB()).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def tdes_ecb_decrypt(key: bytes, data: bytes) -> bytes:
    _check_blocks(data, DES_BLOCK)
    decryptor = Cipher(_tdes(key), modes.ECB()).decryptor()
    return decryptor.update(data) + decryptor.finalize()


def tdes_cbc_encrypt(key: bytes, data: bytes, iv: bytes = _ZERO_IV_DES) -> bytes:
    _check_blocks(data, DES_BLOCK)
    encryptor = Cipher(_tdes(key), modes.CBC(iv)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def _check_aes_key(key: bytes) -> None:
    if len(key) not in (16, 24, 32):
        raise InvalidValue("emv.key_length", field="key", length=len(key), expected="16, 24 or 32")


def aes_ecb_encrypt(key: bytes, data: bytes) -> bytes:
    _check_aes_key(key)
    _check_blocks(data, AES_BLOCK)
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def aes_ecb_decrypt(key: bytes, data: bytes) -> bytes:
    _check_aes_key(key)
    _check_blocks(data, AES_BLOCK)
    decryptor = Cipher(algorithms.AES(key), modes.ECB()).decryptor()
    return decryptor.update(data) + decryptor.finalize()


def aes_cmac(key: bytes, data: bytes) -> bytes:
    """AES-CMAC (NIST SP 800-38B, ISO/IEC 9797-1 MAC algorithm 5): the full 16-byte tag."""
    _check_aes_key(key)
    mac = CMAC(algorithms.AES(key))
    mac.update(data)
    return mac.finalize()


def adjust_des_parity(key: bytes) -> bytes:
    """Set each byte's low bit so the byte has odd parity, as DES keys are written."""
    adjusted = bytearray()
    for byte in key:
        high_bits = byte & 0xFE
        adjusted.append(high_bits | (bin(high_bits).count("1") % 2 == 0))
    return bytes(adjusted)
