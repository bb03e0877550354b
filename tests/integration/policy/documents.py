"""Policy versions for the tests: the shipped ones, and new ones made from them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from unicard.adapters.policy_files import load_shipped_book, policy_from_plain, policy_to_plain
from unicard.domain.policy import BenefitPolicy, PolicyBook
from unicard.services.ledger import PolicyRecord

SHIPPED: PolicyBook = load_shipped_book()
EARLIER, LATEST = SHIPPED.versions  # 2023-05-01.1 and 2024-06-01.1
#: Tests run on 2026-11-22 in Cairo (tests.fakes.FixedClock).
TODAY = dt.date(2026, 11, 22)


def document(effective_from: dt.date, version: str | None = None, **bread: object) -> dict[str, Any]:
    """The latest shipped version as JSON data, re-dated (and with ``bread`` values changed)."""
    plain = policy_to_plain(LATEST)
    plain["version"] = version or f"{effective_from.isoformat()}.1"
    plain["effective_from"] = effective_from.isoformat()
    plain["bread"] = {**plain["bread"], **bread}
    return plain


def policy(effective_from: dt.date, version: str | None = None, **bread: object) -> BenefitPolicy:
    return policy_from_plain(document(effective_from, version, **bread))


def versions(records: list[PolicyRecord] | tuple[PolicyRecord, ...]) -> list[str]:
    return [record.version for record in records]
