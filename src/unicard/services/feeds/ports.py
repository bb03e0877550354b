"""What feed use cases, and the rules and appeals that read facts, need from the fact store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from unicard.domain.eligibility.fact_values import FactRecord, FactValue
from unicard.services.ports import UnitOfWork


class FactStore(Protocol):
    def latest(
        self, national_ids: Iterable[str], facts: Iterable[str] | None = None
    ) -> dict[str, dict[str, FactValue]]:
        """national ID → fact key → latest value; citizens and facts without a value are absent."""
        ...

    def history(self, national_id: str, fact: str | None = None) -> list[FactRecord]:
        """Every value recorded, by fact then as-of date (oldest first)."""
        ...

    def correct_fact(
        self,
        national_id: str,
        fact: str,
        *,
        value: int | None = None,
        code: str | None = None,
        as_of: dt.date,
        source: str,
        note: str,
        recorded_at: dt.datetime,
    ) -> FactValue:
        """Set the latest value by hand (an appeal) and add it to the history with ``note``."""
        ...


class FactUnitOfWork(UnitOfWork, Protocol):
    @property
    def facts(self) -> FactStore: ...
