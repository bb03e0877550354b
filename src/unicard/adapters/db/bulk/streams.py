"""Reading a check's results a few thousand rows at a time, however many rows it finds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Select

from unicard.services.imports.ports import Finding


def findings(connection: Connection, query: Select[Any], *params: str) -> Iterator[Finding]:
    """Each result row as a finding: ``row_no`` and ``value`` columns, ``params`` by name.

    Streamed (a server-side cursor on PostgreSQL) so a file wrong on every row stays cheap.
    """
    ordered = query.order_by(None).order_by(query.selected_columns.row_no)
    result = connection.execute(ordered, execution_options={"yield_per": 5_000})
    for row in result:
        mapping = row._mapping
        yield Finding(row.row_no, str(row.value), {name: mapping[name] for name in params})
