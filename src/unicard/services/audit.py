"""Verifying the audit log: recompute every hash chain and compare each end with its recorded head."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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
        ends = uow.audit.ends()
        counter = _Counter()
        records = uow.audit.records()
        try:
            broken = first_break(counter.through(records), ends)
        finally:
            close = getattr(records, "close", None)
            if close is not None:  # a streamed reader holds a server-side cursor
                close()
        return ChainReport(counter.count, broken)


class _Counter:
    def __init__(self) -> None:
        self.count = 0

    def through(self, records: Iterable[AuditRecord]) -> Iterator[AuditRecord]:
        for record in records:
            self.count += 1
            yield record
