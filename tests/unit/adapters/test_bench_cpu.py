"""Processor time for the bench, read from /proc: the parsing, the split, and a live reading."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from unicard.adapters.bench.cpu import (
    CpuClock,
    CpuSample,
    CpuUse,
    ProcessTimes,
    descendants,
    parse_machine_busy,
    parse_process_times,
    split,
    used,
)
from unicard.adapters.bench.pgbench import PgbenchResult, parse_processed

PROC_STAT = "cpu  1000 50 300 9000 40 7 3 10 0 0\ncpu0 500 25 150 4500 20 3 2 5 0 0\n"


def test_machine_busy_leaves_idle_and_io_wait_out() -> None:
    assert parse_machine_busy(PROC_STAT, 100) == pytest.approx((1000 + 50 + 300 + 7 + 3 + 10) / 100)


def test_a_line_that_is_not_the_summary_is_refused() -> None:
    with pytest.raises(ValueError, match="summary line"):
        parse_machine_busy("cpu0 1 2 3 4 5 6 7 8\n", 100)


def test_a_process_name_may_hold_spaces_and_parentheses() -> None:
    line = "4242 (postgres: (x) y) S 17 4242 4242 0 -1 4194560 10 0 0 0 250 50 0 0 20 0 1 0 5 0 0"
    process = parse_process_times(4242, line, 100)
    assert process == ProcessTimes(4242, "postgres: (x) y", parent=17, seconds=3.0)


def test_descendants_follow_parents_down_from_the_root() -> None:
    tree = [ProcessTimes(2, "a", 1, 0), ProcessTimes(3, "b", 2, 0), ProcessTimes(4, "c", 1, 0)]
    assert descendants(2, tree) == {2, 3}


def test_a_sample_splits_postgresql_from_ours() -> None:
    processes = {
        10: ProcessTimes(10, "python", 1, 2.0),
        11: ProcessTimes(11, "python", 10, 1.5),  # an engine process the bench started
        20: ProcessTimes(20, "postgres", 1, 4.0),
        21: ProcessTimes(21, "postgres", 20, 0.5),
        30: ProcessTimes(30, "redis-server", 1, 9.0),
    }
    assert split(processes, machine=50.0, root=10) == CpuSample(50.0, postgresql=4.5, unicard=3.5)


def test_per_item_and_busy_share() -> None:
    use = CpuUse(machine=3.0, postgresql=1.0, unicard=2.0, wall=2.0, cores=2)
    assert use.per_item_ms(1000) == {"machine": 3.0, "unicard": 2.0, "postgresql": 1.0}
    assert use.busy_share == 0.75
    assert CpuUse(1.0, None, 1.0, 1.0, 2).per_item_ms(10)["postgresql"] is None
    assert use.per_item_ms(0)["machine"] is None


def test_no_postgresql_process_is_no_figure_rather_than_zero() -> None:
    before, after = CpuSample(1.0, 0.0, 1.0), CpuSample(2.0, 0.0, 1.5)
    use = used(before, after, 1.0)
    assert use is not None
    assert use.postgresql is None
    assert used(None, after, 1.0) is None


def test_postgresql_is_not_counted_when_the_database_under_test_is_not_it() -> None:
    before, after = CpuSample(1.0, 5.0, 1.0), CpuSample(2.0, 5.1, 1.5)
    use = used(before, after, 1.0, postgresql=False)
    assert use is not None
    assert use.postgresql is None
    assert use.machine == 1.0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_the_clock_counts_this_process_and_its_children() -> None:
    clock = CpuClock()
    clock.start()
    # The child burns 0.3 s, says so, and waits to be let go: once a process has ended, its
    # time is nobody's in /proc, so the clock stops while it is still there.
    burn = (
        "import sys, time\nt = time.process_time()\n"
        "while time.process_time() - t < 0.3: pass\nprint('done', flush=True)\nsys.stdin.readline()"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", burn], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdin is not None
    assert child.stdout is not None
    started = time.process_time()
    while time.process_time() - started < 0.3:
        pass
    line = child.stdout.readline()
    use = clock.stop()
    child.communicate("\n")
    assert line.strip() == "done"
    assert use is not None
    # 0.3 s here and 0.3 s in the child, less a tick or two of rounding each; the machine saw both.
    assert use.unicard >= 0.5
    assert use.machine >= use.unicard - 0.05


def test_pgbench_processed_transactions_are_parsed() -> None:
    output = (
        "number of transactions actually processed: 123456\ntps = 6172.8 (without initial connection time)\n"
    )
    assert parse_processed(output) == 123456
    assert parse_processed("tps = 1.0\n") is None


def test_pgbench_cpu_at_its_peak() -> None:
    result = PgbenchResult(scale=10, seconds=20, tps={1: 1000.0, 4: 3000.0}, cpu_ms={1: 0.4, 4: 0.25})
    assert result.peak_cpu_ms == 0.25
    assert PgbenchResult(scale=10, seconds=20).peak_cpu_ms is None
