"""Merchants, terminals and households on the real database of each dialect."""

from __future__ import annotations

import pytest

from tests import factories
from tests.fakes import FixedClock

# The HTTP suite's fixtures, shared with the API tests here (imported names become fixtures).
from tests.integration.http.conftest import app, client, container, sign_in  # noqa: F401
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.adapters.security.terminal_secrets import HmacTerminalSecrets
from unicard.domain.merchants import Merchant, MerchantKind
from unicard.domain.operators.operator import ALL_GOVERNORATES, Operator, Role
from unicard.domain.registry.household import Household
from unicard.services import citizens, households, merchants
from unicard.services.merchants import MerchantDetails
from unicard.services.ports import Clock

ADMIN = Operator("admin", "Admin", frozenset({Role.ADMIN}), frozenset({ALL_GOVERNORATES}))
PEPPER = b"test pepper: not a production key!"


@pytest.fixture
def secrets() -> HmacTerminalSecrets:
    return HmacTerminalSecrets(PEPPER)


def supply_officer(*governorates: str) -> Operator:
    return Operator("supply", "Supply", frozenset({Role.SUPPLY_OFFICER}), frozenset(governorates))


def register(
    uow_factory: SqlUnitOfWorkFactory,
    clock: FixedClock,
    kind: MerchantKind = MerchantKind.BAKERY,
    governorate: str = "03",
    name_ar: str = "مخبز الأمل",
    actor: Operator = ADMIN,
) -> Merchant:
    details = MerchantDetails(kind, name_ar, governorate, "Al Amal")
    return merchants.create_merchant(uow_factory(), clock, actor, details)


def household(uow_factory: SqlUnitOfWorkFactory, clock: Clock, governorate: str = "03") -> Household:
    """A new household of one registered adult, in ``governorate``."""
    details = factories.citizen_details(residence=governorate)
    citizens.register_citizen(uow_factory(), clock, ADMIN, details)
    number = details.national_id[-10:]
    return households.create_household(
        uow_factory(), clock, ADMIN, number=number, governorate=governorate, head=details.national_id
    )
