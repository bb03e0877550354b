"""Fakes that remember, for unit tests of the use cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from unicard.domain.shared.clock import CAIRO


@dataclass
class FixedClock:
    """A clock that stands still until told to move."""

    instant: dt.datetime = field(default_factory=lambda: dt.datetime(2026, 11, 22, 9, 0, tzinfo=CAIRO))

    def now(self) -> dt.datetime:
        return self.instant

    def advance(self, delta: dt.timedelta) -> None:
        self.instant += delta


class FastPasswordHasher:
    """Argon2 is slow by design; tests that sign in many times use this (never in production)."""

    def hash(self, password: str) -> str:
        return "plain$" + password[::-1]

    def verify(self, password_hash: str, password: str) -> bool:
        return password_hash == self.hash(password)

    def needs_rehash(self, password_hash: str) -> bool:
        return False
