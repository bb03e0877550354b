"""Card production batches: what a batch is, how it moves, and how its cards are numbered.

A batch is the cards of one governorate made for one post office. It is ``produced`` at the
bureau, ``dispatched`` to the office and ``at_office`` once the office has it; only then are its
holders told to come (the pickup notice) and only then can the desk hand a card over.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass

from unicard.domain.cards.card import CardStatus
from unicard.domain.payments.types import CardService
from unicard.domain.shared.errors import Conflict, InvalidValue
from unicard.domain.shared.pan import Pan

#: Statuses in which a citizen still has (or is about to have) a working card: no new one is made.
LIVE_STATUSES = frozenset({CardStatus.PRODUCED, CardStatus.NOTIFIED, CardStatus.ACTIVE})
_BIN = re.compile(r"^[0-9]{6,8}$")
#: PANs of production batches take account numbers from here up; lower ones are left to cards
#: registered by hand (tests) and the demo's "9…" numbers, so the ranges never meet.
FIRST_BATCH_ACCOUNT = 100_000_000


class BatchStatus(enum.StrEnum):
    PRODUCED = "produced"
    DISPATCHED = "dispatched"
    AT_OFFICE = "at_office"


_NEXT = {BatchStatus.PRODUCED: BatchStatus.DISPATCHED, BatchStatus.DISPATCHED: BatchStatus.AT_OFFICE}


@dataclass(frozen=True, slots=True)
class CardBatch:
    id: int
    governorate: str
    office_id: str
    status: BatchStatus
    card_count: int
    produced_at: dt.datetime
    pickup_from: dt.date | None = None
    pickup_until: dt.date | None = None

    def moved_to(self, status: BatchStatus) -> BatchStatus:
        """``status`` if the batch may move there now; a step skipped or repeated is refused."""
        if _NEXT.get(self.status) is not status:
            raise Conflict("batch.status", batch=self.id, status=self.status.value, wanted=status.value)
        return status


@dataclass(frozen=True, slots=True)
class CardSpec:
    """What the bureau personalises a card with (the PAN leaves only through the bureau port)."""

    token: str
    pan: Pan
    sequence_number: int
    expires_on: dt.date
    services: frozenset[CardService]
    national_id: str
    name_ar: str


def check_bin(bin_: str) -> str:
    if not _BIN.match(bin_):
        raise InvalidValue("batch.bin", field="bin", value=bin_)
    return bin_


def pan_for(bin_: str, account: int) -> Pan:
    """The PAN of the ``account``-th card of the issuer: BIN, account number, Luhn digit."""
    return Pan.issue(check_bin(bin_), str(account))


def expiry(produced_on: dt.date, validity_years: int) -> dt.date:
    """Valid through the last day of the month ``validity_years`` on, as card expiry dates are."""
    year, month = produced_on.year + validity_years, produced_on.month
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - dt.timedelta(days=1)


def check_limit(limit: int | None) -> int | None:
    if limit is not None and limit < 1:
        raise InvalidValue("batch.limit", field="limit", value=limit)
    return limit
