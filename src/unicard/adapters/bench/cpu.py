"""Where the machine's processor time went during a timed run, read from Linux's ``/proc``.

The ratio to pgbench says how far the engine is from the target, not why. Processor time per
authorization does: split between unicard's processes (the engine or the REST servers, and the
bench's own terminal threads) and PostgreSQL's, and set beside what one TPC-B transaction costs
the same machine, it shows how much of the machine each side takes, and so which side a faster
design would have to change. Elsewhere than on Linux every figure is ``None``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

_PROC = Path("/proc")


@dataclass(frozen=True)
class ProcessTimes:
    """One process's line of ``/proc/PID/stat``: its name, its parent and its processor seconds."""

    pid: int
    name: str
    parent: int
    seconds: float


@dataclass(frozen=True)
class CpuSample:
    """Processor seconds used so far: by the whole machine (every core, busy), by PostgreSQL's
    processes, and by this process with its descendants."""

    machine: float
    postgresql: float
    unicard: float


@dataclass(frozen=True)
class CpuUse:
    """The processor seconds used between two samples, over ``wall`` seconds on ``cores``."""

    machine: float
    postgresql: float | None  # None: PostgreSQL does not run on this machine
    unicard: float
    wall: float
    cores: int

    def per_item_ms(self, count: int) -> dict[str, float | None]:
        """Milliseconds of processor time per item (an authorization, a transaction)."""

        def per(seconds: float | None) -> float | None:
            return round(seconds * 1000 / count, 3) if seconds is not None and count else None

        return {
            "machine": per(self.machine),
            "unicard": per(self.unicard),
            "postgresql": per(self.postgresql),
        }

    @property
    def busy_share(self) -> float:
        """The share of the machine's cores that were busy, 0 to 1."""
        return round(self.machine / (self.wall * self.cores), 3) if self.wall > 0 else 0.0


def parse_machine_busy(proc_stat: str, ticks_per_second: int) -> float:
    """Busy processor seconds of all cores from ``/proc/stat``'s first line (idle and I/O wait
    left out; guest time is already inside user time)."""
    first = proc_stat.splitlines()[0].split()
    if first[0] != "cpu":
        raise ValueError(f"not /proc/stat's summary line: {first[0]!r}")
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(value) for value in first[1:9])
    return (user + nice + system + irq + softirq + steal) / ticks_per_second


def parse_process_times(pid: int, stat_line: str, ticks_per_second: int) -> ProcessTimes:
    """``/proc/PID/stat``: the name is between the first ``(`` and the last ``)`` (it may hold
    either); after it come the state, the parent, and at fields 14 and 15 user and system ticks."""
    head, _, rest = stat_line.rpartition(")")
    name = head.partition("(")[2]
    fields = rest.split()
    return ProcessTimes(pid, name, int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks_per_second)


def descendants(root: int, processes: Iterable[ProcessTimes]) -> set[int]:
    """``root`` and every process whose chain of parents leads to it."""
    children: dict[int, list[int]] = {}
    for process in processes:
        children.setdefault(process.parent, []).append(process.pid)
    found, waiting = {root}, [root]
    while waiting:
        for child in children.get(waiting.pop(), []):
            if child not in found:
                found.add(child)
                waiting.append(child)
    return found


def split(processes: Mapping[int, ProcessTimes], machine: float, root: int) -> CpuSample:
    """The processes' seconds shared out: PostgreSQL's (by name), ``root``'s tree's, the machine's."""
    ours = descendants(root, processes.values())
    return CpuSample(
        machine=machine,
        postgresql=sum(p.seconds for p in processes.values() if p.name.startswith("postgres")),
        unicard=sum(processes[pid].seconds for pid in ours if pid in processes),
    )


def sample() -> CpuSample | None:
    """The machine now, or None where there is no ``/proc/stat`` to read."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        machine_before = _machine_busy(ticks)
        processes = _processes(ticks)
        machine_after = _machine_busy(ticks)
    except (OSError, ValueError):
        return None
    # Reading every process takes a few milliseconds while the machine goes on: its time as
    # of the middle of the reading.
    return split(processes, (machine_before + machine_after) / 2, os.getpid())


def _machine_busy(ticks: int) -> float:
    return parse_machine_busy((_PROC / "stat").read_text(), ticks)


def used(
    before: CpuSample | None, after: CpuSample | None, wall: float, *, postgresql: bool = True
) -> CpuUse | None:
    """What was used between ``before`` and ``after`` (None if either could not be read).
    PostgreSQL's share is None when it is not what was measured (``postgresql`` false: SQLite)
    or when no process of its ran here (a server elsewhere)."""
    if before is None or after is None:
        return None
    counted = postgresql and after.postgresql > 0
    return CpuUse(
        machine=after.machine - before.machine,
        postgresql=after.postgresql - before.postgresql if counted else None,
        unicard=after.unicard - before.unicard,
        wall=wall,
        cores=os.cpu_count() or 1,
    )


class CpuClock:
    """The processor time used between :meth:`start` and :meth:`stop`; PostgreSQL's share
    only when ``postgresql`` (the database under test is PostgreSQL)."""

    def __init__(self, *, postgresql: bool = True) -> None:
        self._postgresql = postgresql
        self._before: CpuSample | None = None
        self._started = 0.0
        self.use: CpuUse | None = None

    def start(self) -> None:
        self._before, self._started = sample(), time.perf_counter()

    def stop(self) -> CpuUse | None:
        wall = time.perf_counter() - self._started
        self.use = used(self._before, sample(), wall, postgresql=self._postgresql)
        return self.use


def _processes(ticks: int) -> dict[int, ProcessTimes]:
    found = {}
    for entry in _PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            line = (entry / "stat").read_text()
        except OSError:  # it ended while we looked
            continue
        found[int(entry.name)] = parse_process_times(int(entry.name), line, ticks)
    return found
