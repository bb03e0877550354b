"""The ports: what the use cases need from the outside world, and nothing about how it is done.

Adapters in ``unicard.adapters`` implement these; tests use the fakes in ``tests/fakes.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self

from unicard.domain.audit.chain import REGISTRY_CHAIN, AuditEvent, AuditRecord, ChainEnd
from unicard.domain.operators.operator import Operator
from unicard.domain.registry.citizen import Citizen
from unicard.domain.registry.household import Household
from unicard.services.merchant_ports import MerchantRepository

if TYPE_CHECKING:  # annotations only: the notifications package imports this module in turn
    from unicard.services.notifications.ports import CitizenEvents, Outbox
if TYPE_CHECKING:  # annotations only: these modules' use cases take a UnitOfWork
    from unicard.services.ledger import LedgerStore, PolicyStore


@dataclass(frozen=True, slots=True)
class ChangeNote:
    """Who changed a record, when and why: kept with every version."""

    actor: str
    at: dt.datetime
    reason: str


@dataclass(frozen=True, slots=True)
class CitizenQuery:
    national_id: str | None = None
    mobile: str | None = None  # E.164
    name: str | None = None  # Arabic or Latin, matched as a prefix of any name part
    governorates: frozenset[str] | None = None  # None = every governorate
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True, slots=True)
class CitizenVersion:
    version: int
    snapshot: dict[str, object]
    note: ChangeNote


class CitizenRepository(Protocol):
    def get(self, national_id: str) -> Citizen | None: ...
    def get_many(self, national_ids: Sequence[str]) -> dict[str, Citizen]:
        """The citizens of these IDs that exist (at most a few thousand at a time)."""
        ...

    def add(self, citizen: Citizen, note: ChangeNote) -> None: ...
    def update(self, before: Citizen, after: Citizen, note: ChangeNote) -> None:
        """Store ``after``; ``before`` becomes history. Fails if someone else changed it meanwhile."""
        ...

    def living_holder_of_mobile(self, e164: str) -> str | None: ...
    def search(self, query: CitizenQuery) -> Sequence[Citizen]: ...
    def history(self, national_id: str) -> Sequence[CitizenVersion]: ...


class HouseholdRepository(Protocol):
    def get(self, number: str) -> Household | None: ...
    def add(self, household: Household, note: ChangeNote) -> None: ...
    def update(self, before: Household, after: Household, note: ChangeNote) -> None: ...
    def number_of_active_member(self, national_id: str) -> str | None:
        """The open household this citizen belongs to, if any."""
        ...


class OperatorRepository(Protocol):
    def get(self, username: str) -> Operator | None: ...
    def password_hash(self, username: str) -> str | None: ...
    def add(self, operator: Operator, password_hash: str) -> Operator: ...
    def set_password_hash(self, username: str, password_hash: str) -> None: ...


class AuditLog(Protocol):
    def append(self, event: AuditEvent, chain: str = REGISTRY_CHAIN) -> AuditRecord: ...
    def records(self) -> Iterator[AuditRecord]:
        """Every record, ordered by chain then sequence number."""
        ...

    def ends(self) -> Sequence[ChainEnd]:
        """Each chain's last sequence number and hash, as recorded beside the chains."""
        ...


class UnitOfWork(Protocol):
    """One atomic business transaction: everything inside commits together or not at all."""

    # Read-only properties, not attributes: a protocol attribute is invariant, so an adapter's
    # ``citizens: SqlCitizenRepository`` would not satisfy ``citizens: CitizenRepository``.
    @property
    def citizens(self) -> CitizenRepository: ...
    @property
    def households(self) -> HouseholdRepository: ...
    @property
    def operators(self) -> OperatorRepository: ...
    @property
    def audit(self) -> AuditLog: ...
    @property
    def ledger(self) -> LedgerStore: ...
    @property
    def policies(self) -> PolicyStore: ...
    @property
    def merchants(self) -> MerchantRepository: ...
    @property
    def outbox(self) -> Outbox: ...
    @property
    def citizen_events(self) -> CitizenEvents: ...

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class Clock(Protocol):
    def now(self) -> dt.datetime: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...
    def verify(self, password_hash: str, password: str) -> bool: ...
    def needs_rehash(self, password_hash: str) -> bool: ...
