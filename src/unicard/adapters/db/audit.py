"""The hash-chained audit log in SQL. Appends to one chain serialise on that chain's head row."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Row, Select, bindparam, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from unicard.adapters.db.many_rows import among, insert_rows
from unicard.adapters.db.pipeline import Pipeline
from unicard.adapters.db.tables import audit_head, audit_log
from unicard.domain.audit.chain import GENESIS_HASH, REGISTRY_CHAIN, AuditEvent, AuditRecord, ChainEnd, seal


class SqlAuditLog:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def append(self, event: AuditEvent, chain: str = REGISTRY_CHAIN) -> AuditRecord:
        values = _row_values(event)
        remembered = _heads.get(chain)
        if remembered is not None:
            # The head this process last wrote: if it still is the head, move it and add the
            # record in one statement; the UPDATE's WHERE is the check, its row lock the order.
            record = seal(chain, remembered[0] + 1, event, remembered[1])
            if self._append_after(remembered, record, values):
                _remember(chain, record)
                return record
        last_seq, last_hash = self._locked_heads([chain])[chain]
        record = seal(chain, last_seq + 1, event, last_hash)
        self._db.execute(
            insert(audit_log),
            {**values, "chain": chain, "seq": record.seq, "prev_hash": record.prev_hash, "hash": record.hash},
        )
        self._db.execute(
            update(audit_head)
            .where(audit_head.c.chain == chain)
            .values(last_seq=record.seq, last_hash=record.hash)
        )
        _remember(chain, record)
        return record

    def _append_after(self, head: tuple[int, str], record: AuditRecord, values: dict[str, Any]) -> bool:
        # Bind names are prefixed: an UPDATE would take a parameter named like a column as a SET.
        link = {**values, "seq": record.seq, "prev_hash": record.prev_hash, "hash": record.hash}
        params = {f"a_{name}": value for name, value in link.items()}
        params |= {"a_chain": record.chain, "a_prev_seq": head[0]}
        if self._db.dialect.name == "postgresql":
            return self._db.execute(_APPEND_AFTER, params).first() is not None
        if self._db.execute(_MOVE_HEAD, params).rowcount != 1:
            return False
        self._db.execute(insert(audit_log), {**link, "chain": record.chain})
        return True

    def append_many(self, events: Sequence[tuple[AuditEvent, str]], pipeline: Pipeline | None = None) -> None:
        """Append ``(event, chain)`` pairs in order: heads locked in chain order, one INSERT for
        the records, one statement for the heads. On PostgreSQL with a ``pipeline``, the heads'
        read fetches the answers of everything queued before it, and the writes are queued."""
        if not events:
            return
        chains = sorted({chain for _, chain in events})
        heads = self._locked_heads(chains) if pipeline is None else _locked_heads_piped(pipeline, chains)
        rows = []
        for event, chain in events:
            seq, last_hash = heads[chain]
            record = seal(chain, seq + 1, event, last_hash)
            heads[chain] = (record.seq, record.hash)
            rows.append(
                {**_row_values(event), "chain": chain, "seq": record.seq}
                | {"prev_hash": record.prev_hash, "hash": record.hash}
            )
        insert_rows(self._db, audit_log, rows, pipeline=pipeline)
        moved = {chain: heads[chain] for chain in chains}
        if pipeline is None:
            self._set_heads(moved)
        else:
            pipeline.send(_SET_HEADS, _heads_params(moved))
        for chain in chains:
            _heads[chain] = heads[chain]

    def _set_heads(self, heads: dict[str, tuple[int, str]]) -> None:
        if self._db.dialect.name == "postgresql":  # one statement, not one per chain
            self._db.exec_driver_sql(_SET_HEADS, _heads_params(heads))
            return
        moved = [{"h_chain": chain, "h_seq": seq, "h_hash": h} for chain, (seq, h) in heads.items()]
        self._db.execute(_SET_HEAD, moved)

    def _locked_heads(self, chains: list[str]) -> dict[str, tuple[int, str]]:
        """The chains' (last seq, last hash), their head rows locked in chain order; a new
        chain's head is inserted first (waiting for a concurrent inserter of the same chain)."""
        locked, params = _heads_of(self._db.dialect.name), {"chains": chains}
        found = _ends(self._db.execute(locked, params))
        missing = [chain for chain in chains if chain not in found]
        if missing:
            dialect_insert = pg_insert if self._db.dialect.name == "postgresql" else sqlite_insert
            self._db.execute(
                dialect_insert(audit_head)
                .values([{"chain": chain, "last_seq": 0, "last_hash": GENESIS_HASH} for chain in missing])
                .on_conflict_do_nothing(index_elements=["chain"])
            )
            found = _ends(self._db.execute(locked, params))
        return found

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


def _heads_params(heads: dict[str, tuple[int, str]]) -> dict[str, list[Any]]:
    return {
        "chains": list(heads),
        "seqs": [seq for seq, _ in heads.values()],
        "hashes": [h for _, h in heads.values()],
    }


def _locked_heads_piped(pipeline: Pipeline, chains: list[str]) -> dict[str, tuple[int, str]]:
    """:meth:`SqlAuditLog._locked_heads` in a pipeline (PostgreSQL)."""
    locked = _heads_of("postgresql")
    found = pipeline.read(locked, {"chains": chains}, _ends).result()
    missing = [chain for chain in chains if chain not in found]
    if missing:
        pipeline.send(_ADD_HEADS, {"chains": missing, "genesis": GENESIS_HASH})
        found |= pipeline.read(locked, {"chains": missing}, _ends).result()
    return found


def _ends(rows: Iterable[Any]) -> dict[str, tuple[int, str]]:
    return {row.chain: (row.last_seq, row.last_hash) for row in rows}


#: A new chain's head (PostgreSQL, raw: for a pipeline).
_ADD_HEADS = """
INSERT INTO audit_head (chain, last_seq, last_hash)
SELECT c, 0, %(genesis)s FROM unnest(%(chains)s::text[]) AS c
ON CONFLICT (chain) DO NOTHING
"""


def _row_values(event: AuditEvent) -> dict[str, Any]:
    return {
        "at": event.at,
        "actor": event.actor,
        "action": event.action,
        "subject": event.subject,
        "before_digest": event.before_digest,
        "after_digest": event.after_digest,
        "details": json.dumps(dict(event.details or {}), ensure_ascii=False, sort_keys=True, default=str),
    }


#: Per process, the head each chain had after this process's last append to it: a guess, checked
#: by the conditional UPDATE (another process, or a rolled-back append, makes it miss, and the
#: append takes the locked path). Bounded: a miss only costs the two extra statements.
_heads: dict[str, tuple[int, str]] = {}
_HEADS_MAX = 20_000


def _remember(chain: str, record: AuditRecord) -> None:
    if len(_heads) >= _HEADS_MAX:
        _heads.clear()
    _heads[chain] = (record.seq, record.hash)


_MOVE_HEAD = (
    update(audit_head)
    .where(
        audit_head.c.chain == bindparam("a_chain"),
        audit_head.c.last_seq == bindparam("a_prev_seq"),
        audit_head.c.last_hash == bindparam("a_prev_hash"),
    )
    .values(last_seq=bindparam("a_seq"), last_hash=bindparam("a_hash"))
)
_SET_HEAD = (
    update(audit_head)
    .where(audit_head.c.chain == bindparam("h_chain"))
    .values(last_seq=bindparam("h_seq"), last_hash=bindparam("h_hash"))
)
#: Already locked by :meth:`SqlAuditLog._locked_heads`.
_SET_HEADS = """
UPDATE audit_head h SET last_seq = m.seq, last_hash = m.hash
FROM unnest(%(chains)s::text[], %(seqs)s::bigint[], %(hashes)s::text[]) AS m(chain, seq, hash)
WHERE h.chain = m.chain
"""
_HEAD_MOVED = _MOVE_HEAD.returning(audit_head.c.chain).cte("head")
_LINK_COLUMNS = [column for column in audit_log.c if column.name != "chain"]
#: PostgreSQL: move the head and add the record in one round trip (no row when the head moved).
_APPEND_AFTER = (
    insert(audit_log)
    .from_select(
        ["chain", *(column.name for column in _LINK_COLUMNS)],
        select(_HEAD_MOVED.c.chain, *(bindparam(f"a_{c.name}", type_=c.type) for c in _LINK_COLUMNS)),
    )
    .add_cte(_HEAD_MOVED)
    .returning(audit_log.c.seq)
)


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


@functools.cache
def _heads_of(dialect: str) -> Select[Any]:
    heads = select(audit_head).where(among(audit_head.c.chain, "chains", dialect))
    return heads.order_by(audit_head.c.chain).with_for_update()
