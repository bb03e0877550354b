"""Appeal figures for a governorate (or any group): how many, how they ended, how long they took."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from unicard.domain.appeals.appeal import AppealStatus

_DAY = 86_400


@dataclass(frozen=True, slots=True)
class AppealTimes:
    status: AppealStatus
    opened_at: dt.datetime
    decided_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class AppealFigures:
    opened: int  # every appeal opened, whatever became of it
    pending: int  # opened or under review
    upheld: int
    rejected: int
    withdrawn: int
    median_days_to_decision: float | None  # over upheld and rejected; None before the first

    @property
    def decided(self) -> int:
        return self.upheld + self.rejected

    @property
    def upheld_rate(self) -> float | None:
        """Upheld among the decided (withdrawn ones were never judged)."""
        return round(self.upheld / self.decided, 4) if self.decided else None


def figures(appeals: Iterable[AppealTimes]) -> AppealFigures:
    counts: Counter[AppealStatus] = Counter()
    days: list[float] = []
    for appeal in appeals:
        counts[appeal.status] += 1
        if appeal.status in (AppealStatus.UPHELD, AppealStatus.REJECTED) and appeal.decided_at:
            days.append((appeal.decided_at - appeal.opened_at).total_seconds() / _DAY)
    return AppealFigures(
        opened=sum(counts.values()),
        pending=counts[AppealStatus.OPENED] + counts[AppealStatus.UNDER_REVIEW],
        upheld=counts[AppealStatus.UPHELD],
        rejected=counts[AppealStatus.REJECTED],
        withdrawn=counts[AppealStatus.WITHDRAWN],
        median_days_to_decision=round(statistics.median(days), 1) if days else None,
    )
