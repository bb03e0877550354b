"""The hash-chained audit log in SQL. Appends to one chain serialise on that chain's head row."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from unicard.adapters.db.tables import audit_head, audit_log
from unicard.domain.audit.chain import GENESIS_HASH, REGISTRY_CHAIN, AuditEvent, AuditRecord, ChainEnd, seal


class SqlAuditLog:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def append(self, event: AuditEvent, chain: str = REGISTRY_CHAIN) -> AuditRecord:
        head = self._locked_head(chain)
        record = seal(chain, head.last_seq + 1, event, head.last_hash)
        self._db.execute(
            insert(audit_log).values(
                chain=chain,
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
            update(audit_head)
            .where(audit_head.c.chain == chain)
            .values(last_seq=record.seq, last_hash=record.hash)
        )
        return record

    def records(self) -> Iterator[AuditRecord]:
        # Streamed in (chain, seq) order so verifying millions of records needs constant memory.
        # Options on the statement, not the connection: Connection.execution_options() would
        # make every later statement of this unit of work use a server-side cursor too.
        result = self._db.execute(
            select(audit_log)
            .order_by(audit_log.c.chain, audit_log.c.seq)
            .execution_options(stream_results=True, yield_per=5000)
        )
        with result:  # closes the server-side cursor even when the reader stops early
            yield from (_record(row) for row in result)

    def ends(self) -> Sequence[ChainEnd]:
        rows = self._db.execute(select(audit_head).order_by(audit_head.c.chain))
        return [ChainEnd(row.chain, row.last_seq, row.last_hash) for row in rows]

    def _locked_head(self, chain: str) -> Row[Any]:
        # The head row exists for every chain but a new one: lock it, one statement. A new chain's
        # head is inserted (waiting for a concurrent inserter of the same chain) and then locked.
        locked = select(audit_head).where(audit_head.c.chain == chain).with_for_update()
        head = self._db.execute(locked).first()
        if head is not None:
            return head
        dialect_insert = pg_insert if self._db.dialect.name == "postgresql" else sqlite_insert
        self._db.execute(
            dialect_insert(audit_head)
            .values(chain=chain, last_seq=0, last_hash=GENESIS_HASH)
            .on_conflict_do_nothing(index_elements=["chain"])
        )
        return self._db.execute(locked).one()


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
    return AuditRecord(row.chain, row.seq, event, row.prev_hash, row.hash)
