"""Engines for the embedded SQLite file and for PostgreSQL, configured for safety first.

PostgreSQL pool: no ``pool_pre_ping``, ``pool_recycle`` instead. A pre-ping is a ``SELECT 1``
round trip on every checkout, i.e. on every unit of work — on the authorization path that was
one round trip in ten. Without it a connection the server has dropped (a restart, a failover, an
idle timeout in a firewall) is found dead by the first statement of the next unit of work that
gets it: that one unit of work fails with a ``DBAPIError`` (``connection_invalidated``), rolls
back whole as any failure does, and SQLAlchemy invalidates the rest of the pool at once, so the
requests after it get fresh connections. The trade-off: after a server restart, one request
per process fails instead of none; a terminal retries with the same idempotency key and gets
the answer (nothing of the failed attempt was committed; a commit whose acknowledgement was lost
is found by the key). ``pool_recycle`` replaces connections older than :data:`POOL_RECYCLE_S`
before they are handed out, so idle connections are not the ones a firewall has cut.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

#: Seconds after which a pooled PostgreSQL connection is closed and replaced on checkout.
POOL_RECYCLE_S = 1800

_READ_ONLY = "unicard_read_only"  # the SQLite "begin" hook's cue


def read_only(connection: Connection) -> Connection:
    """Make the next transaction on ``connection`` one that only reads, before it begins.

    PostgreSQL begins it ``READ ONLY``; SQLite begins it deferred with ``query_only`` on, so
    under WAL it reads a snapshot without waiting for the write lock a batch of sales holds.
    On both a write inside it fails rather than slipping through."""
    if connection.dialect.name == "postgresql":
        return connection.execution_options(postgresql_readonly=True)
    return connection.execution_options(**{_READ_ONLY: True})


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    if parsed.drivername == "postgresql":
        # psycopg 3, not the psycopg2 default SQLAlchemy would pick for a bare postgresql:// URL.
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=False,  # see the module docstring
        pool_recycle=POOL_RECYCLE_S,
    )


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own BEGIN is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # FULL: an acknowledged commit survives power loss, not just a process crash.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        reading = bool(connection.get_execution_options().get(_READ_ONLY))
        pooled = connection.connection.info  # lives as long as the SQLite connection
        if pooled.get(_READ_ONLY, False) != reading:
            connection.exec_driver_sql(f"PRAGMA query_only={int(reading)}")
            pooled[_READ_ONLY] = reading
        # IMMEDIATE takes the write lock up front: two writers never deadlock upgrading a read
        # lock. A reader needs no lock: WAL gives it a snapshot at its first read.
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    return engine
