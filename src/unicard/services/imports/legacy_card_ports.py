"""What the legacy ration card import needs: the staged file checked set-wise beside the registry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from unicard.services.imports.ports import Finding
from unicard.services.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class StagedLegacyCard:
    row: int
    household_number: str
    number: str
    token: str  # drawn when staged: what transactions will record for this card


class LegacyCardStaging(Protocol):
    def stage(self, batch: Sequence[StagedLegacyCard]) -> None: ...
    def repeated_numbers(self) -> Iterator[Finding]:
        """Rows whose card number an earlier row has; params: ``first_row``."""
        ...

    def unknown_households(self) -> Iterator[Finding]:
        """Rows naming a household that is not registered."""
        ...

    def closed_households(self) -> Iterator[Finding]:
        """Rows naming a closed household."""
        ...

    def numbers_taken(self) -> Iterator[Finding]:
        """Rows whose card number is registered to another household; params: ``household``."""
        ...

    def already_registered(self) -> int:
        """Rows whose card number is registered to the same household already."""
        ...

    def apply(self, *, by: str, at: dt.datetime) -> int:
        """Register the rows not registered yet; how many."""
        ...

    def close(self) -> None: ...


class LegacyCardImportUnitOfWork(UnitOfWork, Protocol):
    def legacy_card_staging(self) -> LegacyCardStaging: ...
