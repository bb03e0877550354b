"""`unicard demo` and `unicard serve` through the CLI; uvicorn is replaced so no server runs
(the workers' test binds their socket, as uvicorn's supervisor would, and closes it)."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any

import pytest
import uvicorn as uvicorn_module
from fastapi import FastAPI
from sqlalchemy import Engine
from typer.testing import CliRunner

from unicard.entrypoints.cli import serve
from unicard.entrypoints.cli.main import app
from unicard.entrypoints.http_api.metrics import MULTIPROCESS_DIR
from unicard.services.demo import DEMO_LOGINS

runner = CliRunner()


class FakeUvicorn:
    """Remembers how it was asked to serve, instead of serving."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, dict[str, Any]]] = []

    def run(self, target: Any, **options: Any) -> None:
        self.calls.append((target, options))


@pytest.fixture
def uvicorn(monkeypatch: pytest.MonkeyPatch) -> FakeUvicorn:
    fake = FakeUvicorn()
    monkeypatch.setattr(serve.uvicorn, "run", fake.run)
    return fake


def free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory: ./var (database, secret key) lands in it; no .env is read."""
    monkeypatch.chdir(tmp_path)
    return tmp_path / "var"


def run_demo(*options: str, env: dict[str, str] | None = None) -> str:
    result = runner.invoke(
        app, ["demo", "--size", "small", *options], env={"UNICARD_DATABASE_URL": "", **(env or {})}
    )
    assert result.exit_code == 0, result.output
    return result.output


class TestDemo:
    def test_builds_and_prints_the_urls_the_logins_and_a_token_command(self, data_dir: Path) -> None:
        output = run_demo("--no-serve", "--port", "8123")
        assert (data_dir / "unicard.sqlite3").exists()
        assert "5,000 citizens" in output
        for path in ("/docs", "/openapi.json", "/healthz", "/readyz", "/metrics"):
            assert f"http://127.0.0.1:8123{path}" in output
        for login in DEMO_LOGINS:
            assert login.username in output
            assert login.password in output
        assert "curl -s -X POST http://127.0.0.1:8123/api/v1/auth/token" in output

    def test_second_run_reuses_the_population(self, data_dir: Path) -> None:
        run_demo("--no-serve")
        output = run_demo("--no-serve")
        assert "reusing the small population (seed 42)" in output
        assert "building" not in output

    def test_a_different_seed_is_offered_a_rebuild_which_the_demo_cards_then_refuse(
        self, data_dir: Path
    ) -> None:
        # The demo's cards and its append-only ledger refer to the population: a rebuild cannot
        # wipe it, and says how to start afresh instead (a rebuild of a registry no card refers
        # to is in test_demo_use_cases).
        run_demo("--no-serve")
        assert "--seed 43 --rebuild" in run_demo("--no-serve", "--seed", "43")
        result = runner.invoke(
            app,
            ["demo", "--size", "small", "--no-serve", "--seed", "43", "--rebuild"],
            env={"UNICARD_DATABASE_URL": ""},
        )
        assert result.exit_code == 1
        assert "demo-credentials.csv" in result.output
        (data_dir / "unicard.sqlite3").unlink()
        (data_dir / "demo-credentials.csv").unlink()
        rebuilt = run_demo("--no-serve", "--seed", "43")
        assert "building" in rebuilt
        assert "seed 43" in rebuilt

    def test_serves_the_app_on_the_chosen_address(self, data_dir: Path, uvicorn: FakeUvicorn) -> None:
        run_demo("--host", "0.0.0.0", "--port", "8124")
        [(target, options)] = uvicorn.calls
        assert isinstance(target, FastAPI)
        assert (options["host"], options["port"]) == ("0.0.0.0", 8124)

    def test_runs_on_the_configured_database(self, database_url: str, data_dir: Path) -> None:
        output = run_demo("--no-serve", env={"UNICARD_DATABASE_URL": database_url})
        assert "5,000 citizens" in output
        assert not (data_dir / "unicard.sqlite3").exists()


class TestServe:
    def test_un_migrated_database_is_refused_naming_the_fix(
        self, data_dir: Path, uvicorn: FakeUvicorn
    ) -> None:
        result = runner.invoke(app, ["serve"], env={"UNICARD_DATABASE_URL": ""})
        assert result.exit_code == 1
        assert "unicard db upgrade" in result.output
        assert "Traceback" not in result.output
        assert uvicorn.calls == []

    def test_production_without_a_secret_key_is_refused(self, data_dir: Path, uvicorn: FakeUvicorn) -> None:
        env = {"UNICARD_DATABASE_URL": "", "UNICARD_ENVIRONMENT": "production", "UNICARD_SECRET_KEY": ""}
        result = runner.invoke(app, ["serve"], env=env)
        assert result.exit_code == 2
        assert "UNICARD_SECRET_KEY must be set in production" in result.output
        assert uvicorn.calls == []

    def test_current_schema_is_served(
        self, database_url: str, engine: Engine, data_dir: Path, uvicorn: FakeUvicorn
    ) -> None:
        result = runner.invoke(app, ["serve", "--port", "8125"], env={"UNICARD_DATABASE_URL": database_url})
        assert result.exit_code == 0, result.output
        [(target, options)] = uvicorn.calls
        assert isinstance(target, FastAPI)
        assert (options["host"], options["port"]) == ("127.0.0.1", 8125)

    def test_workers_build_their_own_app_with_one_shared_key(
        self,
        database_url: str,
        engine: Engine,
        data_dir: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        supervised: list[tuple[uvicorn_module.Config, list[socket.socket]]] = []

        class FakeMultiprocess:
            def __init__(self, config: uvicorn_module.Config, sockets: list[socket.socket]) -> None:
                supervised.append((config, sockets))

            def run(self) -> None:
                shared = os.environ[MULTIPROCESS_DIR]  # what the workers would inherit
                metrics_dirs.append(shared)
                assert Path(shared).is_dir()
                assert not any(Path(shared).iterdir())  # no counts from an earlier run

        metrics_dirs: list[str] = []
        monkeypatch.setattr(serve, "Multiprocess", FakeMultiprocess)
        monkeypatch.delenv(MULTIPROCESS_DIR, raising=False)
        monkeypatch.setenv("UNICARD_SECRET_KEY", "")  # unset, and put back as it was afterwards
        arguments = ["serve", "--workers", "2", "--port", str(free_port())]
        result = runner.invoke(app, arguments, env={"UNICARD_DATABASE_URL": database_url})
        assert result.exit_code == 0, result.output
        [(config, [listening])] = supervised
        assert (config.app, config.factory, config.workers) == (
            "unicard.entrypoints.cli.serve:worker_app",
            True,
            2,
        )
        # Answers leave at once: without it every answer on a kept-alive connection waited ~40 ms.
        with listening:
            assert listening.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        assert os.environ["UNICARD_SECRET_KEY"]  # what every worker's Settings() will read
        # The workers' metrics were summed from one directory, gone with them.
        [shared] = metrics_dirs
        assert not Path(shared).exists()
        assert MULTIPROCESS_DIR not in os.environ
        assert isinstance(serve.worker_app(), FastAPI)
