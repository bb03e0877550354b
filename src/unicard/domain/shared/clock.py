"""Time comes from an injected clock; business dates are in Africa/Cairo."""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo

CAIRO = ZoneInfo("Africa/Cairo")


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """A timezone-aware instant."""
        ...


def cairo_date(instant: dt.datetime) -> dt.date:
    """The business day of an instant: Cairo's calendar, whatever the server's timezone."""
    return instant.astimezone(CAIRO).date()


def age_on(birth_date: dt.date, day: dt.date) -> int:
    years = day.year - birth_date.year
    return years - ((day.month, day.day) < (birth_date.month, birth_date.day))
