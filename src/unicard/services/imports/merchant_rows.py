"""A row of ``merchants.csv``: one merchant, validated by the same rules as a registration."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from unicard.domain.merchants import (
    MAX_TERMINALS,
    Merchant,
    merchant_id,
    parse_governorate,
    parse_kind,
)
from unicard.domain.shared.errors import DomainError, InvalidValue
from unicard.services.imports.cells import row_error
from unicard.services.imports.formats import FileLayout, Record
from unicard.services.imports.merchant_ports import StagedMerchant
from unicard.services.imports.problems import RowError

T = TypeVar("T")

MERCHANTS = FileLayout(
    "merchants",
    ("id", "kind", "name_ar", "name_en", "governorate", "terminals"),
    frozenset({"kind", "name_ar", "governorate"}),
)
_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def parse_merchant(record: Record) -> tuple[StagedMerchant | None, list[RowError]]:
    """The row as a merchant ready to stage, or every problem found with it."""
    problems: list[RowError] = []
    kind = _attempt(record, problems, lambda: parse_kind(record.get("kind")))
    governorate = _attempt(record, problems, lambda: parse_governorate(record.get("governorate")))
    terminals = _attempt(record, problems, lambda: _terminals(record.get("terminals")))
    given = record.get("id").strip() or None
    if kind is None or governorate is None:
        return None, problems
    # Without an id the names are checked under a stand-in id of the right kind and governorate.
    stand_in = given or merchant_id(kind, governorate, 1)
    merchant = _attempt(
        record,
        problems,
        lambda: Merchant.create(
            id=stand_in,
            kind=kind,
            name_ar=record.get("name_ar"),
            governorate=governorate,
            name_en=record.get("name_en") or None,
        ),
    )
    if merchant is None or terminals is None:
        return None, problems
    staged = StagedMerchant(
        record.number,
        merchant.id if given else None,
        merchant.kind,
        merchant.name_ar,
        merchant.name_en,
        merchant.governorate,
        terminals,
    )
    return staged, problems


def _terminals(raw: str) -> int:
    text = raw.strip().translate(_TO_ASCII)
    if not text:
        return 0
    if not text.isdigit() or int(text) > MAX_TERMINALS:
        raise InvalidValue("import.terminals_count", field="terminals", value=raw, maximum=MAX_TERMINALS)
    return int(text)


def _attempt(record: Record, problems: list[RowError], parse: Callable[[], T]) -> T | None:
    try:
        return parse()
    except DomainError as error:
        problems.append(row_error(record, error))
        return None
