"""What feed use cases, and the rules and appeals that read facts, need from the fact store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from unicard.domain.eligibility.fact_values import FactRecord, FactValue
from unicard.services.imports.ports import Finding
from unicard.services.ports import UnitOfWork


class FactStore(Protocol):
    def latest(
        self, national_ids: Iterable[str], facts: Iterable[str] | None = None
    ) -> dict[str, dict[str, FactValue]]:
        """national ID → fact key → latest value; citizens and facts without a value are absent."""
        ...

    def history(self, national_id: str, fact: str | None = None) -> list[FactRecord]:
        """Every value recorded, by fact then as-of date (oldest first)."""
        ...

    def correct_fact(
        self,
        national_id: str,
        fact: str,
        *,
        value: int | None = None,
        code: str | None = None,
        as_of: dt.date,
        source: str,
        note: str,
        recorded_at: dt.datetime,
    ) -> FactValue:
        """Set the latest value by hand (an appeal) and add it to the history with ``note``."""
        ...


class FactUnitOfWork(UnitOfWork, Protocol):
    @property
    def facts(self) -> FactStore: ...


# -- importing a feed file --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StagedFeedRow:
    """One data row: the citizen, the facts it gives (base units), and a date of death if any."""

    row: int
    national_id: str
    values: tuple[tuple[str, int | None, str | None], ...]  # (fact, value, code)
    died_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class StagedDeath:
    row: int
    national_id: str
    died_on: dt.date


@dataclass(frozen=True, slots=True)
class FeedFile:
    agency: str
    as_of: dt.date
    name: str
    sha256: str
    actor: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class Applied:
    import_id: int
    recorded: int  # values added to the history
    current: int  # of which became the latest value (the others were older than what is known)


class FeedStaging(Protocol):
    """The rows of one feed file, held beside the registry until the file is accepted or refused."""

    def stage(self, batch: Sequence[StagedFeedRow]) -> None: ...
    def repeated_national_ids(self) -> Iterator[Finding]:
        """Rows whose national ID an earlier row has; params: ``first_row``."""
        ...

    def unknown_citizens(self) -> Iterator[Finding]:
        """Rows whose national ID is not registered."""
        ...

    def deaths(self) -> Iterator[StagedDeath]:
        """The rows giving a date of death, in file order."""
        ...

    def apply(self, file: FeedFile, rows: int) -> Applied:
        """Record the file, add every value to the history, and make each the latest value of its
        fact unless a value as of a later date is already known."""
        ...

    def close(self) -> None: ...


class FeedImports(Protocol):
    def previous(self, sha256: str, agency: str, as_of: dt.date) -> int | None:
        """The id of the import of this very file for this agency and date, if it was imported."""
        ...

    def staging(self) -> FeedStaging: ...


class FeedImportUnitOfWork(UnitOfWork, Protocol):
    @property
    def feeds(self) -> FeedImports: ...
