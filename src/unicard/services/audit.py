"""Verifying the audit log: recompute the hash chain and compare its end with the recorded head."""

from __future__ import annotations

from collections.abc import Generator, Iterable
from contextlib import closing
from dataclasses import dataclass

from unicard.domain.audit.chain import AuditRecord, ChainBreak, first_break
from unicard.services.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class ChainReport:
    records: int
    first_break: ChainBreak | None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def verify_chain(uow: UnitOfWork) -> ChainReport:
    with uow:
        counted = _Counter()
        with closing(counted.through(uow.audit.records())) as records:
            broken = first_break(records)
        if broken is None:
            head_seq, head_hash = uow.audit.head()
            if head_seq != counted.count:
                # Records were cut off the end: the chain itself cannot show it, the head can.
                broken = ChainBreak(counted.count + 1, "missing")
            elif counted.last_hash is not None and head_hash != counted.last_hash:
                broken = ChainBreak(head_seq, "altered")
        return ChainReport(counted.count, broken)


class _Counter:
    def __init__(self) -> None:
        self.count = 0
        self.last_hash: str | None = None

    def through(self, records: Iterable[AuditRecord]) -> Generator[AuditRecord]:
        try:
            for record in records:
                self.count += 1
                self.last_hash = record.hash
                yield record
        finally:
            if isinstance(records, Generator):
                records.close()
