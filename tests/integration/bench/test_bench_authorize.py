"""`unicard bench authorize` at a tiny scale: it runs, and its last line is the JSON it promises.

No timing is asserted: the figures are for people, and this machine is shared.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import cast

import pytest
from typer.testing import CliRunner

from tests.conftest import POSTGRES_URL, REQUIRE_POSTGRES, postgres_unreachable_reason
from unicard.adapters.bench import cpu
from unicard.adapters.bench.cpu import CpuClock
from unicard.adapters.bench.load import Workload
from unicard.adapters.bench.pgbench import parse_tps
from unicard.entrypoints.cli.bench import _drive_in_processes, _Share
from unicard.entrypoints.cli.main import app

KEYS = {
    "benchmark",
    "database",
    "households",
    "workers",
    "seconds",
    "authorizations",
    "approved",
    "declined",
    "authorizations_per_s",
    "p50_ms",
    "p99_ms",
    "pgbench_peak_tps",
    "ratio",
    "cpus",
    "cpu_busy_share",
    "cpu_ms_per_authorization",
    "pgbench_cpu_ms_per_transaction",
}
TINY = ["--households", "40", "--bakeries", "3", "--grocers", "2", "--workers", "2", "--seconds", "2"]


def run(*arguments: str) -> dict[str, object]:
    result = CliRunner().invoke(app, ["bench", "authorize", *TINY, *arguments])
    assert result.exit_code == 0, result.output
    line = json.loads(result.stdout.strip().splitlines()[-1])
    assert isinstance(line, dict)
    assert line.keys() >= KEYS
    assert line["benchmark"] == "authorize"
    assert line["households"] == 40
    assert line["errors"] == 0
    assert line["ledger_clean"] is True
    assert line["authorizations"] == line["approved"] + line["declined"]
    assert line["authorizations"] > 0
    return line


def test_engine_on_sqlite() -> None:
    line = run("--database-url", "sqlite://")
    assert line["database"] == "sqlite"
    assert line["channel"] == "engine"
    assert line["months_open"] is False
    assert line["pgbench_peak_tps"] is None
    assert line["ratio"] is None
    assert line["pgbench_cpu_ms_per_transaction"] is None
    if sys.platform.startswith("linux"):
        assert _ms_per_authorization(line, "unicard") > 0
        used = line["cpu_ms_per_authorization"]
        assert isinstance(used, dict)
        assert used["postgresql"] is None  # a server idling beside SQLite is not its cost


def _ms_per_authorization(line: dict[str, object], side: str) -> float:
    used = line["cpu_ms_per_authorization"]
    assert isinstance(used, dict)
    value = used[side]
    assert isinstance(value, float)
    return value


def test_months_open_before_timing_on_sqlite() -> None:
    line = run("--database-url", "sqlite://", "--months-open")
    assert line["months_open"] is True
    assert line["first_use"] == 0  # every household had its first bread before the clock started


def test_arrivals_at_a_rate_on_sqlite() -> None:
    line = run("--database-url", "sqlite://", "--rate", "20")
    assert line["offered_per_s"] == 20.0
    assert line["processes"] == 1


def test_engine_processes_on_sqlite() -> None:
    line = run("--database-url", "sqlite://", "--processes", "2", "--rate", "10")
    assert line["processes"] == 2
    if sys.platform.startswith("linux"):  # the engine processes are the bench's children
        assert _ms_per_authorization(line, "unicard") > 0


def test_more_processes_than_threads_are_refused() -> None:
    arguments = ["bench", "authorize", *TINY, "--database-url", "sqlite://", "--processes", "3"]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 2
    assert "at least as many --workers" in result.output


def test_rest_on_sqlite() -> None:
    line = run("--database-url", "sqlite://", "--http")
    assert line["channel"] == "rest"


def test_rest_with_two_server_processes_on_sqlite() -> None:
    line = run("--database-url", "sqlite://", "--http", "--processes", "2")
    assert (line["channel"], line["processes"]) == ("rest", 2)


def test_cards_authenticated_in_engine_processes_on_sqlite() -> None:
    line = run("--database-url", "sqlite://", "--emv", "--months-open", "--processes", "2", "--rate", "10")
    assert (line["card_authentication"], line["processes"]) == ("emv", 2)
    assert line["approved"] > line["declined"]
    # A card's requests stay in one process, one thread each here: none is out of order.
    assert not [reason for reason in line["declines_by_reason"] if reason.startswith("emv.")]


def test_cards_authenticated_through_rest_on_sqlite() -> None:
    line = run("--database-url", "sqlite://", "--emv", "--http")
    assert (line["card_authentication"], line["channel"]) == ("emv", "rest")
    assert line["approved"] > line["declined"]
    # Only two requests for one card in flight at once may arrive out of order.
    card_declines = {reason for reason in line["declines_by_reason"] if reason.startswith("emv.")}
    assert card_declines <= {"emv.atc_replayed"}


@pytest.mark.postgres
def test_engine_on_postgres_without_pgbench() -> None:
    reason = postgres_unreachable_reason()
    if reason:
        if REQUIRE_POSTGRES:
            pytest.fail(reason)
        pytest.skip(reason)
    line = run("--database-url", POSTGRES_URL, "--no-pgbench")
    assert line["database"] == "postgresql"
    assert line["ratio"] is None
    if sys.platform.startswith("linux") and _postgresql_runs_here():
        assert _ms_per_authorization(line, "unicard") > 0
        assert _ms_per_authorization(line, "postgresql") > 0
        assert _ms_per_authorization(line, "machine") >= _ms_per_authorization(line, "unicard")


def _postgresql_runs_here() -> bool:
    sampled = cpu.sample()
    return sampled is not None and sampled.postgresql > 0


def test_pgbench_output_is_parsed() -> None:
    output = "latency average = 1.2 ms\ntps = 6210.4 (without initial connection time)\n"
    assert parse_tps(output) == pytest.approx(6210.4)


@dataclass(frozen=True)
class _NoWorkload:
    """Just enough of a workload for an engine process to get as far as its database."""

    run_id: str = "x"
    cards: None = None


def test_an_engine_process_that_cannot_start_is_reported_at_once() -> None:
    # A process that fails before the starting line breaks it: the others and the parent stop
    # waiting for it (they would wait two minutes) and its reason is what the run reports.
    share = _Share("nosuchdb://nowhere", "key", False, cast(Workload, _NoWorkload()), 1, (), None)
    with pytest.raises(RuntimeError, match="an engine process failed: NoSuchModuleError"):
        _drive_in_processes(share, [1, 1], 5.0, CpuClock())
