"""The national file set on disk and a DuckDB connection that reads it.

Three Parquet tables, each a directory of files (so they can be written and read in parts):

- ``households/``: ``household`` BIGINT, ``governorate`` VARCHAR, ``was_eligible`` BOOLEAN
  (on the ration now);
- ``people/``: ``household`` BIGINT, ``national_id`` BIGINT, ``is_head`` BOOLEAN — living,
  present members only;
- ``facts/fact=<key>/``: ``national_id`` BIGINT, ``value`` BIGINT (base unit), ``code``
  VARCHAR, ``as_of`` DATE, ``source`` VARCHAR — partitioned by fact, so a rule set reads only
  the facts its criteria name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

TABLES = ("households", "people", "facts")


@dataclass(frozen=True, slots=True)
class Limits:
    """How much of the machine DuckDB may use; beyond ``memory_limit`` it spills to ``spill_dir``."""

    memory_limit: str = "3GB"
    threads: int = 2
    spill_dir: Path | None = None


def connect(limits: Limits) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    con.execute(f"SET memory_limit = '{limits.memory_limit}'")
    con.execute(f"SET threads = {int(limits.threads)}")
    # Row order is never needed: letting it go lets COPY and aggregates stream.
    con.execute("SET preserve_insertion_order = false")
    if limits.spill_dir is not None:
        limits.spill_dir.mkdir(parents=True, exist_ok=True)
        con.execute(f"SET temp_directory = {quote(str(limits.spill_dir))}")
    return con


def open_file_set(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    """Views ``households``, ``people`` and ``facts`` over the file set under ``root``."""
    for table in TABLES:
        pattern = quote(str(root / table / "**" / "*.parquet"))
        hive = ", hive_partitioning = true" if table == "facts" else ""
        con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet({pattern}{hive})")


def quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"
