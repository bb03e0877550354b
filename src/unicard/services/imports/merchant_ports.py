"""What the merchant import needs from outside: the staged file checked set-wise, a place for secrets.

As for citizens and households, each row is validated in Python by the domain and the file as a
whole is checked where its rows are, in the database, beside the registered merchants.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from unicard.domain.merchants import MerchantKind, MerchantStatus
from unicard.services.imports.ports import Finding
from unicard.services.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class StagedMerchant:
    """A valid row. ``id`` is None when the file leaves it to be drawn."""

    row: int
    id: str | None
    kind: MerchantKind
    name_ar: str
    name_en: str | None
    governorate: str
    terminals: int


@dataclass(frozen=True, slots=True)
class PlannedMerchant:
    """A staged row once compared with the registry: which registered merchant it is, if any,
    and how many terminals that merchant has (retired ones aside) and has ever had."""

    staged: StagedMerchant
    registered_id: str | None
    registered_status: MerchantStatus | None
    terminals_in_use: int
    last_terminal_number: int


class MerchantStaging(Protocol):
    def stage(self, batch: Sequence[StagedMerchant]) -> None: ...
    def repeated_ids(self) -> Iterator[Finding]:
        """Rows whose id an earlier row has; params: ``first_row``."""
        ...

    def repeated_names(self) -> Iterator[Finding]:
        """Rows without an id whose kind, governorate and Arabic name another row has: a re-import
        could not tell them apart. Params: ``other_row``."""
        ...

    def resolve(self) -> None:
        """Match each row to the registered merchant it names: by id, else by kind, governorate
        and Arabic name."""
        ...

    def ambiguous_names(self) -> Iterator[Finding]:
        """Rows without an id that match several registered merchants; params: ``ids``."""
        ...

    def registered_differently(self) -> Iterator[Finding]:
        """Rows matching a merchant registered with other names; ``merchant_id``, ``columns``."""
        ...

    def closed_with_terminals(self) -> Iterator[Finding]:
        """Rows asking for more terminals for a closed merchant; params: ``merchant_id``."""
        ...

    def last_serials(self) -> Mapping[tuple[MerchantKind, str], int]:
        """Per kind and governorate, the highest serial registered or named in the file."""
        ...

    def plan(self) -> Iterator[Sequence[PlannedMerchant]]:
        """The rows in file order, a few thousand at a time (each batch read whole, so the
        caller may write between batches)."""
        ...

    def close(self) -> None: ...


class MerchantImportUnitOfWork(UnitOfWork, Protocol):
    def merchant_staging(self) -> MerchantStaging: ...


class SecretSink(Protocol):
    """Where the secrets of the terminals an import creates go, once."""

    def write(self, terminal_id: str, merchant_id: str, secret: str) -> None: ...
    def seal(self) -> None:
        """Make what was written durable; called just before the import commits."""
        ...
