"""Throw-away databases for the benchmarks: a SQLite file in a temporary directory, or a fresh
PostgreSQL schema (``CREATE SCHEMA bench_…`` reached through ``search_path``) dropped afterwards.
``public`` is never touched.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from unicard.adapters.db.engine import make_engine
from unicard.adapters.db.schema import upgrade

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@contextmanager
def scratch_database(database: str, server: str = POSTGRES_URL) -> Iterator[Engine]:
    """A migrated, empty database of the kind named, gone when the block ends."""
    with _scratch_url(database, server) as url:
        engine = make_engine(url)
        try:
            upgrade(engine)
            yield engine
        finally:
            engine.dispose()


@contextmanager
def _scratch_url(database: str, server: str) -> Iterator[str]:
    if database == "sqlite":
        with tempfile.TemporaryDirectory() as directory:
            yield f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield (
            make_url(server)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
