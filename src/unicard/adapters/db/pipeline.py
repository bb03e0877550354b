"""PostgreSQL statements sent without waiting for each one's answer (psycopg's pipeline mode).

A batch of authorizations writes to eight tables; none of those statements needs another's
answer, only a row count checked before the commit. Sent one by one, each is a round trip the
writer waits for (a batch of one request spent most of its time so:
``benchmarks/authorize/README.md``, round 6); sent as a pipeline they travel together and the
server runs them in turn while the client goes on.

Opening a batch likewise sends its first reads (answers given, cards, households, months) before
waiting for any. Only driver statements go into a pipeline, SQLAlchemy's compiled once to text:
SQLAlchemy reads a statement's result as soon as it runs, and in pipeline mode an answer not yet
arrived reads as "no rows".
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

import psycopg
from psycopg.rows import namedtuple_row
from psycopg.types.datetime import TimestamptzLoader
from sqlalchemy import Connection, Dialect, Select

T = TypeVar("T")


class Later(Generic[T]):
    """The answer to a read sent in a pipeline: ask for it once the pipeline is done (or later
    in it, at the cost of waiting for everything sent before)."""

    def __init__(self, cursor: psycopg.Cursor[Any], convert: Callable[[list[Any]], T]) -> None:
        self._cursor, self._convert = cursor, convert

    def result(self) -> T:
        return self._convert(self._cursor.fetchall())


class Pipeline:
    """Statements queued on one connection; their answers arrive when a result is read."""

    def __init__(self, raw: psycopg.Connection[Any], pipeline: psycopg.Pipeline, dialect: Dialect) -> None:
        self._raw, self._pipeline, self._dialect = raw, pipeline, dialect
        self._expected: list[tuple[psycopg.Cursor[Any], int, str]] = []

    def send(self, sql: str, params: Mapping[str, Any]) -> psycopg.Cursor[Any]:
        """Queue ``sql``; its cursor holds the answer once a later read (or :meth:`check`) fetched
        it. The error of a statement sent earlier may be raised here, or at any later call."""
        cursor = self._raw.cursor()
        cursor.execute(sql, params)
        return cursor

    def read(
        self, statement: Select[Any], params: Mapping[str, Any], convert: Callable[[list[Any]], T]
    ) -> Later[T]:
        """Queue a SQLAlchemy ``statement`` (compiled once: build it once, as the stores'
        ``functools.cache`` builders do); its rows, as named tuples with datetimes in UTC as
        :class:`~unicard.adapters.db.types.UtcDateTime` gives them, go through ``convert``."""
        sql, defaults = _driver_sql(statement, self._dialect)
        cursor = self._raw.cursor(row_factory=namedtuple_row)
        cursor.adapters.register_loader("timestamptz", _UtcLoader)
        cursor.execute(sql, {**defaults, **params})
        return Later(cursor, convert)

    def plan_generically(self, generic: bool) -> None:
        """Have the statements queued after this, until the transaction ends or this is called
        again, planned once per connection (``generic``) or as the server's settings say."""
        self.send(_GENERIC_PLANS if generic else _DEFAULT_PLANS, {})

    def expect_rows(self, cursor: psycopg.Cursor[Any], count: int, failure: str) -> None:
        """:meth:`check` raises ``RuntimeError(failure)`` unless ``cursor``'s statement
        changed ``count`` rows."""
        self._expected.append((cursor, count, failure))

    def check(self) -> None:
        """Wait for every answer not yet here, then verify the expected row counts (before a commit)."""
        if any(cursor.pgresult is None for cursor, _, _ in self._expected):
            self._pipeline.sync()
        for cursor, count, failure in self._expected:
            if cursor.rowcount != count:
                raise RuntimeError(failure)
        self._expected.clear()

    def commit(self) -> None:
        """Check, then commit durably: the COMMIT travels with whatever is still queued."""
        self.check()
        self._raw.commit()


@contextmanager
def pipelined(db: Connection) -> Iterator[Pipeline]:
    """A pipeline on ``db``'s PostgreSQL connection, inside its current transaction. After a
    :meth:`Pipeline.commit` here, ``db.commit()`` only closes SQLAlchemy's own record of it."""
    raw = db.connection.driver_connection
    if not isinstance(raw, psycopg.Connection):
        raise TypeError("a pipeline needs a psycopg connection")
    with raw.pipeline() as pipeline:
        yield Pipeline(raw, pipeline, db.dialect)


# PostgreSQL plans a prepared statement afresh for each execution while a plan made for the
# parameters at hand might beat a generic one; for a batch's first reads (arrays of a few
# lookup hashes) it always judged so, and planning them cost more than running them.
_GENERIC_PLANS = "SET LOCAL plan_cache_mode = force_generic_plan"
_DEFAULT_PLANS = "SET LOCAL plan_cache_mode = DEFAULT"


@functools.cache
def _driver_sql(statement: Select[Any], dialect: Dialect) -> tuple[str, dict[str, Any]]:
    compiled = statement.compile(dialect=dialect)
    return str(compiled), dict(compiled.params)


class _UtcLoader(TimestamptzLoader):
    def load(self, data: Any) -> dt.datetime:
        return super().load(data).astimezone(dt.UTC)
