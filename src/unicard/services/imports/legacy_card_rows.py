"""A row of ``legacy-cards.csv``: one legacy ration card and the household it draws for."""

from __future__ import annotations

import re
import secrets

from unicard.domain.cards.legacy import parse_legacy_number
from unicard.domain.shared.errors import DomainError, InvalidValue
from unicard.services.imports.cells import row_error
from unicard.services.imports.formats import FileLayout, Record
from unicard.services.imports.legacy_card_ports import StagedLegacyCard
from unicard.services.imports.problems import RowError

LEGACY_CARDS = FileLayout(
    "legacy-cards",
    ("household_number", "legacy_card_number"),
    frozenset({"household_number", "legacy_card_number"}),
)
_HOUSEHOLD_NUMBER = re.compile(r"^\d{6,16}$")
_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def parse_legacy_card(record: Record) -> tuple[StagedLegacyCard | None, list[RowError]]:
    """The row ready to stage, or every problem found with it."""
    problems: list[RowError] = []
    household = record.get("household_number").strip().translate(_TO_ASCII)
    if not _HOUSEHOLD_NUMBER.match(household):
        error = InvalidValue(
            "household.number", field="household_number", value=record.get("household_number")
        )
        problems.append(row_error(record, error))
    number = None
    try:
        number = parse_legacy_number(record.get("legacy_card_number"))
    except DomainError as error:
        problems.append(row_error(record, error))
    if problems or number is None:
        return None, problems
    return StagedLegacyCard(record.number, household, number, secrets.token_hex(16)), problems
