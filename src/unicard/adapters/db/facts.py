"""Citizens' agency facts in SQL: the latest value per fact, its history, corrections by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from unicard.adapters.db.tables_feeds import citizen_fact_history, citizen_facts
from unicard.domain.eligibility.fact_values import FactRecord, FactValue, checked_value, fact_kind

#: National IDs per ``IN (…)`` list: far below SQLite's limit on bound parameters.
_CHUNK = 500


class SqlFactStore:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def latest(
        self, national_ids: Iterable[str], facts: Iterable[str] | None = None
    ) -> dict[str, dict[str, FactValue]]:
        """The latest value of each fact (all, or those named) per national ID; absent ones left out."""
        wanted = sorted(set(facts)) if facts is not None else None
        found: dict[str, dict[str, FactValue]] = {}
        ids = sorted(set(national_ids))
        for start in range(0, len(ids), _CHUNK):
            query = select(citizen_facts).where(citizen_facts.c.national_id.in_(ids[start : start + _CHUNK]))
            if wanted is not None:
                query = query.where(citizen_facts.c.fact.in_(wanted))
            for row in self._db.execute(query):
                found.setdefault(row.national_id, {})[row.fact] = _value(row)
        return found

    def history(self, national_id: str, fact: str | None = None) -> list[FactRecord]:
        """Every value recorded for the citizen (one fact, or all), oldest as-of first."""
        h = citizen_fact_history.c
        query = select(citizen_fact_history).where(h.national_id == national_id)
        if fact is not None:
            query = query.where(h.fact == fact)
        rows = self._db.execute(query.order_by(h.fact, h.as_of, h.id))
        return [FactRecord(row.id, _value(row), row.recorded_at, row.note) for row in rows]

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
        """A value set by hand (an appeal's corrected fact): it becomes the latest, whatever the
        as-of of the value it replaces, and joins the history with its ``note`` (the evidence).

        Raises ``InvalidValue`` for an unknown fact, a number for a code fact or the reverse, or
        a negative value. An unknown national ID is refused by the foreign key (``Conflict``).
        """
        value, code = checked_value(fact_kind(fact), value, code)
        corrected = FactValue(national_id, fact, value, code, as_of, source)
        self._db.execute(
            insert(citizen_fact_history).values(**_columns(corrected), note=note, recorded_at=recorded_at)
        )
        changed = self._db.execute(
            update(citizen_facts)
            .where(citizen_facts.c.national_id == national_id, citizen_facts.c.fact == fact)
            .values(**_columns(corrected))
        ).rowcount
        if not changed:
            self._db.execute(insert(citizen_facts).values(**_columns(corrected)))
        return corrected


def _columns(fact: FactValue) -> Mapping[str, Any]:
    return {
        "national_id": fact.national_id,
        "fact": fact.fact,
        "value": fact.value,
        "code": fact.code,
        "as_of": fact.as_of,
        "source": fact.source,
        "feed_import_id": fact.feed_import_id,
    }


def _value(row: Row[Any]) -> FactValue:
    return FactValue(
        row.national_id, row.fact, row.value, row.code, row.as_of, row.source, row.feed_import_id
    )
