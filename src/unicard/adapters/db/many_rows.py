"""Many rows in one statement, without per-row work in SQLAlchemy or the driver.

On PostgreSQL the rows travel as one array per column and come apart in ``unnest``: one
statement, one round trip, the arrays dumped by psycopg in C. An ``executemany`` instead costs
Python time per row in SQLAlchemy and in psycopg's pipeline, which bounded group commit's
throughput (``benchmarks/authorize/README.md``, round 4). Elsewhere (SQLite, in-process, with
no round trips to save) the plain ``executemany`` is used.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Column, Connection, Dialect, Table
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

_Processor = Callable[[Any], Any] | None


def insert_rows(
    db: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    skip_conflicts_on: tuple[str, ...] = (),
) -> None:
    """Insert ``rows`` (all with the same keys); with ``skip_conflicts_on``, a row whose values
    of those columns are taken is skipped (``ON CONFLICT … DO NOTHING``)."""
    if not rows:
        return
    if db.dialect.name != "postgresql":
        statement = sqlite_insert(table)
        if skip_conflicts_on:
            statement = statement.on_conflict_do_nothing(index_elements=list(skip_conflicts_on))
        db.execute(statement, list(rows))
        return
    names = tuple(rows[0])
    sql, processors = _unnest_insert(db.dialect, table, names, skip_conflicts_on)
    db.exec_driver_sql(sql, _columns(rows, names, processors))


def add_to_balances(db: Connection, changes: Sequence[tuple[int, int, int]]) -> int:
    """Add ``(account id, shard, amount)`` to balance rows in one statement; a floored row only if
    it stays at or above its floor. Rows are locked floored first, then by account and shard —
    the order one request's posting takes them in — so no two writers wait on each other in a
    cycle. Returns how many rows changed: fewer than asked means a floor refused or a row is
    missing."""
    if not changes:
        return 0
    account_ids, shards, amounts = (list(column) for column in zip(*changes, strict=True))
    result = db.exec_driver_sql(
        _ADD_TO_BALANCES, {"accounts": account_ids, "shards": shards, "amounts": amounts}
    )
    return int(result.rowcount)


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


def _columns(
    rows: Sequence[Mapping[str, Any]], names: tuple[str, ...], processors: tuple[_Processor, ...]
) -> dict[str, list[Any]]:
    arrays: dict[str, list[Any]] = {}
    for index, (name, process) in enumerate(zip(names, processors, strict=True)):
        values = [row[name] for row in rows]
        arrays[f"c{index}"] = [process(value) for value in values] if process else values
    return arrays


@functools.cache
def _unnest_insert(
    dialect: Dialect, table: Table, names: tuple[str, ...], skip_conflicts_on: tuple[str, ...]
) -> tuple[str, tuple[_Processor, ...]]:
    columns: list[Column[Any]] = [table.c[name] for name in names]
    quote = dialect.identifier_preparer.quote
    arrays = ", ".join(
        f"%(c{index})s::{column.type.compile(dialect=dialect)}[]" for index, column in enumerate(columns)
    )
    listed = ", ".join(quote(name) for name in names)
    sql = f"INSERT INTO {quote(table.name)} ({listed}) SELECT * FROM unnest({arrays})"
    if skip_conflicts_on:
        sql += f" ON CONFLICT ({', '.join(quote(name) for name in skip_conflicts_on)}) DO NOTHING"
    processors = tuple(column.type.dialect_impl(dialect).bind_processor(dialect) for column in columns)
    return sql, processors
