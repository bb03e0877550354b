"""One feed row read: its national ID validated, each cell converted to its fact's base unit."""

from __future__ import annotations

import datetime as dt

from unicard.domain.eligibility.fact_values import DIED_ON, FeedColumn, parse_cell
from unicard.domain.shared.errors import DomainError, InvalidValue
from unicard.domain.shared.national_id import NationalId
from unicard.services.feeds.layout import NATIONAL_ID
from unicard.services.feeds.ports import StagedFeedRow
from unicard.services.imports.cells import optional_date
from unicard.services.imports.formats import Record
from unicard.services.imports.problems import RowError


def parse_feed_row(
    record: Record, columns: tuple[FeedColumn, ...], as_of: dt.date, today: dt.date
) -> tuple[StagedFeedRow | None, list[RowError]]:
    """The row for staging, or None and why not; an empty cell records nothing for that fact."""
    problems: list[RowError] = []
    national_id = _national_id(record, today, problems)
    values: list[tuple[str, int | None, str | None]] = []
    for column in columns:
        text = record.get(column.name)
        if not text.strip():
            continue
        try:
            parsed = parse_cell(column, text, as_of)
        except DomainError as error:
            problems.append(RowError.from_domain(record.number, column.name, text, error))
            continue
        fact = column.kind.key
        values.append((fact, parsed, None) if isinstance(parsed, int) else (fact, None, parsed))
    died_on = _died_on(record, as_of, problems)
    if national_id is None or problems:
        return None, problems
    return StagedFeedRow(record.number, national_id, tuple(values), died_on), problems


def _national_id(record: Record, today: dt.date, problems: list[RowError]) -> str | None:
    text = record.get(NATIONAL_ID)
    try:
        return NationalId.parse(text, today=today).value
    except DomainError as error:
        problems.append(RowError.from_domain(record.number, NATIONAL_ID, text, error))
        return None


def _died_on(record: Record, as_of: dt.date, problems: list[RowError]) -> dt.date | None:
    if DIED_ON not in record.values:
        return None
    day = optional_date(record, DIED_ON, problems)
    if day is not None and day > as_of:
        error = InvalidValue("feeds.death_after_as_of", field=DIED_ON, value=day.isoformat(), as_of=as_of)
        problems.append(RowError.from_domain(record.number, DIED_ON, record.get(DIED_ON), error))
        return None
    return day
