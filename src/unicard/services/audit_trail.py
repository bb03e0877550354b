"""Writing registry changes and operator actions to the audit log, inside the caller's unit of work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Protocol

from unicard.domain.audit.chain import AuditEvent, digest
from unicard.domain.operators.operator import Operator
from unicard.services.ports import UnitOfWork


def record(
    uow: UnitOfWork,
    *,
    actor: str,
    action: str,
    subject: str,
    at: dt.datetime,
    before: Mapping[str, object] | None = None,
    after: Mapping[str, object] | None = None,
    details: Mapping[str, object] | None = None,
) -> None:
    uow.audit.append(
        AuditEvent(
            actor=actor,
            action=action,
            subject=subject,
            at=at,
            before_digest=digest(before),
            after_digest=digest(after),
            details=details,
        )
    )


class Snapshotted(Protocol):
    def snapshot(self) -> dict[str, object]: ...


def record_change(
    uow: UnitOfWork,
    *,
    actor: Operator,
    action: str,
    subject: str,
    at: dt.datetime,
    before: Snapshotted | None,
    after: Snapshotted,
    **details: object,
) -> None:
    """An operator changed a record: who, what, when, and digests of it before and after."""
    record(
        uow,
        actor=actor.username,
        action=action,
        subject=subject,
        at=at,
        before=before.snapshot() if before else None,
        after=after.snapshot(),
        details=details,
    )
