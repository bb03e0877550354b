"""What the import and export use cases need from the outside: files, progress, set-wise SQL.

The cut is where the work stops being one row at a time. A row is validated in Python by the
domain; a *file* is checked as a set (duplicates within it, conflicts with the registry) where
the rows are, in the database, so that a million rows never have to sit in Python's memory.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from unicard.domain.registry.citizen import Citizen
from unicard.domain.registry.household import Relation
from unicard.services.imports.formats import Record
from unicard.services.ports import ChangeNote, UnitOfWork

# -- files ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileFacts:
    """What identifies a file in the audit log, and a row count good enough for a progress bar."""

    name: str
    sha256: str
    approximate_rows: int


class RowSource(Protocol):
    """A file already checked to be readable, with a header naming the layout's columns."""

    @property
    def facts(self) -> FileFacts: ...
    @property
    def width(self) -> int:
        """How many columns the header names: every row must have as many cells."""
        ...

    def records(self) -> Iterator[Record]:
        """The data rows in order, read lazily; blank rows are skipped but still counted."""
        ...


class RowSink(Protocol):
    def write(self, cells: Sequence[str]) -> None: ...


# -- progress ---------------------------------------------------------------------------------


class Step(enum.StrEnum):
    READ = "read"
    CHECK = "check"
    APPLY = "apply"
    EXPORT = "export"


class Progress(Protocol):
    def begin(self, step: Step, total: int | None = None) -> None:
        """A new step starts; ``total`` is None when its length is unknown."""
        ...

    def advance(self, amount: int) -> None: ...


class NoProgress:
    def begin(self, step: Step, total: int | None = None) -> None:
        pass

    def advance(self, amount: int) -> None:
        pass


# -- staging and set-wise checks --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StagedCitizen:
    row: int
    citizen: Citizen
    mobile_text: str  # as the file writes it, so the error report quotes what the user typed


@dataclass(frozen=True, slots=True)
class StagedMember:
    row: int
    number: str
    governorate: str
    national_id: str
    relation: Relation
    grocer_id: str | None


@dataclass(frozen=True, slots=True)
class Finding:
    """A row a set-wise check found wrong: its value in the checked column and the particulars."""

    row: int
    value: str
    params: Mapping[str, object] = field(default_factory=dict)


class CitizenStaging(Protocol):
    """The citizens of one file, held beside the registry until the file is accepted or refused."""

    def stage(self, batch: Sequence[StagedCitizen]) -> None: ...
    def repeated_national_ids(self) -> Iterator[Finding]:
        """Rows whose national ID an earlier row has; params: ``first_row``."""
        ...

    def registered_differently(self) -> Iterator[Finding]:
        """Rows whose national ID is registered with other details; params: ``columns``."""
        ...

    def mobiles_taken(self) -> Iterator[Finding]:
        """Living rows whose mobile is the registered mobile of another living citizen."""
        ...

    def repeated_mobiles(self) -> Iterator[Finding]:
        """Living rows whose mobile an earlier living row of another citizen has; ``first_row``."""
        ...

    def apply(self, note: ChangeNote, progress: Progress) -> int:
        """Register every staged citizen not yet registered; how many were added."""
        ...

    def close(self) -> None: ...


class HouseholdStaging(Protocol):
    """The member rows of one file, and each household they make, beside the registry."""

    def stage(self, batch: Sequence[StagedMember]) -> None: ...
    def summarise(self) -> None:
        """Group the staged rows into households and compare each with the registry's."""
        ...

    def repeated_members(self, *, same_household: bool) -> Iterator[Finding]:
        """Rows naming a citizen an earlier row names; params: ``first_row``, ``number``."""
        ...

    def households_without_head(self) -> Iterator[Finding]:
        """First rows of households with no head that are not already registered just so."""
        ...

    def second_heads(self) -> Iterator[Finding]:
        """Head rows after a household's first head; params: ``first_row``, ``number``."""
        ...

    def unregistered_members(self) -> Iterator[Finding]: ...
    def deceased_members(self) -> Iterator[Finding]: ...
    def members_elsewhere(self) -> Iterator[Finding]:
        """Rows naming a member of another open household; params: ``number`` (that household)."""
        ...

    def governorate_disagreements(self) -> Iterator[Finding]:
        """Rows whose governorate is not their household's first row's; ``first_row``, ``governorate``."""
        ...

    def grocer_disagreements(self) -> Iterator[Finding]:
        """Rows naming another grocer than the household's first; ``first_row``, ``grocer_id``."""
        ...

    def unknown_grocers(self) -> Iterator[Finding]:
        """Rows naming a grocer that is not a registered grocer (merchant of kind grocer)."""
        ...

    def registered_differently(self) -> Iterator[Finding]:
        """First rows of households whose number is registered with other members or details."""
        ...

    def already_registered(self) -> int:
        """How many households of the file are registered exactly as the file has them."""
        ...

    def apply(self, note: ChangeNote, progress: Progress) -> tuple[int, int]:
        """Register the new households and their members; (households, members) added."""
        ...

    def close(self) -> None: ...


# -- exports ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CitizenRecord:
    national_id: str
    name_ar: str
    name_latin: str | None
    birth_date: dt.date
    sex: str
    residence_governorate: str
    mobile: str | None  # E.164
    deceased_on: dt.date | None


@dataclass(frozen=True, slots=True)
class MemberRecord:
    household_number: str
    governorate: str
    national_id: str
    relation: str
    grocer_id: str | None


class BulkRegistry(Protocol):
    """The registry worked on set-wise, inside the unit of work's transaction."""

    def citizen_staging(self) -> CitizenStaging: ...
    def household_staging(self) -> HouseholdStaging: ...
    def count_citizens(self) -> int: ...
    def citizens(self) -> Iterator[CitizenRecord]:
        """Every citizen, streamed."""
        ...

    def count_members(self) -> int: ...
    def members(self) -> Iterator[MemberRecord]:
        """Every current member of every open household, streamed household by household."""
        ...


class ImportUnitOfWork(UnitOfWork, Protocol):
    @property
    def bulk(self) -> BulkRegistry: ...
