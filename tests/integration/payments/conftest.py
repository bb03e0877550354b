"""A small Port Said world for the engine: a family, its cards, a bakery, a grocer, a shop, a post office."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine

from tests import factories
from tests.fakes import FixedClock
from tests.integration.http.conftest import TestClient, make_container
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.adapters.policy_files import load_shipped_book
from unicard.bootstrap import Container
from unicard.domain.merchants import MerchantKind
from unicard.domain.operators.operator import Role
from unicard.domain.payments.types import CardService
from unicard.domain.registry.household import Relation
from unicard.domain.shared.pan import Pan
from unicard.entrypoints.http_api.app import create_app
from unicard.services import citizens, grocers, households, merchants, policies, terminals
from unicard.services.cards import registration as cards
from unicard.services.operators import SYSTEM_ACTOR

_accounts = itertools.count(1)
ADMIN = factories.operator(Role.ADMIN)


@dataclass(frozen=True)
class Till:
    """A terminal's HTTP Basic credentials."""

    terminal_id: str
    secret: str
    merchant_id: str

    @property
    def auth(self) -> tuple[str, str]:
        return (self.terminal_id, self.secret)


@dataclass(frozen=True)
class World:
    head: str
    wife: str
    household: str
    head_pan: str
    wife_pan: str
    bakery: Till
    grocer: Till
    shop: Till
    post: Till


@pytest.fixture
def container(engine: Engine, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> Container:
    return make_container(engine, uow_factory, clock)


@pytest.fixture
def client(container: Container) -> Iterator[object]:
    with TestClient(create_app(container)) as client:
        yield client


def new_pan() -> str:
    return Pan.issue("507803", str(next(_accounts))).value


def till(container: Container, kind: MerchantKind, name: str) -> Till:
    merchant = merchants.create_merchant(
        container.uow_factory(), container.clock, ADMIN, merchants.MerchantDetails(kind, name, "03")
    )
    issued = terminals.add_terminal(
        container.uow_factory(), container.clock, container.terminal_secrets, ADMIN, merchant.id
    )
    return Till(issued.terminal.id, issued.secret, merchant.id)


@pytest.fixture
def world(container: Container) -> World:
    uow, clock = container.uow_factory, container.clock
    policies.ensure_policy_seeded(uow(), clock, load_shipped_book())
    head = citizens.register_citizen(uow(), clock, ADMIN, factories.citizen_details()).national_id.value
    wife_details = factories.citizen_details(
        birth=dt.date(1990, 5, 1), sex="F", name_ar="فاطمة محمود حسن علي"
    )
    wife = citizens.register_citizen(uow(), clock, ADMIN, wife_details).national_id.value
    child = citizens.register_citizen(
        uow(), clock, ADMIN, factories.citizen_details(birth=dt.date(2015, 1, 1), with_mobile=False)
    ).national_id.value
    number = "0312345678901"
    households.create_household(
        uow(),
        clock,
        ADMIN,
        number=number,
        governorate="03",
        head=head,
        members=[(wife, Relation.SPOUSE), (child, Relation.SON)],
    )
    everything = frozenset(CardService)
    head_pan, wife_pan = new_pan(), new_pan()
    for national_id, pan in ((head, head_pan), (wife, wife_pan)):
        cards.register_card(
            uow(),
            clock,
            actor=SYSTEM_ACTOR,
            national_id=national_id,
            pan=pan,
            expires_on=dt.date(2031, 12, 31),
            services=everything,
        )
    grocer = till(container, MerchantKind.GROCER, "بقالة الأمل التموينية")
    grocers.assign_grocer(uow(), clock, ADMIN, number, grocer.merchant_id, "assigned at card issue")
    return World(
        head=head,
        wife=wife,
        household=number,
        head_pan=head_pan,
        wife_pan=wife_pan,
        bakery=till(container, MerchantKind.BAKERY, "مخبز النصر البلدي"),
        grocer=grocer,
        shop=till(container, MerchantKind.RETAIL, "سوبر ماركت القناة"),
        post=till(container, MerchantKind.POST_COUNTER, "مكتب بريد بورسعيد الرئيسي"),
    )
