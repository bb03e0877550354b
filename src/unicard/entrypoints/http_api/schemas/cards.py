"""Card batches, the pickup desk and card blocks as the API reads and writes them.

No answer carries a PAN: a card is its token and the last four digits.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from unicard.domain.cards.blocking import BlockReason
from unicard.domain.cards.production import BatchStatus, CardBatch
from unicard.entrypoints.http_api.schemas.common import RequestBody


class BatchProduction(RequestBody):
    governorate: str = Field(description="Two-digit governorate code, e.g. 03 for Port Said.")
    office_id: str = Field(description="The post office (a post_counter merchant, e.g. PST-03-000001).")
    limit: int | None = Field(None, ge=1, description="At most this many cards; default: everyone due one.")


class BatchOut(BaseModel):
    id: int
    governorate: str
    office_id: str
    status: BatchStatus
    card_count: int
    produced_at: dt.datetime
    pickup_from: dt.date | None
    pickup_until: dt.date | None

    @classmethod
    def of(cls, batch: CardBatch) -> BatchOut:
        return cls(
            id=batch.id,
            governorate=batch.governorate,
            office_id=batch.office_id,
            status=batch.status,
            card_count=batch.card_count,
            produced_at=batch.produced_at,
            pickup_from=batch.pickup_from,
            pickup_until=batch.pickup_until,
        )


class ArrivalOut(BatchOut):
    notified: int = Field(description="Cards whose holders were sent the pickup notice.")


class CardBlock(RequestBody):
    reason: BlockReason
    note: str = Field("", max_length=500, description="What the holder said (kept in the audit log).")


class Replacement(RequestBody):
    office_id: str | None = Field(None, description="Where to collect it; default: the old card's office.")


class PickupOut(BaseModel):
    token: str
    last4: str
    national_id: str
    status: str = Field(description="produced (on its way) or notified (at the office, holder told).")
    office_id: str
    batch_id: int
    batch_status: BatchStatus
    ready: bool = Field(description="True when the card is at the office and can be handed over.")


class PickupCheck(RequestBody):
    card_token: str = Field(max_length=32, description="The token of the card in the clerk's hand.")
    mobile: str = Field(max_length=20, description="The mobile the person says is registered to them.")


class PickupHandover(PickupCheck):
    code: str = Field(max_length=12, description="The one-time code the holder received by SMS.")
    fingerprint_ref: str = Field(
        max_length=256,
        description="The reader's reference (or SHA-256) of the enrolled template; never an image.",
    )
    pin: str = Field(
        max_length=12,
        description="The PIN the holder chose (4 to 6 digits); only its verification value is kept.",
    )
    pan: str = Field(
        max_length=19,
        description="The PAN read from the card in the desk's reader: the PIN is set for that card.",
    )


class PinUnlock(RequestBody):
    pan: str = Field(max_length=19, description="The PAN read from the card in the desk's reader.")


class PinUnlocked(BaseModel):
    unlocked: bool = Field(description="False when the PIN was not locked (nothing changed).")


class CodeSent(BaseModel):
    sent_to: str = Field(description="The registered mobile the code went to, masked.")


class CardOut(BaseModel):
    token: str
    last4: str
    status: str
    expires_on: dt.date
    sequence_number: int


class AppCardBlock(RequestBody):
    card_token: str | None = Field(
        None, max_length=32, description="Which card; default: every live card of mine."
    )
    reason: BlockReason = BlockReason.LOST


class BlockedOut(BaseModel):
    token: str
    last4: str
    status: str
