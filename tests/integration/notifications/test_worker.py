"""The worker: its loop, ``unicard worker run --once``, and a graceful stop on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from tests.fakes import FakeSmsGateway, FixedClock
from tests.integration.notifications.conftest import queue, recipient
from unicard.adapters.clock import SystemClock
from unicard.adapters.db.unit_of_work import SqlUnitOfWork, SqlUnitOfWorkFactory
from unicard.entrypoints.cli.main import app
from unicard.entrypoints.worker.dispatcher import Dispatcher

runner = CliRunner()
UNICARD = Path(sys.executable).with_name("unicard")
PATIENCE = 15.0  # seconds; a bound on a hang, never an expectation of speed


def eventually(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.01)


class TestLoop:
    def test_once_delivers_everything_due_then_returns(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, gateway: FakeSmsGateway
    ) -> None:
        for n in range(5):
            queue(uow_factory, clock, to=recipient(n))
        report = Dispatcher(uow_factory, gateway, clock, batch=2).run(threading.Event(), once=True)
        assert (report.sent, gateway.count) == (5, 5)

    def test_runs_until_stopped_delivering_what_arrives(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, gateway: FakeSmsGateway
    ) -> None:
        stop = threading.Event()
        dispatcher = Dispatcher(uow_factory, gateway, clock, poll_seconds=0.01)
        worker = threading.Thread(target=dispatcher.run, args=(stop,))
        worker.start()
        try:
            queue(uow_factory, clock)  # arrives while the worker is idle
            eventually(lambda: gateway.count == 1)
        finally:
            stop.set()
            worker.join(PATIENCE)
        assert not worker.is_alive()

    def test_a_failing_database_does_not_end_the_loop(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, gateway: FakeSmsGateway
    ) -> None:
        calls = 0

        def flaky() -> SqlUnitOfWork:
            nonlocal calls
            calls += 1
            if calls == 1:
                raise ConnectionError("database restarting")
            return uow_factory()

        queue(uow_factory, clock)
        stop = threading.Event()
        worker = threading.Thread(
            target=Dispatcher(flaky, gateway, clock, poll_seconds=0.01).run, args=(stop,)
        )
        worker.start()
        try:
            eventually(lambda: gateway.count == 1)
        finally:
            stop.set()
            worker.join(PATIENCE)
        assert calls > 1


class TestCommand:
    def test_run_once_prints_the_sms_with_the_console_gateway(
        self, database_url: str, engine: Engine, uow_factory: SqlUnitOfWorkFactory
    ) -> None:
        queue(uow_factory, SystemClock())  # the command runs on the real clock
        env = {"UNICARD_DATABASE_URL": database_url, "UNICARD_SMS_GATEWAY": "console"}
        result = runner.invoke(app, ["worker", "run", "--once"], env=env)
        assert result.exit_code == 0, result.output
        assert "خصم ٥٠٫٠٠ ج.م. من محفظتك لدى مخبز الأمل" in result.output
        assert "SMS to +201012345678" in result.output
        assert "sent 1, retrying 0, failed 0" in result.output

        status = runner.invoke(app, ["worker", "status"], env=env)
        assert "pending 0, sent 1, failed 0" in status.output

    def test_sigterm_stops_the_worker_gracefully(self, database_url: str, engine: Engine) -> None:
        env = {
            **os.environ,
            "UNICARD_DATABASE_URL": database_url,
            "UNICARD_LOG_JSON": "true",
            "PYTHONUNBUFFERED": "1",
        }
        worker = subprocess.Popen(
            [str(UNICARD), "worker", "run", "--poll-seconds", "0.05"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            assert worker.stdout is not None
            lines = [worker.stdout.readline()]
            while "worker.started" not in lines[-1]:
                assert lines[-1], f"the worker exited: {''.join(lines)}"
                lines.append(worker.stdout.readline())
            worker.send_signal(signal.SIGTERM)
            output, _ = worker.communicate(timeout=PATIENCE)
        finally:
            if worker.poll() is None:
                worker.kill()
        assert worker.returncode == 0, output
        assert '"on_request": true' in output
        assert "stopped by SIGTERM" in output
