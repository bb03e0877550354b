"""Port Said citizens due a card, a post office to collect them at, and the real app over HTTP.

The personalisation bureau is kept in memory: the tests act as the card the bureau would make,
so they read a produced card's PAN from it (the database holds none).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine

from tests import factories
from tests.fakes import FixedClock
from tests.integration.http.conftest import Headers, TestClient, bearer, make_container, seed_operator
from tests.integration.payments.conftest import Till, till
from unicard.adapters.cards.bureau import MemoryBureau
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.adapters.policy_files import load_shipped_book
from unicard.bootstrap import Container
from unicard.domain.merchants import MerchantKind
from unicard.domain.operators.operator import Role
from unicard.entrypoints.http_api.app import create_app
from unicard.services import citizens, policies

ADMIN = factories.operator(Role.ADMIN)
BATCHES = "/api/v1/card-batches"


@dataclass(frozen=True)
class Town:
    """Three Port Said adults due a card (one with a spouse's household), and who is not."""

    adults: tuple[str, ...]
    mobiles: dict[str, str]
    child: str
    no_mobile: str
    elsewhere: str
    office: Till
    bakery: Till
    shop: Till


@dataclass(frozen=True)
class Desk:
    client: TestClient
    container: Container
    bureau: MemoryBureau
    town: Town
    admin: Headers
    clerk: Headers  # a post clerk of Port Said
    far_clerk: Headers  # a post clerk of Ismailia only

    def produce(self, **overrides: Any) -> dict[str, Any]:
        body = {"governorate": "03", "office_id": self.town.office.merchant_id, **overrides}
        response = self.client.post(BATCHES, json=body, headers=self.admin)
        assert response.status_code == 201, response.text
        return dict(response.json())

    def deliver(self, batch_id: int) -> dict[str, Any]:
        sent = self.client.post(f"{BATCHES}/{batch_id}/dispatched", headers=self.admin)
        assert sent.status_code == 200, sent.text
        arrived = self.client.post(f"{BATCHES}/{batch_id}/arrived", headers=self.clerk)
        assert arrived.status_code == 200, arrived.text
        return dict(arrived.json())

    def tokens_of(self, batch_id: int) -> dict[str, str]:
        """national ID → card token of the batch's cards."""
        return {spec.national_id: spec.token for spec in self.bureau.batches[batch_id]}


@pytest.fixture
def container(engine: Engine, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> Container:
    made = make_container(engine, uow_factory, clock)
    made.card_bureau = MemoryBureau()
    return made


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container)) as client:
        yield client


def register(container: Container, **details: Any) -> tuple[str, str | None]:
    citizen = citizens.register_citizen(
        container.uow_factory(), container.clock, ADMIN, factories.citizen_details(**details)
    )
    return citizen.national_id.value, citizen.mobile.e164 if citizen.mobile else None


@pytest.fixture
def town(container: Container) -> Town:
    policies.ensure_policy_seeded(container.uow_factory(), container.clock, load_shipped_book())
    people = [
        register(container),
        register(container, sex="F", birth=dt.date(1990, 5, 1)),
        register(container),
    ]
    return Town(
        adults=tuple(nid for nid, _ in people),
        mobiles={nid: mobile for nid, mobile in people if mobile},
        child=register(container, birth=dt.date(2015, 1, 1), with_mobile=False)[0],
        no_mobile=register(container, with_mobile=False)[0],
        elsewhere=register(container, residence="19")[0],
        office=till(container, MerchantKind.POST_COUNTER, "مكتب بريد بورسعيد الرئيسي"),
        bakery=till(container, MerchantKind.BAKERY, "مخبز النصر البلدي"),
        shop=till(container, MerchantKind.RETAIL, "سوبر ماركت القناة"),
    )


@pytest.fixture
def desk(client: TestClient, container: Container, town: Town) -> Desk:
    assert isinstance(container.card_bureau, MemoryBureau)
    return Desk(
        client=client,
        container=container,
        bureau=container.card_bureau,
        town=town,
        admin=bearer(client, seed_operator(container, Role.ADMIN)),
        clerk=bearer(client, seed_operator(container, Role.POST_CLERK, governorates=frozenset({"03"}))),
        far_clerk=bearer(client, seed_operator(container, Role.POST_CLERK, governorates=frozenset({"19"}))),
    )
