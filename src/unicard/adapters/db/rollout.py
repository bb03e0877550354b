"""The rollout schedule in SQL, cached per engine: every card-present request consults it.

The schedule is a few dozen rows that change a handful of times a year, so the parsed schedule
is kept per engine (per process) the way policies are (see :mod:`.policies`): a change committed
through this process drops the cached copy at once (:func:`forget_cached_schedule`); a change
committed by another process is seen within :data:`RECHECK_S` seconds, when a one-row aggregate
(row count and the sum of the rows' revisions, which every change raises) shows it.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import weakref
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from unicard.adapters.db.tables_rollout import rollout_schedule
from unicard.domain.payments.types import CardService
from unicard.domain.rollout import RolloutEntry, RolloutSchedule

_STAMP = select(func.count(), func.coalesce(func.sum(rollout_schedule.c.revision), 0)).select_from(
    rollout_schedule
)
_ROWS = select(rollout_schedule.c.governorate, rollout_schedule.c.service, rollout_schedule.c.starts_on)

#: Seconds a cached schedule is served without asking the database whether it changed.
RECHECK_S = 5.0

_cache: weakref.WeakKeyDictionary[Engine, tuple[tuple[Any, ...], RolloutSchedule, float]] = (
    weakref.WeakKeyDictionary()
)
_cache_lock = threading.Lock()


def forget_cached_schedule(engine: Engine) -> None:
    """After this process committed a change: the next ``schedule()`` reads the table."""
    with _cache_lock:
        _cache.pop(engine, None)


class SqlRolloutStore:
    def __init__(self, connection: Connection) -> None:
        self._db = connection
        self._changed = False

    @property
    def changed(self) -> bool:
        """Whether this transaction changed the schedule (its commit must drop the cached copy)."""
        return self._changed

    def schedule(self) -> RolloutSchedule:
        engine = self._db.engine
        with _cache_lock:
            cached = _cache.get(engine)
        if cached is not None and not self._changed and time.monotonic() - cached[2] < RECHECK_S:
            return cached[1]
        checked = time.monotonic()
        stamp = tuple(self._db.execute(_STAMP).one())
        if cached is not None and cached[0] == stamp and not self._changed:
            schedule = cached[1]
        else:
            schedule = RolloutSchedule.of(
                RolloutEntry(row.governorate, CardService(row.service), row.starts_on)
                for row in self._db.execute(_ROWS)
            )
        if not self._changed:  # an uncommitted change must not reach other transactions
            with _cache_lock:
                _cache[engine] = (stamp, schedule, checked)
        return schedule

    def set(self, entry: RolloutEntry, *, changed_by: str, at: dt.datetime) -> None:
        self._changed = True
        key = (
            rollout_schedule.c.governorate == entry.governorate,
            rollout_schedule.c.service == entry.service.value,
        )
        updated = self._db.execute(
            update(rollout_schedule)
            .where(*key)
            .values(
                starts_on=entry.starts_on,
                revision=rollout_schedule.c.revision + 1,
                changed_by=changed_by,
                changed_at=at,
            )
            .returning(rollout_schedule.c.revision)
        ).first()
        if updated is None:
            self._db.execute(
                insert(rollout_schedule).values(
                    governorate=entry.governorate,
                    service=entry.service.value,
                    starts_on=entry.starts_on,
                    revision=1,
                    changed_by=changed_by,
                    changed_at=at,
                )
            )
