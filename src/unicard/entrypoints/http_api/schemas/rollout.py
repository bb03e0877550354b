"""The rollout schedule as the admin API shows and changes it."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from unicard.domain.rollout import RolloutEntry


class RolloutEntryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Plain text, checked by the domain, so an unknown code gets its own clear message.
    governorate: str = Field(max_length=8, description="Two-digit governorate code, e.g. 03 (Port Said).")
    service: str = Field(max_length=16, description="payments, supply or health.")
    starts_on: dt.date = Field(description="The first Africa/Cairo day the service works there.")


class RolloutEntryOut(BaseModel):
    governorate: str
    service: str
    starts_on: dt.date
    started: bool = Field(description="Whether the day has come (Africa/Cairo).")

    @classmethod
    def of(cls, entry: RolloutEntry, today: dt.date) -> RolloutEntryOut:
        return cls(
            governorate=entry.governorate,
            service=entry.service.value,
            starts_on=entry.starts_on,
            started=entry.started(today),
        )


class RolloutScheduleOut(BaseModel):
    items: list[RolloutEntryOut] = Field(description="By governorate, then service.")
    today: dt.date = Field(description="The Africa/Cairo day the `started` flags are for.")
