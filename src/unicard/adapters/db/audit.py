"""The hash-chained audit log in SQL. Appends serialise on the one ``audit_head`` row."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from unicard.adapters.db.tables import audit_head, audit_log
from unicard.domain.audit.chain import AuditEvent, AuditRecord, seal


class SqlAuditLog:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def append(self, event: AuditEvent) -> AuditRecord:
        head = self._db.execute(select(audit_head).where(audit_head.c.id == 1).with_for_update()).one()
        record = seal(head.last_seq + 1, event, head.last_hash)
        self._db.execute(
            insert(audit_log).values(
                seq=record.seq,
                at=event.at,
                actor=event.actor,
                action=event.action,
                subject=event.subject,
                before_digest=event.before_digest,
                after_digest=event.after_digest,
                details=json.dumps(
                    dict(event.details or {}), ensure_ascii=False, sort_keys=True, default=str
                ),
                prev_hash=record.prev_hash,
                hash=record.hash,
            )
        )
        self._db.execute(
            update(audit_head).where(audit_head.c.id == 1).values(last_seq=record.seq, last_hash=record.hash)
        )
        return record

    def records(self) -> Iterator[AuditRecord]:
        # Streamed in seq order so verifying millions of records needs constant memory.
        result = self._db.execution_options(stream_results=True, yield_per=5000).execute(
            select(audit_log).order_by(audit_log.c.seq)
        )
        with result:  # closes the server-side cursor even when the reader stops early
            yield from (self._record(row) for row in result)

    @staticmethod
    def _record(row: Row[Any]) -> AuditRecord:
        event = AuditEvent(
            actor=row.actor,
            action=row.action,
            subject=row.subject,
            at=row.at,
            before_digest=row.before_digest,
            after_digest=row.after_digest,
            details=json.loads(row.details),
        )
        return AuditRecord(row.seq, event, row.prev_hash, row.hash)

    def head(self) -> tuple[int, str]:
        row = self._db.execute(select(audit_head.c.last_seq, audit_head.c.last_hash)).one()
        return row.last_seq, row.last_hash
