"""The layout of a feed file: ``national_id`` then facts of the file's agency, checked per column.

The reader only refuses a header it cannot use at all (a nameless or repeated column, no
``national_id``). A column that is not a fact of the agency is a row-1 error in the report,
naming the column, like any other wrong cell.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from unicard.domain.eligibility.fact_values import DIED_ON, columns_of, feed_column
from unicard.domain.eligibility.facts import Agency
from unicard.services.imports.formats import FileLayout
from unicard.services.imports.problems import RowError, UnreadableFile

NATIONAL_ID = "national_id"
HEADER_ROW = 1


class FeedLayout(FileLayout):
    """Any columns after ``national_id``; which of them the agency may send is checked later."""

    def check_header(self, names: Sequence[str]) -> None:
        unnamed = [str(position) for position, name in enumerate(names, start=1) if not name]
        if unnamed:
            raise UnreadableFile("import.unnamed_columns", positions=", ".join(unnamed))
        twice = sorted(name for name, count in Counter(names).items() if count > 1)
        if twice:
            raise UnreadableFile("import.duplicate_columns", columns=", ".join(twice))
        if NATIONAL_ID not in names:
            raise UnreadableFile("import.missing_columns", columns=NATIONAL_ID)


FEED = FeedLayout("feed", (NATIONAL_ID,), frozenset({NATIONAL_ID}))


def header_errors(columns: Sequence[str], agency: Agency) -> list[RowError]:
    """Row-1 errors for every column that is not a fact (or event) the agency reports."""
    allowed = columns_of(agency)
    errors = []
    seen: dict[str, str] = {}  # fact -> the column giving it
    for column in columns:
        found = feed_column(column)
        if column in allowed and found is not None and found.kind.key in seen:
            params = {"column": column, "other": seen[found.kind.key]}
            errors.append(RowError(HEADER_ROW, column, column, "feeds.fact_twice", params))
            continue
        if column == NATIONAL_ID or column in allowed:
            if found is not None:
                seen[found.kind.key] = column
            continue
        if feed_column(column) is not None or column == DIED_ON:
            params = {"column": column, "agency": agency.value, "facts": ", ".join(allowed)}
            errors.append(RowError(HEADER_ROW, column, column, "feeds.fact_of_other_agency", params))
        else:
            params = {"fact": column, "known": ", ".join(allowed)}
            errors.append(RowError(HEADER_ROW, column, column, "feeds.unknown_fact", params))
    if not errors and len(columns) < 2:
        params = {"agency": agency.value, "facts": ", ".join(allowed)}
        errors.append(RowError(HEADER_ROW, NATIONAL_ID, "", "feeds.no_fact_columns", params))
    return errors
