"""The tamper-evident audit log: every record carries the hash of the one before it.

``hash = sha256(previous hash ‖ canonical JSON of the record's fields)``; altering, removing or
reordering any record breaks every hash after it, which :func:`first_break` finds.

The log is a set of independent chains (the registry's, and later one per shard of the
authorization traffic), so that busy writers do not all queue for one chain head.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS_HASH = "0" * 64
REGISTRY_CHAIN = "registry"


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """What happened: ``actor`` did ``action`` to ``subject``; digests fingerprint before/after."""

    actor: str
    action: str
    subject: str
    at: dt.datetime
    before_digest: str | None = None
    after_digest: str | None = None
    details: Mapping[str, object] | None = None


@dataclass(frozen=True, slots=True)
class AuditRecord:
    chain: str
    seq: int
    event: AuditEvent
    prev_hash: str
    hash: str


def digest(snapshot: Mapping[str, object] | None) -> str | None:
    """A fingerprint of a record's state, for the before/after columns."""
    if snapshot is None:
        return None
    return hashlib.sha256(_canonical(snapshot)).hexdigest()


def chain_hash(chain: str, seq: int, event: AuditEvent, prev_hash: str) -> str:
    body = {
        "chain": chain,
        "seq": seq,
        "actor": event.actor,
        "action": event.action,
        "subject": event.subject,
        "at": event.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "before": event.before_digest,
        "after": event.after_digest,
        "details": dict(event.details or {}),
    }
    return hashlib.sha256(prev_hash.encode() + _canonical(body)).hexdigest()


def seal(chain: str, seq: int, event: AuditEvent, prev_hash: str) -> AuditRecord:
    return AuditRecord(chain, seq, event, prev_hash, chain_hash(chain, seq, event, prev_hash))


@dataclass(frozen=True, slots=True)
class ChainBreak:
    chain: str
    seq: int
    problem: str  # "altered" | "missing" | "relinked"


@dataclass(frozen=True, slots=True)
class ChainEnd:
    """The last link of one chain, as recorded beside the chain."""

    chain: str
    seq: int
    hash: str


def first_break(records: Iterable[AuditRecord], ends: Iterable[ChainEnd]) -> ChainBreak | None:
    """The first record that does not follow from its predecessor.

    ``records`` come ordered by (chain, seq); ``ends`` say where each chain should end, which
    also reveals records cut off a chain's end.
    """
    expected = {end.chain: end for end in ends}
    chain, expected_prev, expected_seq = None, GENESIS_HASH, 1
    for record in records:
        if record.chain != chain:
            if chain is not None and (broken := _check_end(chain, expected_seq - 1, expected_prev, expected)):
                return broken
            chain, expected_prev, expected_seq = record.chain, GENESIS_HASH, 1
        if broken := _check_link(record, expected_seq, expected_prev):
            return broken
        expected_prev, expected_seq = record.hash, record.seq + 1
    if chain is not None and (broken := _check_end(chain, expected_seq - 1, expected_prev, expected)):
        return broken
    for end in expected.values():  # chains whose every record is gone
        if end.seq > 0:
            return ChainBreak(end.chain, 1, "missing")
    return None


def _check_link(record: AuditRecord, expected_seq: int, expected_prev: str) -> ChainBreak | None:
    if record.seq != expected_seq:
        return ChainBreak(record.chain, expected_seq, "missing")
    if record.prev_hash != expected_prev:
        return ChainBreak(record.chain, record.seq, "relinked")
    if chain_hash(record.chain, record.seq, record.event, record.prev_hash) != record.hash:
        return ChainBreak(record.chain, record.seq, "altered")
    return None


def _check_end(chain: str, last_seq: int, last_hash: str, ends: dict[str, ChainEnd]) -> ChainBreak | None:
    end = ends.pop(chain, None)
    if end is None:  # the chain's recorded end was removed
        return ChainBreak(chain, last_seq, "altered")
    if end.seq > last_seq:
        # Records were cut off the end: the chain itself cannot show it, the recorded end can.
        return ChainBreak(chain, last_seq + 1, "missing")
    if end.seq < last_seq or end.hash != last_hash:
        return ChainBreak(chain, end.seq, "altered")
    return None


def _canonical(value: Mapping[str, object]) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()
