"""Staging tables: TEMP tables that hold one file beside the registry for set-wise checks.

They live in the import's own connection and transaction: nothing is migrated, nothing another
session can see, and a refused file leaves no trace (the rollback drops them).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import BigInteger, Column, Connection, Date, Index, Integer, MetaData, String, Table, Text
from sqlalchemy.schema import CreateIndex, CreateTable

staging = MetaData()


def _temporary(name: str, *columns: Column[object]) -> Table:
    return Table(name, staging, *columns, prefixes=["TEMPORARY"], postgresql_on_commit="DROP")


citizen_rows = _temporary(
    "import_citizens",
    Column("row_no", Integer, primary_key=True, autoincrement=False),
    Column("national_id", String(14), nullable=False),
    Column("name_ar", Text, nullable=False),
    Column("name_latin", Text),
    Column("name_key", Text, nullable=False),
    Column("birth_date", Date, nullable=False),
    Column("sex", String(1), nullable=False),
    Column("birth_governorate", String(2), nullable=False),
    Column("residence_governorate", String(2), nullable=False),
    Column("mobile", String(13)),
    Column("mobile_text", Text),
    Column("deceased_on", Date),
)
# Created after the rows are loaded: building an index once is cheaper than keeping it up to date.
citizen_indexes = (
    Index("ix_import_citizens_national_id", citizen_rows.c.national_id),
    Index("ix_import_citizens_mobile", citizen_rows.c.mobile),
)

member_rows = _temporary(
    "import_members",
    Column("row_no", Integer, primary_key=True, autoincrement=False),
    Column("number", String(16), nullable=False),
    Column("governorate", String(2), nullable=False),
    Column("national_id", String(14), nullable=False),
    Column("relation", String(10), nullable=False),
    Column("grocer_id", Text),
)
member_indexes = (
    Index("ix_import_members_number", member_rows.c.number),
    Index("ix_import_members_national_id", member_rows.c.national_id),
)

#: One row per household of the file: its first row, counts, and how it compares with the registry.
household_rows = _temporary(
    "import_households",
    Column("number", String(16), primary_key=True),
    Column("first_row", Integer, nullable=False),
    Column("members", Integer, nullable=False),
    Column("heads", Integer, nullable=False),
    Column("grocer_row", Integer),
    Column("governorate", String(2)),
    Column("grocer_id", Text),
    Column("household_id", BigInteger),
    Column("state", String(8)),  # new | same | differs
)


def create(connection: Connection, *tables: Table) -> None:
    for table in tables:
        # A connection from the pool may still hold one from an import that crashed mid-way.
        table.drop(connection, checkfirst=True)
        connection.execute(CreateTable(table))


def index(connection: Connection, indexes: Sequence[Index]) -> None:
    for ix in indexes:
        connection.execute(CreateIndex(ix))
    if connection.dialect.name == "postgresql":
        # Autovacuum never analyses TEMP tables; without statistics the planner guesses badly.
        for table in {ix.table.name for ix in indexes if ix.table is not None}:
            connection.exec_driver_sql(f"ANALYZE {table}")


def drop(connection: Connection, *tables: Table) -> None:
    for table in tables:
        table.drop(connection)
