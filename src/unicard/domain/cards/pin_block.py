"""ISO 9564-1 PIN blocks: format 0 (TDES terminals) and format 4 (AES terminals).

A terminal never sends a PIN: it sends a PIN block — the PIN laid out with its length and
bound to the card number — encrypted under its terminal PIN key (TPK). The host decrypts with
the same key, checks every nibble of the layout (a wrong key or a wrong format shows up as a
broken layout, and is refused as such), and hands the PIN digits to the verifier only.
"""

from __future__ import annotations

import enum

from unicard.domain.cards.emv.ciphers import (
    aes_ecb_decrypt,
    aes_ecb_encrypt,
    tdes_ecb_decrypt,
    tdes_ecb_encrypt,
    xor,
)
from unicard.domain.shared.errors import InvalidValue

MIN_PIN, MAX_PIN = 4, 12
FORMAT_4_FILL = 8  # random bytes ending a format 4 PIN field


class PinBlockFormat(enum.StrEnum):
    ISO_0 = "iso-0"  # 8 bytes, TDES
    ISO_4 = "iso-4"  # 16 bytes, AES

    @property
    def length(self) -> int:
        return 8 if self is PinBlockFormat.ISO_0 else 16


def _check_pin(pin: str) -> None:
    if not (pin.isascii() and pin.isdigit() and MIN_PIN <= len(pin) <= MAX_PIN):
        raise InvalidValue("pin.digits", field="pin", length=len(pin))


def _check_pan(pan: str) -> None:
    if not (pan.isascii() and pan.isdigit() and 12 <= len(pan) <= 19):
        raise InvalidValue("emv.pan", field="pan", length=len(pan))


def _bad_block(reason: str) -> InvalidValue:
    # Never the block or the PIN in the error: the reason names only what is malformed.
    return InvalidValue("pin.block_format", field="pin_block", reason=reason)


# -- format 0 ------------------------------------------------------------------------------


def _pan_field_0(pan: str) -> bytes:
    """0000 then the rightmost 12 PAN digits excluding the check digit (so 13 digits at least)."""
    _check_pan(pan)
    if len(pan) < 13:
        raise InvalidValue("emv.pan", field="pan", length=len(pan))
    return bytes.fromhex("0000" + pan[:-1][-12:])


def format_0(pin: str, pan: str) -> bytes:
    """The clear format 0 block: (0, N, PIN, F fill) xor the PAN field."""
    _check_pin(pin)
    pin_field = bytes.fromhex(f"0{len(pin):X}{pin}".ljust(16, "F"))
    return xor(pin_field, _pan_field_0(pan))


def read_format_0(block: bytes, pan: str) -> str:
    if len(block) != 8:
        raise _bad_block("length")
    nibbles = xor(block, _pan_field_0(pan)).hex().upper()
    if nibbles[0] != "0":
        raise _bad_block("control")
    length = int(nibbles[1], 16)
    if not MIN_PIN <= length <= MAX_PIN:
        raise _bad_block("pin_length")
    pin, fill = nibbles[2 : 2 + length], nibbles[2 + length :]
    if not pin.isdigit():
        raise _bad_block("pin_digits")
    if fill != "F" * len(fill):
        raise _bad_block("fill")
    return pin


# -- format 4 ------------------------------------------------------------------------------


def _pan_field_4(pan: str) -> bytes:
    """M (PAN length - 12), the PAN, zero padding: 16 bytes."""
    return bytes.fromhex((f"{len(pan) - 12}" + pan).ljust(32, "0"))


def _pin_field_4(pin: str, random_fill: bytes) -> bytes:
    if len(random_fill) != FORMAT_4_FILL:
        raise InvalidValue("emv.field_length", field="random_fill", length=len(random_fill), expected=8)
    return bytes.fromhex(f"4{len(pin):X}{pin}".ljust(16, "A")) + random_fill


def _read_pin_field_4(field: bytes) -> str:
    nibbles = field[:8].hex().upper()
    if nibbles[0] != "4":
        raise _bad_block("control")
    length = int(nibbles[1], 16)
    if not MIN_PIN <= length <= MAX_PIN:
        raise _bad_block("pin_length")
    pin, fill = nibbles[2 : 2 + length], nibbles[2 + length :]
    if not pin.isdigit():
        raise _bad_block("pin_digits")
    if fill != "A" * len(fill):
        raise _bad_block("fill")
    return pin


# -- under the terminal PIN key ------------------------------------------------------------


def encrypt_pin_block(
    block_format: PinBlockFormat, tpk: bytes, pin: str, pan: str, random_fill: bytes = b""
) -> bytes:
    """What a terminal sends: format 0 under TDES, or format 4 under AES (``random_fill`` is
    the 8 random bytes format 4 requires; the caller draws them)."""
    if block_format is PinBlockFormat.ISO_0:
        return tdes_ecb_encrypt(tpk, format_0(pin, pan))
    _check_pin(pin)
    _check_pan(pan)
    intermediate = aes_ecb_encrypt(tpk, _pin_field_4(pin, random_fill))
    return aes_ecb_encrypt(tpk, xor(intermediate, _pan_field_4(pan)))


def decrypt_pin_block(block_format: PinBlockFormat, tpk: bytes, encrypted: bytes, pan: str) -> str:
    """The PIN inside ``encrypted``; :class:`InvalidValue` ``pin.block_format`` if the block is
    not a well-formed block of that format for this card (wrong format, key or PAN)."""
    if len(encrypted) != block_format.length:
        raise _bad_block("length")
    if block_format is PinBlockFormat.ISO_0:
        return read_format_0(tdes_ecb_decrypt(tpk, encrypted), pan)
    _check_pan(pan)
    intermediate = xor(aes_ecb_decrypt(tpk, encrypted), _pan_field_4(pan))
    return _read_pin_field_4(aes_ecb_decrypt(tpk, intermediate))
