"""Every database test runs twice: on a fresh SQLite file and on a fresh PostgreSQL schema.

PostgreSQL comes from ``UNICARD_TEST_POSTGRES_URL`` (default: this machine's trust-auth server).
When it is unreachable the PostgreSQL half is skipped with the reason shown in the summary —
unless ``UNICARD_REQUIRE_POSTGRES=1`` (set by ``.ci/run`` once it has a server), which makes
that a failure instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import cache

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from tests.fakes import FixedClock
from unicard.adapters.db.engine import make_engine
from unicard.adapters.db.schema import upgrade
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory

# Hypothesis's per-example deadline is a timed assertion: on a shared, loaded machine it fails
# correct code. Examples are bounded by max_examples instead.
settings.register_profile("unicard", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("unicard")

# Commands run in tests read Settings() from the environment: keep them out of ./var.
os.environ.setdefault("UNICARD_ENVIRONMENT", "test")

POSTGRES_URL = os.environ.get(
    "UNICARD_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("UNICARD_REQUIRE_POSTGRES") == "1"


@cache
def postgres_unreachable_reason() -> str | None:
    try:
        probe = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with probe.connect() as connection:
            connection.execute(text("SELECT 1"))
        probe.dispose()
    except Exception as error:
        return f"PostgreSQL at {make_url(POSTGRES_URL).render_as_string()} unreachable: {error}"
    return None


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'unicard.sqlite3'}"
        return
    reason = postgres_unreachable_reason()
    if reason:
        if REQUIRE_POSTGRES:
            pytest.fail(reason)
        pytest.skip(reason)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated, empty database."""
    engine = make_engine(database_url, pool_size=5)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def uow_factory(engine: Engine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(engine)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()
