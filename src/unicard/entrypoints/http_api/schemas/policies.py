"""Benefit policy versions as the API lists them; a version itself travels as its JSON document."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from unicard.services.ledger import PolicyRecord

#: A whole version as ``unicard.adapters.policy_files.policy_to_plain`` writes it: integer
#: piasters, ``YYYY-MM-DD`` dates, optional keys absent. ``GET /policies/{version}`` returns one
#: and ``POST /policies`` takes one, so a fetched version edited and sent back is a new version.
PolicyDocument = dict[str, Any]


class PolicyVersionOut(BaseModel):
    version: str = Field(description="What decisions record, e.g. 2024-06-01.1.")
    effective_from: dt.date = Field(description="The first Africa/Cairo business day it governs.")
    created_by: str = Field(description="The operator who added it (system: the shipped defaults).")
    created_at: dt.datetime
    in_force: bool = Field(description="Whether it governs today (Africa/Cairo).")

    @classmethod
    def of(cls, record: PolicyRecord, *, in_force: bool) -> PolicyVersionOut:
        return cls(
            version=record.version,
            effective_from=record.effective_from,
            created_by=record.created_by,
            created_at=record.created_at,
            in_force=in_force,
        )


class PolicyVersionList(BaseModel):
    items: list[PolicyVersionOut] = Field(description="Every version, by effective date.")
    in_force: str | None = Field(description="The version governing today; null before the first.")
