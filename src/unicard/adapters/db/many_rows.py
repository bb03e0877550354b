"""Many rows in one statement, without per-row work in SQLAlchemy or the driver.

On PostgreSQL the rows travel as one JSON document that ``json_populate_recordset`` takes apart
into the table's row type: one statement, one parameter, encoded by the json module in C. An
``executemany`` costs Python time per row in SQLAlchemy and in psycopg's pipeline, and arrays
per column cost it in psycopg's array dumper; either bounded group commit's throughput
(``benchmarks/authorize/README.md``, round 4). Elsewhere (SQLite, in-process, with no round
trips to save) the plain ``executemany`` is used.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Column, ColumnElement, Connection, Dialect, Select, Table, and_, any_, bindparam, func
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from unicard.adapters.db.pipeline import Pipeline


def insert_rows(
    db: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    skip_conflicts_on: tuple[str, ...] = (),
    pipeline: Pipeline | None = None,
) -> None:
    """Insert ``rows`` (all with the same keys); with ``skip_conflicts_on``, a row whose values
    of those columns are taken is skipped (``ON CONFLICT … DO NOTHING``). On PostgreSQL, with a
    ``pipeline``, the statement is queued there rather than run."""
    if not rows:
        return
    if db.dialect.name != "postgresql":
        statement = sqlite_insert(table)
        if skip_conflicts_on:
            statement = statement.on_conflict_do_nothing(index_elements=list(skip_conflicts_on))
        db.execute(statement, list(rows))
        return
    names = tuple(rows[0])
    sql, processors = _json_insert(db.dialect, table, names, skip_conflicts_on)
    if processors:
        rows = [{**row, **{name: process(row[name]) for name, process in processors}} for row in rows]
    params = {"rows": json_rows(rows)}
    if pipeline is None:
        db.exec_driver_sql(sql, params)
    else:
        pipeline.send(sql, params)


def add_to_balances(db: Connection, changes: Sequence[tuple[int, int, int]]) -> int:
    """Add ``(account id, shard, amount)`` to balance rows in one statement; a floored row only if
    it stays at or above its floor. Rows are locked floored first, then by account and shard —
    the order one request's posting takes them in — so no two writers wait on each other in a
    cycle. Returns how many rows changed: fewer than asked means a floor refused or a row is
    missing."""
    if not changes:
        return 0
    return int(db.exec_driver_sql(_ADD_TO_BALANCES, _balance_changes(changes)).rowcount)


def send_to_balances(pipeline: Pipeline, changes: Sequence[tuple[int, int, int]], failure: str) -> None:
    """:func:`add_to_balances` queued in ``pipeline``, whose check raises ``failure`` unless
    every row changed."""
    if changes:
        pipeline.expect_rows(
            pipeline.send(_ADD_TO_BALANCES, _balance_changes(changes)), len(changes), failure
        )


def _balance_changes(changes: Sequence[tuple[int, int, int]]) -> dict[str, list[int]]:
    account_ids, shards, amounts = (list(column) for column in zip(*changes, strict=True))
    return {"accounts": account_ids, "shards": shards, "amounts": amounts}


_ADD_TO_BALANCES = """
WITH change AS (
    SELECT * FROM unnest(%(accounts)s::bigint[], %(shards)s::integer[], %(amounts)s::bigint[])
        AS c(account_id, shard, amount)
), locked AS MATERIALIZED (
    SELECT b.account_id, b.shard FROM account_balances b JOIN change c USING (account_id, shard)
    ORDER BY b.floor IS NULL, b.account_id, b.shard
    FOR NO KEY UPDATE OF b
)
UPDATE account_balances b SET balance = b.balance + c.amount
FROM locked l JOIN change c USING (account_id, shard)
WHERE b.account_id = l.account_id AND b.shard = l.shard
  AND (b.floor IS NULL OR b.balance + c.amount >= b.floor)
"""


def json_rows(rows: Sequence[Mapping[str, Any]]) -> str:
    """``rows`` as one JSON document (dates and datetimes in ISO form, with their offset), the
    one parameter of a statement that takes rows apart with ``json_populate_recordset`` or
    ``json_to_recordset``."""
    return json.dumps(list(rows), ensure_ascii=False, default=_iso)


def _iso(value: object) -> str:
    if isinstance(value, dt.date):  # datetimes too; PostgreSQL reads the offset back
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a column value")


@functools.cache
def _json_insert(
    dialect: Dialect, table: Table, names: tuple[str, ...], skip_conflicts_on: tuple[str, ...]
) -> tuple[str, tuple[tuple[str, Callable[[Any], Any]], ...]]:
    quote = dialect.identifier_preparer.quote
    listed = ", ".join(quote(name) for name in names)
    # The table's own row type casts each field to its column's type.
    target = quote(table.name)
    rows_of = f"json_populate_recordset(NULL::{target}, %(rows)s)"
    sql = f"INSERT INTO {target} ({listed}) SELECT {listed} FROM {rows_of}"
    if skip_conflicts_on:
        sql += f" ON CONFLICT ({', '.join(quote(name) for name in skip_conflicts_on)}) DO NOTHING"
    processors = (
        (name, process)
        for name in names
        if (process := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None
    )
    return sql, tuple(processors)


def one_of(db: Connection, column: ColumnElement[Any], values: Iterable[Any]) -> ColumnElement[bool]:
    """``column IN (values)``. On PostgreSQL ``column = ANY(array)``: one parameter whatever the
    count, so the statement's text stays the same and psycopg caches and prepares it — an IN
    list renders one placeholder per value, a new text (planned afresh) for every count."""
    listed = list(values)
    if db.dialect.name == "postgresql":
        return column == any_(bindparam(None, listed, type_=postgresql.ARRAY(column.type)))
    return column.in_(listed)


def among(column: ColumnElement[Any], name: str, dialect: str) -> ColumnElement[bool]:
    """:func:`one_of` for a statement built once per dialect (hot paths: building a statement
    and its cache key costs more Python than running it): the list is the parameter ``name``."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=postgresql.ARRAY(column.type)))
    return column.in_(bindparam(name, expanding=True))


def joined_to_asked(
    statement: Select[Any], columns: tuple[Column[Any], ...], names: tuple[str, ...]
) -> Select[Any]:
    """PostgreSQL: ``statement`` joined on ``columns`` to a table ``asked`` (``unnest`` of the
    list parameters ``names``, one per column, element by element): one index probe per row
    asked, one statement text whatever the count."""
    arrays = (
        bindparam(name, type_=postgresql.ARRAY(column.type))
        for column, name in zip(columns, names, strict=True)
    )
    asked = (
        func.unnest(*arrays).table_valued(*(column.name for column in columns)).render_derived(name="asked")
    )
    return statement.join(asked, and_(*(column == asked.c[column.name] for column in columns)))


def asked_lists(names: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> dict[str, list[Any]]:
    """The parameters of :func:`joined_to_asked`: ``rows`` as one list per column."""
    lists: dict[str, list[Any]] = {name: [] for name in names}
    for row in rows:
        for name, value in zip(names, row, strict=True):
            lists[name].append(value)
    return lists
