"""The shipped policy in force on a day after 2024-06-01 (20 piasters a loaf)."""

from __future__ import annotations

import datetime as dt

import pytest

from unicard.adapters.policy_files import load_shipped_book
from unicard.domain.ledger import Account, AccountKind, Owner
from unicard.domain.policy import BenefitPolicy

DAY = dt.date(2026, 11, 10)


@pytest.fixture(scope="session")
def policy() -> BenefitPolicy:
    return load_shipped_book().in_force(DAY)


def account(kind: AccountKind, owner: Owner, number: int) -> Account:
    return Account(str(number), kind, owner)
