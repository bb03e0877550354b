"""How many SMS parts a text costs, and where a sender must cut it.

An SMS carries 140 octets. Text that fits the GSM 03.38 7-bit alphabet packs 160 characters in
one message; anything else (all Arabic) goes as UCS-2, two octets per UTF-16 code unit, so 70.
A longer text travels as concatenated parts whose user-data header takes 6 octets of each part:
153 septets (GSM-7) or 67 code units (UCS-2) per part.

Two characters may not be cut in half between parts: a GSM-7 extension character (``€``, ``[``…)
is an escape septet plus one, and a character outside the Basic Multilingual Plane (an emoji) is
a UTF-16 surrogate pair. :func:`split` keeps them whole, so a text full of them can need one part
more than its length divided by the part size; :func:`measure` counts parts by that cut.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

# GSM 03.38 basic character set (the escape 0x1B left out: it is not a character of its own).
_GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Reached through the escape: two septets each.
_GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")


class SmsEncoding(enum.StrEnum):
    GSM7 = "gsm7"
    UCS2 = "ucs2"


@dataclass(frozen=True, slots=True)
class PartLimits:
    single: int  # units in a message sent whole
    concatenated: int  # units in each part of a longer one


LIMITS = {
    SmsEncoding.GSM7: PartLimits(single=160, concatenated=153),
    SmsEncoding.UCS2: PartLimits(single=70, concatenated=67),
}


@dataclass(frozen=True, slots=True)
class SmsLength:
    encoding: SmsEncoding
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    parts: int


def encoding_of(text: str) -> SmsEncoding:
    gsm7 = all(char in _GSM7_BASIC or char in _GSM7_EXTENSION for char in text)
    return SmsEncoding.GSM7 if gsm7 else SmsEncoding.UCS2


def units_of(char: str, encoding: SmsEncoding) -> int:
    if encoding is SmsEncoding.GSM7:
        return 2 if char in _GSM7_EXTENSION else 1
    return 2 if ord(char) > 0xFFFF else 1


def measure(text: str) -> SmsLength:
    encoding = encoding_of(text)
    units = sum(units_of(char, encoding) for char in text)
    return SmsLength(encoding, units, len(split(text)))


def split(text: str) -> tuple[str, ...]:
    """The parts ``text`` is sent as, none cutting a character in two; an empty text is one part."""
    encoding = encoding_of(text)
    limits = LIMITS[encoding]
    if sum(units_of(char, encoding) for char in text) <= limits.single:
        return (text,)
    parts: list[str] = []
    current: list[str] = []
    used = 0
    for char in text:
        size = units_of(char, encoding)
        if used + size > limits.concatenated:
            parts.append("".join(current))
            current, used = [], 0
        current.append(char)
        used += size
    parts.append("".join(current))
    return tuple(parts)
