"""Merchant and terminal ids: ``BKR-03-000123`` and ``T-BKR-03-000123-01``.

A merchant id is readable by whoever holds a receipt or a settlement file: the prefix says the
kind, the two digits the governorate (as in the national ID), then a six-digit serial per kind
and governorate. Fixed widths keep ids sortable as text, which the serial lookup relies on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unicard.domain.merchants.kinds import KIND_OF_PREFIX, MerchantKind
from unicard.domain.shared.errors import Conflict, InvalidValue
from unicard.domain.shared.governorates import RESIDENCE_CODES

MAX_SERIAL = 999_999
#: Two digits in the terminal id: a merchant has at most 99 terminals over its life.
MAX_TERMINALS = 99

_MERCHANT_ID = re.compile(r"^(?P<prefix>[A-Z]{3})-(?P<governorate>\d{2})-(?P<serial>\d{6})$")
_TERMINAL_ID = re.compile(r"^T-(?P<merchant>[A-Z]{3}-\d{2}-\d{6})-(?P<number>\d{2})$")


@dataclass(frozen=True, slots=True)
class MerchantIdParts:
    kind: MerchantKind
    governorate: str
    serial: int


def merchant_id(kind: MerchantKind, governorate: str, serial: int) -> str:
    if not 0 < serial <= MAX_SERIAL:
        raise Conflict("merchant.serial_exhausted", kind=kind.value, governorate=governorate)
    return f"{kind.prefix}-{governorate}-{serial:06d}"


def parse_merchant_id(raw: str) -> MerchantIdParts:
    """The kind, governorate and serial an id names; :class:`InvalidValue` if it is malformed."""
    value = raw.strip().upper()
    match = _MERCHANT_ID.match(value)
    if match is None:
        raise InvalidValue("merchant.id_format", field="id", value=raw)
    kind = KIND_OF_PREFIX.get(match["prefix"])
    if kind is None:
        raise InvalidValue("merchant.id_prefix", field="id", value=raw, prefix=match["prefix"])
    if match["governorate"] not in RESIDENCE_CODES:
        raise InvalidValue("merchant.id_governorate", field="id", value=raw, code=match["governorate"])
    serial = int(match["serial"])
    if serial == 0:
        raise InvalidValue("merchant.id_format", field="id", value=raw)
    return MerchantIdParts(kind, match["governorate"], serial)


def terminal_id(merchant: str, number: int) -> str:
    if not 0 < number <= MAX_TERMINALS:
        raise Conflict("terminal.number_exhausted", merchant_id=merchant, maximum=MAX_TERMINALS)
    return f"T-{merchant}-{number:02d}"


def parse_terminal_id(raw: str) -> tuple[str, int]:
    """The merchant id and the terminal's number within it."""
    match = _TERMINAL_ID.match(raw.strip().upper())
    try:
        if match is None or int(match["number"]) == 0:
            raise InvalidValue("terminal.id_format", field="terminal_id", value=raw)
        parse_merchant_id(match["merchant"])
    except InvalidValue:
        # Whatever is wrong inside it, the caller gave a terminal id: say so.
        raise InvalidValue("terminal.id_format", field="terminal_id", value=raw) from None
    return match["merchant"], int(match["number"])
