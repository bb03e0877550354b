"""The audit log's remembered chain heads: a guess that may be stale, never a fork.

An append first tries the head this process last wrote; when another process (or a rolled-back
append) moved the real head, the conditional update misses and the append takes the locked path.
"""

from __future__ import annotations

import datetime as dt

from unicard.adapters.db import audit as audit_adapter
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.domain.audit.chain import AuditEvent
from unicard.services.audit import verify_chain

_AT = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
_CHAIN = "terminal:T-CACHE"


def _append(uow_factory: SqlUnitOfWorkFactory, subject: str, *, commit: bool = True) -> int:
    with uow_factory() as uow:
        event = AuditEvent("terminal:T-CACHE", "authorize.test", subject, _AT)
        record = uow.audit.append(event, chain=_CHAIN)
        if commit:
            uow.commit()
        return record.seq


def test_a_head_moved_by_another_process_is_not_forked(uow_factory: SqlUnitOfWorkFactory) -> None:
    assert _append(uow_factory, "one") == 1
    stale = audit_adapter._heads[_CHAIN]
    assert _append(uow_factory, "two") == 2  # the remembered head, one statement
    audit_adapter._heads[_CHAIN] = stale  # as if another process had appended "two"
    assert _append(uow_factory, "three") == 3
    assert verify_chain(uow_factory()).first_break is None


def test_a_rolled_back_append_leaves_no_gap(uow_factory: SqlUnitOfWorkFactory) -> None:
    assert _append(uow_factory, "one") == 1
    assert _append(uow_factory, "lost", commit=False) == 2  # remembered, then rolled back
    assert _append(uow_factory, "two") == 2
    audit_adapter._heads.pop(_CHAIN)  # a fresh process: nothing remembered
    assert _append(uow_factory, "three") == 3
    assert verify_chain(uow_factory()).first_break is None
    with uow_factory() as uow:
        subjects = [record.event.subject for record in uow.audit.records() if record.chain == _CHAIN]
    assert subjects == ["one", "two", "three"]
