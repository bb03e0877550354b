"""Alembic environment: migrations run on a connection handed in by unicard.adapters.db.schema."""

from __future__ import annotations

from alembic import context

from unicard.adapters.db import tables_card_security, tables_payments  # noqa: F401 - registers tables
from unicard.adapters.db.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
