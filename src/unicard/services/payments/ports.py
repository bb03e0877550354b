"""What the engine needs from storage and from card security, as ports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from unicard.domain.cards.card import Card
from unicard.domain.cards.legacy import LegacyCard
from unicard.domain.entitlements.grants import Grant
from unicard.domain.entitlements.periods import Period
from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.payments.types import CardService, TransactionType
from unicard.domain.shared.money import Money
from unicard.services.payments.requests import Answer, AuthorizationRequest

if TYPE_CHECKING:  # the unit of work's protocol names these ports in turn
    from unicard.services.payments.unit_of_work import PaymentsUnitOfWork


@dataclass(frozen=True, slots=True)
class StoredTransaction:
    id: str
    terminal_id: str
    idempotency_key: str
    request_hash: str
    type: TransactionType
    channel: str
    answer: Answer
    created_at: dt.datetime
    card_token: str | None = None
    citizen_national_id: str | None = None
    household_number: str | None = None
    amount: int | None = None  # piasters
    loaves: int | None = None
    entry_id: str | None = None
    reverses: str | None = None


class TransactionLog(Protocol):
    def find(self, terminal_id: str, idempotency_key: str) -> StoredTransaction | None: ...
    def get(self, transaction_id: str) -> StoredTransaction | None: ...
    def record(self, transaction: StoredTransaction) -> None:
        """Fails with a Conflict if the terminal already used this idempotency key."""
        ...

    def reversal_of(self, transaction_id: str) -> StoredTransaction | None: ...
    def merchant_of(self, transaction_id: str) -> str | None: ...
    def spent_since(self, national_id: str, types: Sequence[TransactionType], since: dt.datetime) -> Money:
        """Approved, unreversed amounts of these types for this citizen since ``since``."""
        ...

    def history(
        self, *, national_id: str | None, household_number: str | None, before: str | None, limit: int
    ) -> Sequence[StoredTransaction]: ...


class LegacyCardStore(Protocol):
    def find(self, number: str) -> LegacyCard | None: ...
    def member_has_active_card_with(self, household_number: str, service: CardService) -> bool: ...


class CardStore(Protocol):
    def find_by_pan(self, pan: str) -> Card | None: ...
    def add(self, card: Card, pan: str, *, at: dt.datetime) -> None: ...
    def of_citizen(self, national_id: str) -> Sequence[Card]: ...


@dataclass(frozen=True, slots=True)
class HouseholdFacts:
    number: str
    governorate: str
    status: str
    ration_eligible: bool
    grocer_id: str | None


@dataclass(frozen=True, slots=True)
class PeriodRecord:
    period: Period
    members: int
    loaves_granted: int
    ration_granted: int
    points_granted: int
    policy_version: str
    closed: bool


@dataclass(frozen=True, slots=True)
class ItemDraws:
    """Units of ration items one redemption drew."""

    household_number: str
    period: Period
    transaction_id: str
    units: Mapping[str, int]


class EntitlementStore(Protocol):
    def household_of(self, national_id: str) -> HouseholdFacts | None: ...
    def household_and_period_of(
        self, national_id: str, period: Period
    ) -> tuple[HouseholdFacts | None, PeriodRecord | None]:
        """The citizen's household and its ``period``, that row locked as ``period(lock=True)``
        does; ``None`` for a period not opened yet (and for a household that is closed)."""
        ...

    def household(self, number: str, period: Period | None = None) -> HouseholdFacts | None:
        """With ``period``: ``ration_eligible`` as it stands for that period (a decision dated
        later does not change it yet)."""
        ...

    def members_at(self, household_number: str, instant: dt.datetime) -> int: ...
    def head_contact(self, household_number: str) -> tuple[str, str | None] | None:
        """The head's national ID and mobile (E.164, if any); ``None`` for a household without one."""
        ...

    def period(self, household_number: str, period: Period, *, lock: bool = False) -> PeriodRecord | None:
        """``lock``: hold the row until commit, so one household draws one request at a time."""
        ...

    def open_periods(self, household_number: str) -> Sequence[PeriodRecord]: ...
    def items_drawn(self, household_number: str, period: Period) -> Mapping[str, int]:
        """Units of each ration item the household bought in ``period``, reversals netted."""
        ...

    def record_item_draws(
        self, household_number: str, period: Period, transaction_id: str, units: Mapping[str, int]
    ) -> None: ...
    def reverse_item_draws(self, original_transaction_id: str, reversal_id: str) -> None:
        """Net out what a reversed redemption drew (nothing, for any other transaction)."""
        ...

    def open(self, household_number: str, grant: Grant, points: int, *, at: dt.datetime) -> bool:
        """Record the period as granted; False if another request granted it first."""
        ...

    def close(self, household_number: str, period: Period, *, at: dt.datetime) -> None: ...
    def open_before(self, period: Period, *, after: str | None, limit: int) -> Sequence[str]:
        """Numbers of households with a month open before ``period``, in order, after ``after``."""
        ...

    def count_open_before(self, period: Period) -> int: ...


class CardholderVerifier(Protocol):
    """The seam for card security (cryptogram, PIN, fingerprint): raises Declined to refuse.

    ``verify`` runs inside the request's unit of work (its state changes commit with an
    approval); ``settle`` runs in the unit of work that records a decline, so what must outlive
    a decline (the ATC of a genuine cryptogram, a wrong PIN's count) is kept all the same.
    ``issuer_authentication`` is what the answer carries back to the card (EMV tag 91), if any.
    """

    def verify(self, uow: PaymentsUnitOfWork, card: Card, request: AuthorizationRequest) -> None: ...
    def settle(self, uow: PaymentsUnitOfWork, card: Card | None, request: AuthorizationRequest) -> None: ...
    def issuer_authentication(
        self, card: Card, request: AuthorizationRequest, response: ResponseCode
    ) -> bytes | None: ...


class NoCardholderVerification:
    """Card authentication switched off (``UNICARD_CARD_AUTHENTICATION=off``): the card alone."""

    def verify(self, uow: PaymentsUnitOfWork, card: Card, request: AuthorizationRequest) -> None:  # noqa: ARG002 - the port's signature
        return None

    def settle(self, uow: PaymentsUnitOfWork, card: Card | None, request: AuthorizationRequest) -> None:  # noqa: ARG002 - the port's signature
        return None

    def issuer_authentication(
        self,
        card: Card,  # noqa: ARG002 - the port's signature
        request: AuthorizationRequest,  # noqa: ARG002
        response: ResponseCode,  # noqa: ARG002
    ) -> bytes | None:
        return None


@dataclass(frozen=True, slots=True)
class TerminalIdentity:
    """An authenticated terminal and what the engine needs to know of its merchant."""

    terminal_id: str
    merchant_id: str
    merchant_kind: str
    governorate: str
    merchant_name_ar: str = ""
    merchant_name_en: str | None = None


class TerminalGate(Protocol):
    def authenticate(self, terminal_id: str, secret: str) -> TerminalIdentity:
        """Raise a DomainError (mapped to 401 by the HTTP layer) for unknown or refused terminals."""
        ...

    def known(self, terminal_id: str, secret: str) -> TerminalIdentity | None:
        """:meth:`authenticate` from what is in memory, without waiting on anything; None when
        the terminal's credentials would have to be read first."""
        ...

    def accepts(self, identity: TerminalIdentity, transaction: TransactionType) -> bool: ...
