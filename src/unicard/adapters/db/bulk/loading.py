"""Rows into a table by each database's fastest path: COPY on PostgreSQL, executemany on SQLite.

Both run on the raw driver connection beneath SQLAlchemy's, so they are part of its transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any, cast

import psycopg
from sqlalchemy import Connection, Table

Row = Sequence[object]


def load(connection: Connection, table: Table, columns: Sequence[str], rows: Iterable[Row]) -> None:
    """Insert ``rows`` (values in ``columns`` order; dates as ISO text) into ``table``."""
    names = ", ".join(columns)
    if connection.dialect.name == "postgresql":
        driver = cast("psycopg.Connection[Any]", connection.connection.driver_connection)
        with driver.cursor() as cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join("?" for _ in columns)
    sqlite = cast("sqlite3.Connection", connection.connection.driver_connection)
    sqlite.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({placeholders})", rows)
