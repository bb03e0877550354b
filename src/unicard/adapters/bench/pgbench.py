"""The reference: ``pgbench`` TPC-B on the same PostgreSQL server, in a database of its own.

``pgbench -i -s SCALE`` fills a new database (``pgbench_unicard_<random>``, dropped afterwards),
then ``pgbench -M prepared -j 2 -T SECONDS -c C`` runs for each client count C; the peak TPS is
the figure the authorization rate is compared with. The machine's processor time per
transaction is read around each run (Linux), to set beside an authorization's.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from unicard.adapters.bench import cpu

INSTALL_HINT = (
    "pgbench not found: install it (Debian/Ubuntu: `apt-get install postgresql-contrib` or "
    "`postgresql-client`, which ship /usr/bin/pgbench)"
)
_TPS = re.compile(r"^tps = ([0-9.]+) \(without initial connection time\)", re.MULTILINE)
_TPS_ANY = re.compile(r"^tps = ([0-9.]+)", re.MULTILINE)
_PROCESSED = re.compile(r"^number of transactions actually processed: (\d+)", re.MULTILINE)


@dataclass
class PgbenchResult:
    scale: int
    seconds: int
    tps: dict[int, float] = field(default_factory=dict)  # clients → TPS
    #: clients → the machine's processor milliseconds per transaction (None: not on Linux)
    cpu_ms: dict[int, float | None] = field(default_factory=dict)

    @property
    def peak(self) -> float | None:
        return max(self.tps.values()) if self.tps else None

    @property
    def peak_cpu_ms(self) -> float | None:
        """Processor milliseconds per transaction at the peak's client count."""
        if not self.tps:
            return None
        return self.cpu_ms.get(max(self.tps, key=lambda clients: self.tps[clients]))


def pgbench_path() -> str | None:
    return shutil.which("pgbench")


def parse_tps(output: str) -> float:
    match = _TPS.search(output) or _TPS_ANY.search(output)
    if match is None:
        raise ValueError(f"no tps line in pgbench's output:\n{output}")
    return float(match.group(1))


def parse_processed(output: str) -> int | None:
    match = _PROCESSED.search(output)
    return int(match.group(1)) if match else None


def run_pgbench(
    url: str,
    *,
    clients: Sequence[int] = (1, 4, 8, 16),
    seconds: int = 20,
    scale: int = 10,
    say: Callable[[str], None] = lambda _line: None,
) -> PgbenchResult:
    """TPC-B at each client count on ``url``'s server (a PostgreSQL SQLAlchemy URL)."""
    program = pgbench_path()
    if program is None:
        raise FileNotFoundError(INSTALL_HINT)
    result = PgbenchResult(scale, seconds)
    with _scratch_database(make_url(url)) as (database, environment):
        say(f"pgbench -i -s {scale} into database {database}…")
        _run([program, "-i", "-q", "-s", str(scale), database], environment)
        for count in clients:
            threads = min(2, count)
            command = [program, "-M", "prepared", "-j", str(threads), "-T", str(seconds), "-c", str(count)]
            clock = cpu.CpuClock()
            clock.start()
            output = _run([*command, database], environment)
            use = clock.stop()
            result.tps[count] = parse_tps(output)
            processed = parse_processed(output)
            result.cpu_ms[count] = use.per_item_ms(processed)["machine"] if use and processed else None
            say(f"pgbench -c {count:>2} -j {threads}: {result.tps[count]:,.0f} TPS")
    return result


@contextmanager
def _scratch_database(server: URL) -> Iterator[tuple[str, dict[str, str]]]:
    database = f"pgbench_unicard_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    environment = dict(os.environ)
    for variable, value in (
        ("PGHOST", server.host),
        ("PGPORT", server.port),
        ("PGUSER", server.username),
        ("PGPASSWORD", server.password),
    ):
        if value is not None:
            environment[variable] = str(value)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{database}"'))
        try:
            yield database, environment
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
    finally:
        admin.dispose()


def _run(command: list[str], environment: dict[str, str]) -> str:
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout + done.stderr
