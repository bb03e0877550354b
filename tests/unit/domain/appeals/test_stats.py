"""Appeal figures: counts by outcome, the upheld rate among decided, the median days to decision."""

from __future__ import annotations

import datetime as dt

from unicard.domain.appeals import AppealStatus, AppealTimes, figures

DAY0 = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)


def times(status: AppealStatus, days: float | None = None) -> AppealTimes:
    return AppealTimes(status, DAY0, DAY0 + dt.timedelta(days=days) if days is not None else None)


def test_counts_rate_and_median() -> None:
    result = figures(
        [
            times(AppealStatus.UPHELD, 2),
            times(AppealStatus.REJECTED, 4),
            times(AppealStatus.UPHELD, 9),
            times(AppealStatus.WITHDRAWN, 1),
            times(AppealStatus.OPENED),
            times(AppealStatus.UNDER_REVIEW),
        ]
    )
    assert (result.opened, result.pending, result.decided, result.withdrawn) == (6, 2, 3, 1)
    assert result.upheld_rate == round(2 / 3, 4)
    assert result.median_days_to_decision == 4.0  # withdrawn appeals were never decided


def test_nothing_decided_has_no_rate_and_no_median() -> None:
    result = figures([times(AppealStatus.OPENED)])
    assert (result.upheld_rate, result.median_days_to_decision) == (None, None)
