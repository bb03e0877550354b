"""What the rollout use cases need from outside."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from unicard.domain.notifications.params import Stored
from unicard.domain.rollout import RolloutEntry, RolloutSchedule


class RolloutStore(Protocol):
    def schedule(self) -> RolloutSchedule:
        """The whole schedule; cheap (cached) — the engine asks on every card-present request."""
        ...

    def set(self, entry: RolloutEntry, *, changed_by: str, at: dt.datetime) -> None:
        """Add the entry, or move the date of the one for its governorate and service."""
        ...


@dataclass(frozen=True, slots=True)
class Queued:
    """Notices one switch-on queued: SMS rows, app rows (rows already queued are not counted)."""

    sms: int
    app: int


class SwitchOnNotices(Protocol):
    def queue(
        self, entry: RolloutEntry, template_id: str, params: Mapping[str, Stored], *, at: dt.datetime
    ) -> Queued:
        """For every living citizen of ``entry.governorate`` holding an active card that carries
        ``entry.service``: an SMS (if a mobile is registered) and an app notice, each under the
        dedupe key ``rollout:<service>:<national_id>:<channel>`` — so at most once per citizen and
        service, however often this runs. Set-based, not a loop per citizen."""
        ...
