"""Fakes that remember, for unit tests of the use cases."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field

from unicard.domain.shared.clock import CAIRO
from unicard.services.notifications import SmsPermanentFailure, SmsTemporaryFailure


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


@dataclass
class FakeSmsGateway:
    """An SMS gateway that remembers: ``sent["+2010…"] == [texts]``, ``references`` in order.

    ``fail_next(3)`` makes the next three sends fail temporarily (``permanent=True``: for good);
    a failed send is not remembered as sent. Safe to share between dispatcher threads.
    """

    sent: dict[str, list[str]] = field(default_factory=dict)
    references: list[str] = field(default_factory=list)
    attempts: int = 0
    _failures: list[bool] = field(default_factory=list, repr=False)  # True: permanent
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def fail_next(self, count: int, *, permanent: bool = False) -> None:
        with self._lock:
            self._failures.extend([permanent] * count)

    def send(self, to_e164: str, text: str, *, reference: str) -> str:
        with self._lock:
            self.attempts += 1
            if self._failures:
                if self._failures.pop(0):
                    raise SmsPermanentFailure(f"fake: {to_e164} refused")
                raise SmsTemporaryFailure("fake: gateway unavailable")
            self.sent.setdefault(to_e164, []).append(text)
            self.references.append(reference)
            return f"fake-{len(self.references)}"

    @property
    def count(self) -> int:
        return len(self.references)
