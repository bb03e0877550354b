"""Delivering due outbox rows: one row, one short transaction.

For each row: claim it (locked; another dispatcher skips it), deliver it, record the outcome,
commit. A row is marked sent only after the gateway accepted it, in the transaction that
claimed it. So delivery is *at least once*: a crash after the gateway accepted a message but
before that commit leaves the row pending, and it is sent again, with the same ``reference``
(the outbox id), which an SMSC adapter can use to drop the repeat. The app channel has no such
window: the event is written in the same transaction that marks the row sent, and its unique
``outbox_id`` refuses a second copy.

On PostgreSQL the claim is ``SELECT … FOR UPDATE SKIP LOCKED``, so dispatchers work side by
side. On SQLite every write transaction holds the database's one write lock, which serialises
dispatchers — and business writes — for the length of one gateway call: fine for the embedded
default and its console gateway, a reason to run production on PostgreSQL.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from unicard.domain.notifications import Delivery, RetryPolicy
from unicard.services.notifications.delivery import Outcome, deliver
from unicard.services.notifications.ports import SmsGateway
from unicard.services.ports import Clock, UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class DispatchReport:
    sent: int = 0
    retrying: int = 0  # failed for now, scheduled again
    failed: int = 0  # given up on

    @property
    def handled(self) -> int:
        return self.sent + self.retrying + self.failed

    def __add__(self, other: DispatchReport) -> DispatchReport:
        return DispatchReport(
            self.sent + other.sent, self.retrying + other.retrying, self.failed + other.failed
        )


def dispatch_due(
    uow_factory: UnitOfWorkFactory,
    gateway: SmsGateway,
    clock: Clock,
    *,
    batch: int = 100,
    retry: RetryPolicy = RetryPolicy(),  # noqa: B008 (frozen, so one shared default is safe)
    jitter: Callable[[], float] = random.random,
    should_stop: Callable[[], bool] = lambda: False,
) -> DispatchReport:
    """Deliver up to ``batch`` rows due now, each in its own transaction; stops early when none
    is left or ``should_stop()`` says so (checked between rows: a stop never cuts one short)."""
    report = DispatchReport()
    while report.handled < batch and not should_stop():
        outcome = _dispatch_one(uow_factory(), gateway, clock, retry, jitter)
        if outcome is None:
            break
        report += outcome
    return report


def _dispatch_one(
    uow: UnitOfWork, gateway: SmsGateway, clock: Clock, retry: RetryPolicy, jitter: Callable[[], float]
) -> DispatchReport | None:
    with uow:
        delivery = uow.outbox.claim_next(clock.now())
        if delivery is None:
            return None
        outcome = deliver(uow, gateway, delivery)
        report = _record(uow, delivery, outcome, clock, retry, jitter())
        uow.commit()
    return report


def _record(
    uow: UnitOfWork,
    delivery: Delivery,
    outcome: Outcome,
    clock: Clock,
    retry: RetryPolicy,
    jitter: float,
) -> DispatchReport:
    now = clock.now()
    if outcome.accepted:
        uow.outbox.mark_sent(delivery.id, at=now, provider_ref=outcome.provider_ref)
        return DispatchReport(sent=1)
    error = outcome.error or "unknown"
    next_at = retry.next_attempt(delivery.attempts + 1, now, jitter) if outcome.temporary else None
    if next_at is None:
        uow.outbox.mark_failed(delivery.id, error=error)
        return DispatchReport(failed=1)
    uow.outbox.reschedule(delivery.id, next_attempt_at=next_at, error=error)
    return DispatchReport(retrying=1)
