"""A row of ``households.csv``: one member of one household (ration-card family)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from unicard.domain.registry.household import Household
from unicard.domain.shared.errors import DomainError
from unicard.domain.shared.national_id import NationalId
from unicard.services.households import parse_relation
from unicard.services.imports.cells import row_error, text_cell
from unicard.services.imports.formats import Record
from unicard.services.imports.ports import MemberRecord, StagedMember
from unicard.services.imports.problems import RowError

T = TypeVar("T")

#: The domain names the household's number ``number``; the file calls it ``household_number``.
_COLUMNS = {"number": "household_number"}


def parse_member(record: Record, today: dt.date) -> tuple[StagedMember | None, list[RowError]]:
    """The row as a member ready to stage, or every problem found with it."""
    problems: list[RowError] = []
    household = _attempt(record, problems, lambda: _household(record))
    national_id = _attempt(record, problems, lambda: NationalId.parse(record.get("national_id"), today=today))
    relation = _attempt(record, problems, lambda: parse_relation(record.get("relation")))
    if household is None or national_id is None or relation is None:
        return None, problems
    grocer_id = record.get("grocer_id").strip() or None
    member = StagedMember(
        record.number, household.number, household.governorate, national_id.value, relation, grocer_id
    )
    return member, problems


def _household(record: Record) -> Household:
    # Validates the number and governorate exactly as registering a new household would.
    return Household.create(
        number=record.get("household_number"),
        governorate=record.get("governorate"),
        head=record.get("national_id"),
    )


def _attempt(record: Record, problems: list[RowError], parse: Callable[[], T]) -> T | None:
    try:
        return parse()
    except DomainError as error:
        problems.append(row_error(record, error, _COLUMNS))
        return None


def member_cells(record: MemberRecord) -> list[str]:
    """The row an export writes, in the order of :data:`formats.HOUSEHOLDS`."""
    return [
        record.household_number,
        record.governorate,
        record.national_id,
        record.relation,
        text_cell(record.grocer_id),
    ]
