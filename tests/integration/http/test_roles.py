"""Every protected endpoint, read from the app itself: each role it does not admit gets 403.

The endpoints come from the gates on the app's routes (:func:`security.endpoints`), so a new
endpoint is covered the moment it exists, and one that forgets to declare its roles fails here.

Nothing here writes (a refusal happens before the use case, and admitted calls send an empty
body), so the whole matrix shares one database per dialect instead of migrating one per case.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from starlette.testclient import TestClient

from tests import conftest as database
from tests.fakes import FixedClock
from tests.integration.http.conftest import Headers, bearer, make_container, seed_operator
from unicard.adapters.db.engine import make_engine
from unicard.adapters.db.schema import upgrade
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.bootstrap import Container
from unicard.config import Settings
from unicard.domain.operators.operator import Role
from unicard.entrypoints.http_api.app import API_PREFIX, create_app
from unicard.entrypoints.http_api.security import Endpoint, endpoints

PUBLIC_API = {"/api/v1/auth/token"}
#: Terminals authenticate with their own id and secret, not an operator's token (see
#: tests/integration/payments): no operator role opens them.
TERMINAL_API = {"/api/v1/terminal/transactions"}
#: The SMS gateway's webhook is signed with the gateway's shared secret (HMAC), not an operator's
#: or a citizen's token: no role opens it, and tests/integration/cards/test_sms_inbound.py covers
#: its signature, timestamp and the 503 when it is not configured.
GATEWAY_API = {"/api/v1/sms/inbound"}
#: The citizen app authenticates citizens (audience citizen), not operators: no operator role
#: opens these, and tests/integration/app/test_app_api.py covers who does.
CITIZEN_API_PREFIX = "/api/v1/app/"
SAMPLE_PATH_VALUES = {
    "{national_id}": "28503140300137",
    "{number}": "1234567890",
    "{merchant_id}": "BKR-03-000001",
    "{terminal_id}": "T-BKR-03-000001-01",
    "{version}": "2024-06-01.1",
    "{appeal_id}": "1",
    "{name}": "round-2019",
    "{agency}": "electricity",
    "{batch_id}": "1",
    "{token}": "00000000000000000000000000000000",
}


def _route_table() -> list[Endpoint]:
    # Only the route table is read; this engine is never connected to.
    engine = create_engine("sqlite://")
    container = Container(Settings(environment="test"), engine, SqlUnitOfWorkFactory(engine))
    return endpoints(create_app(container))


ENDPOINTS = _route_table()
PROTECTED = [endpoint for endpoint in ENDPOINTS if endpoint.roles is not None]
REFUSED = [(endpoint, role) for endpoint in PROTECTED for role in Role if role not in (endpoint.roles or ())]


class Matrix:
    """One app on one migrated database, with one signed-in operator per role."""

    def __init__(self, client: TestClient, headers: dict[Role, Headers]) -> None:
        self.client = client
        self.headers = headers


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def matrix(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Matrix]:
    with _database(request.param, tmp_path_factory) as database_url:
        engine = make_engine(database_url, pool_size=2)
        upgrade(engine)
        container = make_container(engine, SqlUnitOfWorkFactory(engine), FixedClock())
        with TestClient(create_app(container)) as client:
            yield Matrix(client, {role: bearer(client, seed_operator(container, role)) for role in Role})
        engine.dispose()


@contextlib.contextmanager
def _database(dialect: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Like the suite's ``database_url`` fixture, for a whole module."""
    if dialect == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'roles.sqlite3'}"
        return
    reason = database.postgres_unreachable_reason()
    if reason and database.REQUIRE_POSTGRES:
        pytest.fail(reason)
    if reason:
        pytest.skip(reason)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(database.POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(database.POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def url(endpoint: Endpoint) -> str:
    path = endpoint.path
    for placeholder, value in SAMPLE_PATH_VALUES.items():
        path = path.replace(placeholder, value)
    assert "{" not in path, f"add a sample value for {path}"
    return path


def call(client: TestClient, endpoint: Endpoint, headers: dict[str, str] | None = None) -> tuple[int, str]:
    response = client.request(endpoint.method, url(endpoint), json={}, headers=headers)
    code = response.json().get("code", "") if response.headers["content-type"].endswith("json") else ""
    return response.status_code, code


def name(endpoint: Endpoint) -> str:
    return f"{endpoint.method} {endpoint.path.removeprefix(API_PREFIX)}"


class TestRouteTable:
    def test_is_read_from_the_app(self) -> None:
        # Guards the enumeration: an empty table would make every test below pass vacuously.
        assert len(PROTECTED) >= 15
        assert {"GET /citizens/{national_id}", "POST /households", "GET /audit/verify"} <= {
            name(endpoint) for endpoint in PROTECTED
        }

    def test_every_api_endpoint_but_sign_in_declares_its_roles(self) -> None:
        undeclared = [
            name(endpoint)
            for endpoint in ENDPOINTS
            if endpoint.path.startswith(API_PREFIX)
            and endpoint.path not in PUBLIC_API | TERMINAL_API | GATEWAY_API
            and not endpoint.path.startswith(CITIZEN_API_PREFIX)
            and endpoint.roles is None
        ]
        assert undeclared == []


@pytest.mark.parametrize(("endpoint", "role"), REFUSED, ids=[f"{name(e)} as {r}" for e, r in REFUSED])
def test_a_role_not_admitted_gets_403(matrix: Matrix, endpoint: Endpoint, role: Role) -> None:
    assert call(matrix.client, endpoint, matrix.headers[role]) == (403, "auth.role_forbidden")


@pytest.mark.parametrize("endpoint", PROTECTED, ids=name)
def test_no_token_gets_401(matrix: Matrix, endpoint: Endpoint) -> None:
    assert call(matrix.client, endpoint) == (401, "auth.token_missing")


@pytest.mark.parametrize("endpoint", PROTECTED, ids=name)
def test_every_admitted_role_gets_past_the_gate(matrix: Matrix, endpoint: Endpoint) -> None:
    for role in sorted(endpoint.roles or ()):
        status, code = call(matrix.client, endpoint, matrix.headers[role])
        assert status not in (401, 403), f"{role}: {status} {code}"
