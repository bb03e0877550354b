"""The tamper-evident audit log: every record carries the hash of the one before it.

``hash = sha256(previous hash ‖ canonical JSON of the record's fields)``; altering, removing or
reordering any record breaks every hash after it, which :func:`first_break` finds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS_HASH = "0" * 64


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
    seq: int
    event: AuditEvent
    prev_hash: str
    hash: str


def digest(snapshot: Mapping[str, object] | None) -> str | None:
    """A fingerprint of a record's state, for the before/after columns."""
    if snapshot is None:
        return None
    return hashlib.sha256(_canonical(snapshot)).hexdigest()


def chain_hash(seq: int, event: AuditEvent, prev_hash: str) -> str:
    body = {
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


def seal(seq: int, event: AuditEvent, prev_hash: str) -> AuditRecord:
    return AuditRecord(seq, event, prev_hash, chain_hash(seq, event, prev_hash))


@dataclass(frozen=True, slots=True)
class ChainBreak:
    seq: int
    problem: str  # "altered" | "missing" | "relinked"


def first_break(records: Iterable[AuditRecord]) -> ChainBreak | None:
    """The first record that does not follow from its predecessor, in ``seq`` order."""
    expected_prev, expected_seq = GENESIS_HASH, 1
    for record in records:
        if record.seq != expected_seq:
            return ChainBreak(expected_seq, "missing")
        if record.prev_hash != expected_prev:
            return ChainBreak(record.seq, "relinked")
        if chain_hash(record.seq, record.event, record.prev_hash) != record.hash:
            return ChainBreak(record.seq, "altered")
        expected_prev, expected_seq = record.hash, record.seq + 1
    return None


def _canonical(value: Mapping[str, object]) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()
