"""When to try a delivery again after the gateway said "not now".

Exponential back-off (30 s, 1 min, 2 min … capped at an hour) spreads retries over a gateway's
outage; jitter keeps a thousand messages queued by one outage from all coming back in the same
second. "Equal jitter": each wait is between half and all of its step, so a retry never comes
sooner than half the step, however the dice fall.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = 10  # about five hours of trying with the defaults, then the row is failed
    first_delay: dt.timedelta = dt.timedelta(seconds=30)
    max_delay: dt.timedelta = dt.timedelta(hours=1)

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.first_delay <= dt.timedelta(0) or self.max_delay < self.first_delay:
            raise ValueError(f"an unusable retry policy: {self}")

    def step(self, attempts: int) -> dt.timedelta:
        """The longest wait after the ``attempts``-th failed attempt (1 = the first)."""
        step = self.first_delay
        # Doubling stops at the cap: 2 ** attempts of a large count would overflow timedelta.
        for _ in range(attempts - 1):
            if step >= self.max_delay:
                break
            step *= 2
        return min(step, self.max_delay)

    def next_attempt(self, attempts: int, now: dt.datetime, jitter: float) -> dt.datetime | None:
        """When to try again after ``attempts`` failures, or None when they are used up.

        ``jitter`` is a random number in [0, 1), drawn by the caller so this stays pure.
        """
        if attempts >= self.max_attempts:
            return None
        step = self.step(attempts)
        return now + step / 2 + step / 2 * min(max(jitter, 0.0), 1.0)
