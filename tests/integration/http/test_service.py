"""The platform endpoints, the startup schema check, request ids, logs, metrics and OpenAPI."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator

import pytest
import structlog
from fastapi import FastAPI
from sqlalchemy import Engine
from starlette.testclient import TestClient

from tests.fakes import FixedClock
from tests.integration.http.conftest import make_container
from unicard.adapters.db.engine import make_engine
from unicard.adapters.db.schema import SchemaOutOfDate
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.bootstrap import Container
from unicard.config import Settings
from unicard.entrypoints.http_api.app import create_app


@pytest.fixture
def unmigrated_engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url, pool_size=2)
    yield engine
    engine.dispose()


def app_on(engine: Engine, clock: FixedClock) -> FastAPI:
    return create_app(make_container(engine, SqlUnitOfWorkFactory(engine), clock))


class TestHealth:
    def test_healthz_says_the_process_is_alive(self, client: TestClient) -> None:
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}

    def test_readyz_is_ready_on_a_migrated_database(self, client: TestClient) -> None:
        response = client.get("/readyz")
        assert response.status_code == 200
        assert response.json() == {"status": "ready"}

    def test_readyz_is_503_on_an_unmigrated_database(
        self, unmigrated_engine: Engine, clock: FixedClock
    ) -> None:
        client = TestClient(app_on(unmigrated_engine, clock))  # no "with": startup would refuse
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "server.schema_out_of_date"
        assert "unicard db upgrade" in response.json()["detail_en"]

    def test_readyz_is_503_when_the_database_is_unreachable(self, clock: FixedClock) -> None:
        engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none", pool_size=1)
        client = TestClient(app_on(engine, clock))
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["code"] == "server.database_unreachable"
        engine.dispose()


class TestStartup:
    def test_refuses_to_start_on_an_unmigrated_database(
        self, unmigrated_engine: Engine, clock: FixedClock
    ) -> None:
        app = app_on(unmigrated_engine, clock)
        with pytest.raises(SchemaOutOfDate, match="run `unicard db upgrade`"), TestClient(app):
            pass  # pragma: no cover - startup fails first

    def test_freezes_what_start_up_made_when_asked(
        self, engine: Engine, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        container = make_container(engine, uow_factory, clock)
        container.settings.freeze_heap = True
        with TestClient(create_app(container)):
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() == 0  # thawed at shutdown

    def test_tests_do_not_freeze(self, client: TestClient) -> None:
        assert client.app.state.container.settings.freeze_heap is False  # type: ignore[attr-defined]
        assert gc.get_freeze_count() == 0


class TestRequestId:
    def test_every_response_has_one(self, client: TestClient) -> None:
        for response in (client.get("/healthz"), client.get("/api/v1/operators/me"), client.get("/nowhere")):
            assert len(response.headers["X-Request-ID"]) >= 16

    def test_a_sane_id_from_the_caller_is_kept(self, client: TestClient) -> None:
        response = client.get("/healthz", headers={"X-Request-ID": "pos-17.2026-11-22:0001"})
        assert response.headers["X-Request-ID"] == "pos-17.2026-11-22:0001"

    @pytest.mark.parametrize("offered", ["has space", "x" * 200, "inject\u202edid", "a;b", ""])
    def test_an_odd_id_from_the_caller_is_replaced(self, client: TestClient, offered: str) -> None:
        response = client.get("/healthz", headers={"X-Request-ID": offered.encode()})
        assert response.headers["X-Request-ID"] not in (offered, "")

    def test_problem_bodies_carry_it(self, client: TestClient) -> None:
        response = client.get("/api/v1/operators/me")
        assert response.json()["request_id"] == response.headers["X-Request-ID"]

    def test_every_log_line_of_a_request_carries_it(self, client: TestClient) -> None:
        with structlog.testing.capture_logs(processors=[structlog.contextvars.merge_contextvars]) as logs:
            response = client.get("/healthz", headers={"X-Request-ID": "trace-me-1"})
        (line,) = [entry for entry in logs if entry["event"] == "request"]
        assert line["request_id"] == response.headers["X-Request-ID"] == "trace-me-1"
        assert line["method"] == "GET"
        assert line["path"] == "/healthz"
        assert line["status"] == 200
        assert line["duration_ms"] >= 0


class TestRoutingProblems:
    def test_unknown_path_is_a_404_problem(self, client: TestClient) -> None:
        response = client.get("/api/v1/nothing-here", headers={"Accept-Language": "en"})
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "request.no_such_route"
        assert response.json()["title"] == "Not found"

    def test_wrong_method_is_a_405_problem_with_allow(self, client: TestClient) -> None:
        response = client.delete("/healthz")
        assert response.status_code == 405
        assert response.json()["code"] == "request.method_not_allowed"
        assert "DELETE" in response.json()["detail_en"]
        assert "GET" in response.headers["Allow"]


class TestUnexpectedErrors:
    @pytest.fixture
    def failing_app(self, app: FastAPI) -> FastAPI:
        def explode() -> None:
            raise RuntimeError("connection string postgresql://secret@db")

        app.add_api_route("/explode", explode)
        return app

    def test_answer_500_problem_without_a_stack_trace(self, failing_app: FastAPI) -> None:
        with (
            structlog.testing.capture_logs(processors=[structlog.contextvars.merge_contextvars]) as logs,
            TestClient(failing_app) as client,
        ):
            response = client.get("/explode")
        assert response.status_code == 500
        assert response.headers["content-type"] == "application/problem+json"
        body = response.json()
        assert body["code"] == "server.internal"
        assert body["request_id"] == response.headers["X-Request-ID"]
        assert body["request_id"] in body["detail_en"]
        assert "secret" not in response.text
        assert "Traceback" not in response.text
        (failure,) = [entry for entry in logs if entry["event"] == "request.failed"]
        assert failure["request_id"] == body["request_id"]
        assert failure["exc_info"] is True

    def test_json_log_lines_hold_the_traceback_and_request_id(
        self, engine: Engine, clock: FixedClock, capsys: pytest.CaptureFixture[str]
    ) -> None:
        settings = Settings(environment="test", log_json=True)
        app = create_app(Container(settings, engine, SqlUnitOfWorkFactory(engine), clock))
        app.add_api_route("/explode", _explode)
        with TestClient(app) as client:
            response = client.get("/explode")
        lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
        failure = next(line for line in lines if line["event"] == "request.failed")
        assert failure["request_id"] == response.headers["X-Request-ID"]
        assert "RuntimeError" in json.dumps(failure["exception"])
        assert "hunter2" not in json.dumps(lines)


def _explode() -> None:
    password = "hunter2 was here"  # a local that must not reach the logs
    raise RuntimeError("boom " + str(len(password)))


class TestMetrics:
    def test_counts_requests_by_route_template_and_status(self, client: TestClient) -> None:
        client.get("/healthz")
        client.get("/api/v1/citizens/28503140300137")  # 401: no token
        client.get("/nowhere/12345")
        text = client.get("/metrics").text
        assert 'unicard_http_requests_total{method="GET",route="/healthz",status="200"} 1.0' in text
        citizen = 'route="/api/v1/citizens/{national_id}",status="401"} 1.0'
        assert 'unicard_http_requests_total{method="GET",' + citizen in text
        assert 'route="<unmatched>",status="404"' in text
        assert "unicard_http_request_duration_seconds_bucket" in text

    def test_each_app_counts_alone(self, app: FastAPI, container: Container) -> None:
        with TestClient(app) as first, TestClient(create_app(container)) as second:
            first.get("/healthz")
            assert 'route="/healthz"' not in second.get("/metrics").text


class TestOpenApi:
    def test_lists_the_routes_with_their_roles(self, client: TestClient) -> None:
        schema = client.get("/openapi.json").json()
        paths = schema["paths"]
        assert "/api/v1/auth/token" in paths
        assert "/readyz" in paths
        assert paths["/api/v1/citizens/{national_id}"]["get"]["x-roles"] == [
            "admin",
            "auditor",
            "health_officer",
            "post_clerk",
            "supply_officer",
        ]
        assert paths["/api/v1/operators"]["post"]["x-roles"] == ["admin"]
        assert "x-roles" not in paths["/api/v1/auth/token"]["post"]

    def test_errors_are_described_as_problem_json(self, client: TestClient) -> None:
        schema = client.get("/openapi.json").json()
        responses = schema["paths"]["/api/v1/citizens"]["post"]["responses"]
        for status in ("401", "403", "409", "422"):
            assert list(responses[status]["content"]) == ["application/problem+json"], status
        assert list(responses["201"]["content"]) == ["application/json"]
        assert "ProblemOut" in schema["components"]["schemas"]
        assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"

    def test_the_terminals_door_is_the_first_route_tried(self, client: TestClient) -> None:
        # Routes are tried in order (the schema lists them so): last of ~100, a terminal's
        # request spent ~120 µs of the server's interpreter being matched.
        paths = list(client.get("/openapi.json").json()["paths"])
        assert paths[0] == "/api/v1/terminal/transactions"

    def test_docs_are_served(self, client: TestClient) -> None:
        assert client.get("/docs").status_code == 200
