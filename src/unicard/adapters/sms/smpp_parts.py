"""What an SMPP ``submit_sm`` carries for a text: its data coding, and one short message per part.

The cut into parts is the domain's (:func:`unicard.domain.notifications.split`: 160/153 GSM-7
septets, 70/67 UCS-2 code units, never a character cut in two). Here each part is encoded and,
when there are several, prefixed with the 6-octet concatenation header (UDH: IEI 0x00, 8-bit
reference, total, sequence) that a handset uses to put them back together; ``esm_class`` then
carries the UDH indicator.

GSM-7 goes out unpacked, one septet per octet (what SMPP's default alphabet, data coding 0x00,
means on the wire), an extension character as the escape 0x1B plus its code. Everything else
(all Arabic) goes as UCS-2, data coding 0x08, big-endian UTF-16.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from unicard.domain.notifications import SmsEncoding, measure, split

DATA_CODING = {SmsEncoding.GSM7: 0x00, SmsEncoding.UCS2: 0x08}
ESM_CLASS_DEFAULT = 0x00
ESM_CLASS_UDHI = 0x40  # the short message starts with a user data header


# GSM 03.38: the basic table by position, and the extension table behind the escape 0x1B.
_GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENSION = {
    "\f": 0x0A,
    "^": 0x14,
    "{": 0x28,
    "}": 0x29,
    "\\": 0x2F,
    "[": 0x3C,
    "~": 0x3D,
    "]": 0x3E,
    "|": 0x40,
    "€": 0x65,
}
_GSM7 = {char: bytes((code,)) for code, char in enumerate(_GSM7_BASIC) if char != "\x1b"} | {
    char: bytes((0x1B, code)) for char, code in _GSM7_EXTENSION.items()
}


@dataclass(frozen=True, slots=True)
class Part:
    data_coding: int
    esm_class: int
    short_message: bytes


def parts_of(text: str, *, reference: str) -> tuple[Part, ...]:
    """The submits ``text`` travels as. The concatenation reference is derived from ``reference``
    (the outbox id), so a resend after a crash, even from another process, carries the same one
    and its parts combine with any the handset already holds."""
    encoding = measure(text).encoding
    coding = DATA_CODING[encoding]
    pieces = split(text)
    if len(pieces) == 1:
        return (Part(coding, ESM_CLASS_DEFAULT, _encode(text, encoding)),)
    if len(pieces) > 255:
        raise ValueError(f"a text of {len(pieces)} parts cannot be concatenated (255 at most)")
    concat_ref = concatenation_reference(reference)
    return tuple(
        Part(coding, ESM_CLASS_UDHI, _udh(concat_ref, len(pieces), number) + _encode(piece, encoding))
        for number, piece in enumerate(pieces, start=1)
    )


def concatenation_reference(reference: str) -> int:
    return zlib.crc32(reference.encode()) & 0xFF


def _udh(concat_ref: int, total: int, number: int) -> bytes:
    return bytes((0x05, 0x00, 0x03, concat_ref, total, number))


def _encode(text: str, encoding: SmsEncoding) -> bytes:
    if encoding is SmsEncoding.GSM7:
        return b"".join(_GSM7[char] for char in text)
    return text.encode("utf-16-be")
