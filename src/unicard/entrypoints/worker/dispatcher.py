"""The notification dispatcher loop: deliver what is due, sleep a little, again — until told to stop.

Stopping is graceful: a stop request (SIGTERM, Ctrl-C) is honoured between rows, so the row in
hand is delivered and committed first. Any number of dispatchers may run at once on PostgreSQL
(each claims rows with SKIP LOCKED); on SQLite they take turns.

A failing database (a restart, a network cut) does not end the loop: the error is logged and the
next pass waits longer, up to a minute, until the database answers again.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

import structlog

from unicard.domain.notifications import RetryPolicy
from unicard.services.notifications import DispatchReport, SmsGateway, dispatch_due
from unicard.services.ports import Clock, UnitOfWorkFactory

log = structlog.get_logger("unicard.worker")

MAX_PAUSE_SECONDS = 60.0


class Stop(Protocol):
    """When to stop: a ``threading.Event`` (tests, threads) or a :class:`StopFlag` (signals)."""

    def is_set(self) -> bool: ...
    def wait(self, timeout: float) -> bool: ...


@dataclass
class Dispatcher:
    uow_factory: UnitOfWorkFactory
    gateway: SmsGateway
    clock: Clock
    batch: int = 100
    poll_seconds: float = 1.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    def run(self, stop: Stop, *, once: bool = False) -> DispatchReport:
        """Deliver until ``stop`` is set; with ``once``, until nothing is due. Returns the totals."""
        total, failures = DispatchReport(), 0
        log.info("worker.started", once=once, batch=self.batch)
        while not stop.is_set():
            try:
                report = self._pass(stop)
            except Exception:
                if once:
                    raise
                failures += 1
                log.exception("worker.pass_failed", retry_in_seconds=self._pause(failures))
                stop.wait(self._pause(failures))
                continue
            total, failures = total + report, 0
            if report.handled < self.batch:  # caught up: nothing more is due right now
                if once:
                    break
                stop.wait(self.poll_seconds)
        log.info("worker.stopped", on_request=stop.is_set(), **_counts(total))
        return total

    def _pass(self, stop: Stop) -> DispatchReport:
        report = dispatch_due(
            self.uow_factory,
            self.gateway,
            self.clock,
            batch=self.batch,
            retry=self.retry,
            should_stop=stop.is_set,
        )
        if report.handled:
            log.info("worker.delivered", **_counts(report))
        return report

    def _pause(self, failures: int) -> float:
        """Longer after each failed pass in a row: a database that is down is not hammered."""
        return min(self.poll_seconds * (1 << min(failures - 1, 20)), MAX_PAUSE_SECONDS)


def _counts(report: DispatchReport) -> dict[str, int]:
    return {"sent": report.sent, "retrying": report.retrying, "failed": report.failed}


class StopFlag:
    """A stop request that a signal handler can make safely.

    A handler runs on the main thread between two bytecodes, possibly while that thread holds a
    lock (a log line half written, a ``threading.Event``'s own lock); taking any lock in it can
    deadlock. So it only sets an attribute, and :meth:`wait` sleeps in short slices.
    """

    SLICE_SECONDS = 0.05

    def __init__(self) -> None:
        self.signal: signal.Signals | None = None

    def request(self, signum: int, _frame: object = None) -> None:
        self.signal = signal.Signals(signum)

    def is_set(self) -> bool:
        return self.signal is not None

    def wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not self.is_set() and (left := deadline - time.monotonic()) > 0:
            time.sleep(min(left, self.SLICE_SECONDS))
        return self.is_set()


@contextmanager
def stop_on_signals(*signals: signal.Signals) -> Iterator[StopFlag]:
    """A flag set by SIGTERM or SIGINT (or ``signals``); the previous handlers come back after."""
    stop = StopFlag()
    chosen = signals or (signal.SIGTERM, signal.SIGINT)
    previous = {signum: signal.signal(signum, stop.request) for signum in chosen}
    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
