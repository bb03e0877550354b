"""Benefit policy versions in SQL, each stored as the JSON of :mod:`unicard.adapters.policy_files`.

The authorization engine asks for the book on every request, so the parsed book is cached per
engine for the life of the process. Versions are only ever added, so a cached book is current as
long as the table's row count, newest ``created_at`` and greatest version id are unchanged: one
index-only aggregate per call instead of parsing every version's JSON.
"""

from __future__ import annotations

import datetime as dt
import threading
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

_cache: weakref.WeakKeyDictionary[Engine, tuple[tuple[Any, ...], PolicyBook]] = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


class SqlPolicyStore:
    def __init__(self, connection: Connection) -> None:
        self._db = connection
        self._added = False

    def book(self) -> PolicyBook:
        stamp = tuple(self._db.execute(_STAMP).one())
        with _cache_lock:
            cached = _cache.get(self._db.engine)
        if cached is not None and cached[0] == stamp and not self._added:
            return cached[1]
        book = PolicyBook.of(
            policy_from_json(document) for document in self._db.execute(_DOCUMENTS).scalars()
        )
        # What this transaction added is not committed yet: other transactions must not see it.
        if not self._added:
            with _cache_lock:
                _cache[self._db.engine] = (stamp, book)
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
