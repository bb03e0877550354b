"""The payments world, with the host's EMV card authentication switched on (demo issuer keys)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from tests.fakes import FixedClock
from tests.integration.http.conftest import TestClient, make_container
from tests.integration.payments.conftest import world  # noqa: F401 - the shared fixture
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.adapters.security.key_store import SoftwareKeyStore
from unicard.bootstrap import Container
from unicard.entrypoints.http_api.app import create_app
from unicard.services.cards.security.verifier import EmvCardholderVerifier


@pytest.fixture
def container(engine: Engine, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> Container:
    wired = make_container(engine, uow_factory, clock)
    wired.cardholder_verifier = EmvCardholderVerifier(SoftwareKeyStore.demo(), clock)
    return wired


@pytest.fixture
def client(container: Container) -> Iterator[object]:
    with TestClient(create_app(container)) as client:
        yield client
