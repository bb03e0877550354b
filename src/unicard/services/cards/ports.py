"""What card production, the pickup desk and blocking need from the outside world."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from unicard.domain.cards.card import Card, CardStatus
from unicard.domain.cards.production import BatchStatus, CardBatch, CardSpec
from unicard.domain.notifications.params import Stored
from unicard.services.cards.security.ports import CardSecurityStore
from unicard.services.ledger import PolicyStore
from unicard.services.payments.ports import CardStore
from unicard.services.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class Holder:
    """A citizen a card is to be made for; ``cards_had`` numbers the new card (its PSN)."""

    national_id: str
    name_ar: str
    cards_had: int


@dataclass(frozen=True, slots=True)
class NewBatch:
    governorate: str
    office_id: str
    card_count: int
    produced_by: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class Issuance:
    """Where a produced card came from and where it waits."""

    card_token: str
    batch_id: int
    office_id: str
    governorate: str
    batch_status: BatchStatus
    replaces_token: str | None
    handed_over_at: dt.datetime | None


class CardBatchStore(Protocol):
    def lock_sequence(self, bin_: str) -> int: ...
    def advance_sequence(self, bin_: str, next_account: int) -> None: ...
    def holders_without_card(
        self, governorate: str, born_by: dt.date, limit: int | None
    ) -> Sequence[Holder]: ...
    def add_batch(self, batch: NewBatch) -> int: ...
    def add_cards(
        self, batch_id: int, specs: Iterable[CardSpec], at: dt.datetime, replaces: str | None = None
    ) -> None: ...
    def get(self, batch_id: int) -> CardBatch | None: ...
    def mark_dispatched(self, batch_id: int, at: dt.datetime) -> None: ...
    def mark_arrived(self, batch_id: int, at: dt.datetime, opens: dt.date, closes: dt.date) -> None: ...
    def queue_pickup_notices(
        self, batch_id: int, template: str, params: Mapping[str, Stored], at: dt.datetime
    ) -> int: ...
    def card(self, token: str) -> Card | None: ...
    def issuance(self, token: str) -> Issuance | None: ...
    def set_status(self, token: str, status: CardStatus, at: dt.datetime) -> None: ...
    def record_handover(self, token: str, *, fingerprint_ref: str, at: dt.datetime, by: str) -> None: ...
    def record_block(self, token: str, *, reason: str, at: dt.datetime, by: str) -> None: ...


class CardIssuanceUnitOfWork(UnitOfWork, Protocol):
    @property
    def cards(self) -> CardStore: ...
    @property
    def card_batches(self) -> CardBatchStore: ...
    @property
    def policies(self) -> PolicyStore: ...
    @property
    def card_security(self) -> CardSecurityStore: ...


class CardIssuanceUnitOfWorkFactory(Protocol):
    def __call__(self) -> CardIssuanceUnitOfWork: ...


class PersonalisationBureau(Protocol):
    """Where a produced batch's card data goes to be put on cards (the only way a PAN leaves).

    The EMV work plugs in here: deriving each card's keys from the issuer master keys needs the
    PAN and PSN, and the bureau needs them to personalise the chip.
    """

    def personalise(self, batch_id: int, cards: Sequence[CardSpec]) -> None: ...
