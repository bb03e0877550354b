"""``unicard serve``: the HTTP API on the configured database, refusing cleanly when it cannot.

A configuration error (say, production without ``UNICARD_SECRET_KEY``), an unreachable database
or an out-of-date schema each end the command with one line saying what is wrong and what fixes
it, before the server starts: never a traceback from inside uvicorn's startup.
"""

from __future__ import annotations

import os
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
import uvicorn
from fastapi import FastAPI
from pydantic import ValidationError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from uvicorn.supervisors import Multiprocess

from unicard.adapters.db.schema import SchemaOutOfDate, ensure_current
from unicard.bootstrap import Container, bootstrap
from unicard.config import Settings
from unicard.entrypoints.cli.console import errors
from unicard.entrypoints.http_api.app import create_app
from unicard.entrypoints.http_api.metrics import MULTIPROCESS_DIR

HostOption = Annotated[str | None, typer.Option("--host", help="Address to listen on [UNICARD_HOST].")]
PortOption = Annotated[int | None, typer.Option("--port", min=1, max=65_535, help="Port [UNICARD_PORT].")]


def serve_command(
    host: HostOption = None,
    port: PortOption = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Worker processes.")] = 1,
) -> None:
    """Serve the HTTP API (docs at /docs) on the configured database."""
    settings = settings_or_exit()
    with wired_or_exit(settings) as wired:
        ensure_current_or_exit(wired)
        run_server(wired, host or settings.host, port or settings.port, workers=workers)


def settings_or_exit(**overrides: Any) -> Settings:
    """The settings, or exit 2 with each problem on one line (no pydantic traceback)."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        for problem in error.errors():
            field = ".".join(str(part) for part in problem["loc"])
            message = str(problem["msg"]).removeprefix("Value error, ")
            say(f"[red]configuration error:[/] {field + ': ' if field else ''}{message}")
        raise typer.Exit(2) from None


@contextmanager
def wired_or_exit(settings: Settings) -> Iterator[Container]:
    """The container; an unreachable database inside the block ends the command in one line."""
    wired = bootstrap(settings)
    try:
        yield wired
    except OperationalError as error:
        where = make_url(settings.database_url).render_as_string(hide_password=True)
        reason = str(error.orig).strip().splitlines()[0]  # the driver's hint lines add nothing here
        say(f"[red]cannot use the database at {where}:[/] {reason}")
        raise typer.Exit(1) from None
    finally:
        wired.engine.dispose()


def ensure_current_or_exit(wired: Container) -> None:
    # The app's startup would refuse too, but from inside uvicorn, as a traceback.
    try:
        ensure_current(wired.engine)
    except SchemaOutOfDate as error:
        say(f"[red]{error}[/]")
        raise typer.Exit(1) from None


def say(problem: str) -> None:
    """One problem on one line of stderr, however narrow the terminal: easy to grep and to read."""
    errors.print(problem, soft_wrap=True)


def run_server(wired: Container, host: str, port: int, *, workers: int = 1) -> None:
    if workers == 1:
        uvicorn.run(create_app(wired), host=host, port=port, access_log=False)
        return
    # Each worker process builds its own app from the environment; they must all sign and check
    # tokens with one key, so a key generated here (none configured) is handed down to them.
    if not os.environ.get("UNICARD_SECRET_KEY"):
        os.environ["UNICARD_SECRET_KEY"] = wired.settings.secret_key
    wired.engine.dispose()  # no pooled connection may cross into the workers
    config = NoDelayConfig(
        f"{__name__}:worker_app", factory=True, host=host, port=port, workers=workers, access_log=False
    )
    with metrics_shared_by_workers():
        Multiprocess(config, sockets=[config.bind_socket()]).run()  # as uvicorn.run(workers=…) does


@contextmanager
def metrics_shared_by_workers() -> Iterator[None]:
    """Workers started inside count their metrics into one fresh directory that each one's
    /metrics sums (``http_api/metrics.py``); it is removed when they are done. A directory the
    operator configured is used as it is and kept."""
    if os.environ.get(MULTIPROCESS_DIR):
        yield
        return
    with tempfile.TemporaryDirectory(prefix="unicard-metrics-") as directory:
        os.environ[MULTIPROCESS_DIR] = directory
        try:
            yield
        finally:
            del os.environ[MULTIPROCESS_DIR]


class NoDelayConfig(uvicorn.Config):
    """uvicorn's settings, its workers' shared socket sending each answer as soon as written.

    The socket uvicorn binds for its workers is made without naming TCP, so asyncio does not
    turn Nagle's algorithm off on the connections it accepts (it does when uvicorn binds for
    one process). A terminal keeping its connection open then waited ~40 ms for every answer
    (the answer's last bytes held until the terminal's delayed ACK): 43 ms a request with
    two workers against 1.2 ms with one, measured here. Accepted connections inherit the
    option from the listening socket."""

    def bind_socket(self) -> socket.socket:
        listening = super().bind_socket()
        if listening.family in (socket.AF_INET, socket.AF_INET6):
            listening.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return listening


def worker_app() -> FastAPI:
    """The app of one worker process (uvicorn imports this by name when ``--workers`` > 1)."""
    return create_app(bootstrap(Settings()))
