"""Benefit policy versions in SQL, each stored as the JSON of :mod:`unicard.adapters.policy_files`.

The authorization engine asks for the book on every request, so the parsed book is cached per
engine for the life of the process. Versions are only ever added, so a cached book is current as
long as the table's row count, newest ``created_at`` and greatest version id are unchanged: one
index-only aggregate instead of parsing every version's JSON.

That aggregate runs at most once per :data:`RECHECK_S` seconds per engine (per process), not on
every request: **a policy version added by another process takes effect on every server within
``RECHECK_S`` seconds** of its commit. A version added through this process's engine is seen at
once (its commit drops the cached book, see :func:`forget_cached_book`). The delay is harmless
because a new version is dated tomorrow or later unless added as retroactive (``retroactive=True``,
an operator's correction), and a correction is in force everywhere within ``RECHECK_S`` seconds.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import weakref
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select

from unicard.adapters.db.tables_payments import policy_versions
from unicard.adapters.policy_files import policy_from_json, policy_to_json
from unicard.domain.policy import BenefitPolicy, PolicyBook
from unicard.services.ledger import PolicyRecord

_STAMP = select(
    func.count(policy_versions.c.version),
    func.max(policy_versions.c.created_at),
    func.max(policy_versions.c.version),
)
_DOCUMENTS = select(policy_versions.c.document)
_RECORDS = select(
    policy_versions.c.version,
    policy_versions.c.effective_from,
    policy_versions.c.created_by,
    policy_versions.c.created_at,
).order_by(policy_versions.c.effective_from)
_ADD = insert(policy_versions)

#: Seconds a cached book is served without asking the database whether versions were added.
RECHECK_S = 5.0

# engine -> (stamp, book, time.monotonic() of the last check that found the stamp unchanged)
_cache: weakref.WeakKeyDictionary[Engine, tuple[tuple[Any, ...], PolicyBook, float]] = (
    weakref.WeakKeyDictionary()
)
_cache_lock = threading.Lock()


def forget_cached_book(engine: Engine) -> None:
    """After this process committed a new version: the next ``book()`` reads it."""
    with _cache_lock:
        _cache.pop(engine, None)


class SqlPolicyStore:
    def __init__(self, connection: Connection) -> None:
        self._db = connection
        self._added = False

    @property
    def added(self) -> bool:
        """Whether this transaction added a version (its commit must drop the cached book)."""
        return self._added

    def book(self) -> PolicyBook:
        engine = self._db.engine
        with _cache_lock:
            cached = _cache.get(engine)
        if cached is not None and not self._added and time.monotonic() - cached[2] < RECHECK_S:
            return cached[1]
        checked = time.monotonic()
        stamp = tuple(self._db.execute(_STAMP).one())
        if cached is not None and cached[0] == stamp and not self._added:
            book = cached[1]
        else:
            book = PolicyBook.of(
                policy_from_json(document) for document in self._db.execute(_DOCUMENTS).scalars()
            )
        # What this transaction added is not committed yet: other transactions must not see it.
        if not self._added:
            with _cache_lock:
                _cache[engine] = (stamp, book, checked)
        return book

    def records(self) -> Sequence[PolicyRecord]:
        return [
            PolicyRecord(row.version, row.effective_from, row.created_by, row.created_at)
            for row in self._db.execute(_RECORDS)
        ]

    def add(self, policy: BenefitPolicy, *, created_by: str, at: dt.datetime) -> None:
        self._added = True
        self._db.execute(
            _ADD,
            {
                "version": policy.version,
                "effective_from": policy.effective_from,
                "document": policy_to_json(policy),
                "created_by": created_by,
                "created_at": at,
            },
        )
