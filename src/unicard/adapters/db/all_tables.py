"""Every table module, imported for its side effect of registering its tables on ``metadata``.

Migrations and the schema test need the whole schema; each feature keeps its tables in its own
module, and this is the one list that names them all.
"""

from __future__ import annotations

from unicard.adapters.db import (  # noqa: F401 - registers their tables on metadata
    tables_app,
    tables_appeals,
    tables_card_batches,
    tables_card_security,
    tables_eligibility,
    tables_feeds,
    tables_inbound_sms,
    tables_payments,
    tables_rollout,
)
from unicard.adapters.db.tables import metadata

__all__ = ["metadata"]
