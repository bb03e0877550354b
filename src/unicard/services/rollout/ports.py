"""What the rollout use cases need from outside."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from unicard.domain.rollout import RolloutEntry, RolloutSchedule


class RolloutStore(Protocol):
    def schedule(self) -> RolloutSchedule:
        """The whole schedule; cheap (cached) — the engine asks on every card-present request."""
        ...

    def set(self, entry: RolloutEntry, *, changed_by: str, at: dt.datetime) -> None:
        """Add the entry, or move the date of the one for its governorate and service."""
        ...
