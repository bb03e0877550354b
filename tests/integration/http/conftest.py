"""The real app over HTTP (Starlette's TestClient), on the migrated test database of each dialect."""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine
from starlette.exceptions import StarletteDeprecationWarning

from tests import factories
from tests.fakes import FastPasswordHasher, FixedClock
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.bootstrap import Container
from unicard.config import Settings
from unicard.domain.operators.operator import ALL_GOVERNORATES, Role
from unicard.entrypoints.http_api.app import create_app
from unicard.services import operators
from unicard.services.citizens import CitizenDetails

with warnings.catch_warnings():
    # Starlette 1.x would rather drive its TestClient with httpx2; the pinned httpx still works,
    # and only this import warns. (Adding httpx2 to the dev pins would make this unnecessary.)
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

PASSWORD = "correct horse battery"
_usernames = itertools.count(1)

Headers = dict[str, str]
SignIn = Callable[..., Headers]


def make_container(engine: Engine, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> Container:
    settings = Settings(environment="test", database_url=engine.url.render_as_string(hide_password=False))
    return Container(
        settings=settings,
        engine=engine,
        uow_factory=uow_factory,
        clock=clock,
        password_hasher=FastPasswordHasher(),
    )


@pytest.fixture
def container(engine: Engine, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> Container:
    return make_container(engine, uow_factory, clock)


@pytest.fixture
def app(container: Container) -> FastAPI:
    return create_app(container)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:  # "with" runs the lifespan, i.e. the schema check
        yield client


def seed_operator(
    container: Container, *roles: Role, governorates: frozenset[str] = frozenset({ALL_GOVERNORATES})
) -> str:
    """A new operator straight through the use case; returns the username."""
    username = f"op{next(_usernames)}.{'-'.join(roles)}".replace("_", "-")[:40]
    operators.create_operator(
        container.uow_factory(),
        container.clock,
        container.password_hasher,
        actor=operators.SYSTEM_ACTOR,
        username=username,
        display_name=f"Test {' '.join(roles)}",
        roles=frozenset(roles),
        governorates=governorates,
        password=PASSWORD,
    )
    return username


def bearer(client: TestClient, username: str, password: str = PASSWORD) -> Headers:
    response = client.post("/api/v1/auth/token", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def sign_in(client: TestClient, container: Container) -> SignIn:
    """``sign_in(Role.AUDITOR, governorates=frozenset({"01"}))`` → headers with a fresh token."""

    def sign_in(*roles: Role, governorates: frozenset[str] = frozenset({ALL_GOVERNORATES})) -> Headers:
        return bearer(client, seed_operator(container, *roles, governorates=governorates))

    return sign_in


def registration(details: CitizenDetails | None = None, /, **overrides: object) -> dict[str, object]:
    """A JSON registration body for a fresh valid citizen of Port Said."""
    details = details or factories.citizen_details()
    body: dict[str, object] = {
        "national_id": details.national_id,
        "name_ar": details.name_ar,
        "residence_governorate": details.residence_governorate,
        "mobile": details.mobile,
    }
    return {**body, **overrides}
