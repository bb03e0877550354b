"""What can be wrong with a file: the whole of it (:class:`UnreadableFile`) or some of its rows."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from unicard.domain.shared.errors import DomainError, InvalidValue

#: More errors than this are counted but not listed: a file that is wrong on every one of its
#: million rows needs fixing at the source, not a million-line report.
ERROR_LIST_LIMIT = 10_000


class UnreadableFile(InvalidValue):
    """The file cannot be read as the expected CSV at all (encoding, separator, header)."""


@dataclass(frozen=True, slots=True)
class RowError:
    """One reason a row was refused; ``code`` and ``params`` are worded by the locale catalog."""

    row: int
    column: str
    value: str
    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    @classmethod
    def from_domain(cls, row: int, column: str, value: str, error: DomainError) -> RowError:
        return cls(row, column, value, error.code, dict(error.params))


class ErrorLog:
    """Every error is counted; the ``limit`` with the lowest row numbers are kept for the report."""

    def __init__(self, limit: int = ERROR_LIST_LIMIT) -> None:
        self.limit = limit
        self.total = 0
        # A max-heap on row number (negated), so the highest row is the one dropped when full.
        self._heap: list[tuple[int, int, RowError]] = []
        self._order = itertools.count()

    def add(self, error: RowError) -> None:
        self.total += 1
        entry = (-error.row, -next(self._order), error)
        if len(self._heap) < self.limit:
            heapq.heappush(self._heap, entry)
        elif entry > self._heap[0]:
            heapq.heapreplace(self._heap, entry)

    def extend(self, errors: Iterable[RowError]) -> None:
        for error in errors:
            self.add(error)

    @property
    def listed(self) -> list[RowError]:
        """The kept errors by row, in the order they were found within a row."""
        return [error for _, _, error in sorted(self._heap, key=lambda entry: (-entry[0], -entry[1]))]

    @property
    def omitted(self) -> int:
        return self.total - len(self._heap)

    def __bool__(self) -> bool:
        return self.total > 0
