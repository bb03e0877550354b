"""A citizen's in-app events as the API shows them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from unicard.domain.notifications import CitizenEvent


class CitizenEventOut(BaseModel):
    id: int = Field(description="Increasing; pass the last one seen as `after` (or Last-Event-ID) to resume.")
    kind: str = Field(description="The notification template, e.g. wallet_debit.", examples=["wallet_debit"])
    payload: dict[str, Any] = Field(
        description="`template`, its `params` as stored (money in piasters), and `text` in `ar` and `en`."
    )
    created_at: dt.datetime = Field(description="When the change it reports happened.")

    @classmethod
    def of(cls, event: CitizenEvent) -> CitizenEventOut:
        assert event.id is not None, "a stored event has an id"
        return cls(id=event.id, kind=event.kind, payload=dict(event.payload), created_at=event.created_at)
