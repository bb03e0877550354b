"""``unicard bench authorize``: authorizations per second against the pgbench TPC-B peak.

Seeds a throw-away Port Said world (a ``bench_<random>`` schema on PostgreSQL, a temporary file
on SQLite), drives bread purchases and ration redemptions through the authorization engine (or,
with ``--http``, through the terminal REST API) from N threads for a fixed time, then runs
``pgbench`` TPC-B on the same server. Progress goes to stderr; the last line on stdout is one
JSON object.
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import random
import secrets
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Annotated, Any

import httpx
import typer
import uvicorn
from rich.console import Console
from sqlalchemy.engine import make_url

from unicard.adapters.bench.cpu import CpuClock
from unicard.adapters.bench.load import BenchCards, Job, LoadResult, Send, Workload, drive, merged
from unicard.adapters.bench.pgbench import INSTALL_HINT, PgbenchResult, pgbench_path, run_pgbench
from unicard.adapters.bench.world import (
    DEFAULT_POSTGRES_URL,
    BenchWorld,
    refresh_statistics,
    scratch_database,
    seed_world,
)
from unicard.adapters.db.engine import make_engine
from unicard.adapters.db.schema import upgrade
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.bootstrap import Container, derived_key, with_card_authentication
from unicard.config import Settings
from unicard.domain.payments.types import TransactionType
from unicard.domain.shared.clock import cairo_date
from unicard.entrypoints.cli.serve import NoDelayConfig
from unicard.entrypoints.heap import long_lived_frozen
from unicard.entrypoints.http_api.app import create_app
from unicard.services.ledger import ledger_report
from unicard.services.payments.engine import Submission
from unicard.services.payments.group_commit import GroupCommitAuthorizer

app = typer.Typer(help="Benchmarks on a throw-away database.", no_args_is_help=True)
progress = Console(stderr=True)

_URL = "/api/v1/terminal/transactions"


@app.command("authorize")
def authorize_command(
    database_url: Annotated[
        str, typer.Option("--database-url", help="Server to bench (a fresh schema or SQLite file is made).")
    ] = DEFAULT_POSTGRES_URL,
    households: Annotated[int, typer.Option(min=1, help="Ration households (Port Said: 42,000).")] = 42_000,
    bakeries: Annotated[int, typer.Option(min=1)] = 500,
    grocers: Annotated[int, typer.Option(min=1)] = 200,
    workers: Annotated[
        int, typer.Option(min=1, help="Terminals sending at once, a thread each (Port Said has 700).")
    ] = 64,
    seconds: Annotated[float, typer.Option(min=0.1, help="How long to drive authorizations.")] = 20.0,
    ration_share: Annotated[float, typer.Option(min=0.0, max=1.0, help="Share of ration redemptions.")] = 0.1,
    pgbench: Annotated[bool, typer.Option("--pgbench/--no-pgbench", help="Measure TPC-B too.")] = True,
    pgbench_seconds: Annotated[int, typer.Option(min=1, help="pgbench -T per client count.")] = 20,
    pgbench_clients: Annotated[str, typer.Option(help="pgbench -c values, comma-separated.")] = "1,4,8,16",
    http: Annotated[
        bool,
        typer.Option(
            "--http", help="Through the REST API: uvicorn in its own process(es), the clients in this one."
        ),
    ] = False,
    seed: Annotated[int, typer.Option(help="Population and workload seed.")] = 42,
    months_open: Annotated[
        bool,
        typer.Option(
            "--months-open/--months-new",
            help="Open every household's month before timing (its first bread, through the engine):"
            " a mid-month day. Default: the first day of a month, nearly every request a first use.",
        ),
    ] = False,
    processes: Annotated[
        int,
        typer.Option(
            min=1,
            help="Engine processes sharing the threads out, each with its own group commit, as"
            " `unicard serve --workers` runs them. With --http: server processes, the clients'"
            " threads in this one.",
        ),
    ] = 1,
    rate: Annotated[
        float | None,
        typer.Option(
            min=0.1,
            help="Requests arriving per second at random moments (open loop: the latency at that"
            " load). Default: every thread sends again as soon as it is answered (the most answered).",
        ),
    ] = None,
    emv: Annotated[
        bool,
        typer.Option(
            "--emv",
            help="Card authentication as in production: every request carries its card's ARQC over a"
            " new ATC, checked and kept by the engine. Default: off, as in the earlier rounds' figures.",
        ),
    ] = False,
) -> None:
    """Authorizations/s, p50/p99 latency and the ratio to pgbench's TPC-B peak, as one JSON line."""
    threads = workers
    if processes > threads:
        raise typer.BadParameter(
            f"{processes} processes need at least as many --workers", param_hint="--processes"
        )
    secret_key = secrets.token_urlsafe(32)
    clients = [int(part) for part in pgbench_clients.split(",") if part.strip()]
    dialect = make_url(database_url).get_backend_name()
    with scratch_database(database_url) as url:
        say(f"[bold]bench authorize[/] on {dialect} ({make_url(url).render_as_string()})")
        with _container(url, secret_key, emv=emv, pool_size=threads + 4) as container:
            world = _seed(container, households, bakeries, grocers, seed, card_security=emv)
            cards = BenchCards(cairo_date(container.clock.now())) if emv else None
            workload = Workload(world, ration_share=ration_share, run_id=uuid.uuid4().hex[:8], cards=cards)
            channel = "rest" if http else "engine"
            used = _open_months(container, world, workload, seed) if months_open else []
            say(
                f"driving {channel} authorizations from {threads} threads"
                f"{f' in {processes} processes' if processes > 1 else ''}"
                f"{f', {rate:g} arriving per second' if rate else ''} for {seconds:g} s…"
            )
            share = _Share(url, secret_key, emv, workload, seed, used, rate / processes if rate else None)
            clock = CpuClock(postgresql=dialect == "postgresql")
            if http:
                with _servers(share, threads, processes) as base_urls:
                    share = _warm_up(container, share, threads, base_urls)
                    result = _drive(
                        container, share, threads, seconds, base_urls=base_urls, tick=_tick, clock=clock
                    )
            elif processes > 1:
                result = _drive_in_processes(share, _shared_out(threads, processes), seconds, clock)
            else:
                result = _drive(container, share, threads, seconds, tick=_tick, clock=clock)
            _report_load(result)
            clean = ledger_report(container.uow_factory()).first is None
            say(f"ledger check: {'clean' if clean else '[red]DISCREPANCY[/]'}")
    reference = _pgbench(database_url, dialect, enabled=pgbench, clients=clients, seconds=pgbench_seconds)
    peak = reference.peak if reference else None
    line: dict[str, Any] = {
        "benchmark": "authorize",
        "channel": channel,
        "database": dialect,
        "households": len(world.households),
        "citizens": world.citizens,
        "cards": world.cards,
        "bakeries": bakeries,
        "grocers": grocers,
        "workers": threads,
        "processes": processes,
        "card_authentication": "emv" if emv else "off",
        "offered_per_s": rate,
        "seconds": round(result.seconds, 2),
        "authorizations": result.authorizations,
        "approved": result.approved,
        "declined": result.declined,
        "errors": result.errors,
        "months_open": months_open,
        "first_use": result.first_use,
        "by_type": result.by_type,
        "declines_by_reason": result.declines_by_reason,
        "authorizations_per_s": round(result.per_second, 1),
        "p50_ms": _round(result.percentile_ms(0.50)),
        "p99_ms": _round(result.percentile_ms(0.99)),
        "pgbench_tps": {str(c): round(t, 1) for c, t in reference.tps.items()} if reference else None,
        "pgbench_peak_tps": round(peak, 1) if peak else None,
        "ratio": round(result.per_second / peak, 3) if peak else None,
        "ledger_clean": clean,
        "cpus": os.cpu_count(),
        "cpu_busy_share": clock.use.busy_share if clock.use else None,
        "cpu_ms_per_authorization": clock.use.per_item_ms(result.authorizations) if clock.use else None,
        "pgbench_cpu_ms_per_transaction": reference.peak_cpu_ms if reference else None,
    }
    print(json.dumps(line, ensure_ascii=False), flush=True)
    if result.errors and not result.authorizations:
        raise typer.Exit(1)


def say(message: str) -> None:
    progress.print(message, highlight=False)


def _round(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


@contextmanager
def _container(
    url: str, secret_key: str, *, emv: bool, pool_size: int, migrate: bool = True, server: bool = False
) -> Iterator[Container]:
    """``server``: as production runs a server, JSON log lines and the start-up heap frozen."""
    settings = Settings(
        environment="test",
        database_url=url,
        secret_key=secret_key,
        log_json=server,
        freeze_heap=server,
        card_authentication="emv" if emv else "off",
    )
    engine = make_engine(url, pool_size=pool_size)
    try:
        if migrate:
            say("migrating the fresh schema…")
            upgrade(engine)
        uow_factory = SqlUnitOfWorkFactory(engine, card_lookup_key=derived_key(secret_key, "card-lookup"))
        yield with_card_authentication(Container(settings=settings, engine=engine, uow_factory=uow_factory))
    finally:
        engine.dispose()


def _seed(
    container: Container, households: int, bakeries: int, grocers: int, seed: int, *, card_security: bool
) -> BenchWorld:
    started = time.perf_counter()
    issued = container.terminal_secrets.issue()
    world = seed_world(
        container.uow_factory,
        issued.secret_hash,
        issued.secret,
        households=households,
        bakeries=bakeries,
        grocers=grocers,
        seed=seed,
        card_security=card_security,
        say=say,
    )
    say(
        f"seeded {len(world.households):,} households, {world.citizens:,} citizens, {world.cards:,} cards,"
        f" {len(world.bakery_terminals)} bakeries, {len(world.grocer_terminals)} grocers"
        f" in {time.perf_counter() - started:.1f} s"
    )
    return world


def _open_months(container: Container, world: BenchWorld, workload: Workload, seed: int) -> list[int]:
    """Every household's first bread of the month, in batches of :data:`_OPENING_BATCH`; the
    households whose month is now open."""
    started, jobs = time.perf_counter(), workload.first_breads(random.Random(seed))
    say(f"opening {len(jobs):,} households' months (a loaf each)…")
    authorizer, opened = container.authorization, []
    for at in range(0, len(jobs), _OPENING_BATCH):
        chunk = jobs[at : at + _OPENING_BATCH]
        submissions = [
            Submission(job.terminal_id, world.secret, job.idempotency_key, job.request, channel="bench")
            for job in chunk
        ]
        if isinstance(authorizer, GroupCommitAuthorizer):
            answers = authorizer.authorize_together(submissions)
        else:
            answers = [authorizer.authorize(submission) for submission in submissions]
        opened += [job.household for job, answer in zip(chunk, answers, strict=True) if answer.approved]
    say(f"opened {len(opened):,} months in {time.perf_counter() - started:.1f} s")
    refresh_statistics(container.engine)
    return opened


#: Requests per batch while opening months: large, as only throughput matters there.
_OPENING_BATCH = 500


@dataclass(frozen=True)
class _Share:
    """What one engine process drives: the seeded world (keyed alike in every process), the
    households whose month is open, its seed and its share of the arrivals."""

    url: str
    secret_key: str  # the card lookup key and the terminals' secrets derive from it
    emv: bool  # card authentication on
    workload: Workload
    seed: int
    used: Sequence[int]
    rate: float | None


def _shared_out(threads: int, processes: int) -> list[int]:
    """``threads`` dealt out to ``processes`` as evenly as they go."""
    return [threads // processes + (1 if index < threads % processes else 0) for index in range(processes)]


#: How long a process may take to start (imports, connections) before the run is given up.
_START_SECONDS = 120.0


def _drive_in_processes(share: _Share, threads: list[int], seconds: float, clock: CpuClock) -> LoadResult:
    """One engine process per entry of ``threads``, each driving its count of threads; they
    start the clock together (``clock`` too, once they have started), and their requests are
    counted as one run."""
    context = multiprocessing.get_context("spawn")  # no pooled connection may cross a fork
    ready, results = context.Barrier(len(threads) + 1), context.Queue()
    started = [
        context.Process(
            target=_drive_share,
            args=(share, index, len(threads), count, seconds, ready, results),
            daemon=True,
        )
        for index, count in enumerate(threads)
    ]
    for process in started:
        process.start()
    try:
        # Broken: a process could not start, and its reason is on ``results``, reported below.
        with suppress(threading.BrokenBarrierError):
            ready.wait(timeout=_START_SECONDS)
        clock.start()
        parts = [results.get(timeout=seconds + 60) for _ in started]
        clock.stop()
    finally:
        for process in started:
            process.join(timeout=10)
    failures = [part for part in parts if isinstance(part, str)]
    if failures:
        raise RuntimeError(f"an engine process failed: {failures[0]}")
    loads = [part for part in parts if isinstance(part, LoadResult)]
    return merged(loads, max(load.seconds for load in loads))


def _drive_share(
    share: _Share, index: int, share_count: int, threads: int, seconds: float, ready: Any, results: Any
) -> None:
    """One engine process of :func:`_drive_in_processes`: its result, or why it failed, on ``results``."""
    workload = dataclasses.replace(share.workload, run_id=f"{share.workload.run_id}p{index}")
    if workload.cards is not None:  # each card in one process, so its ATCs go up
        workload = dataclasses.replace(workload, part=index, parts=share_count)
    mine = dataclasses.replace(share, workload=workload, seed=share.seed * 1_000 + index)
    try:
        with _container(
            share.url, share.secret_key, emv=share.emv, pool_size=threads + 4, migrate=False
        ) as container:
            results.put(_drive(container, mine, threads, seconds, ready=ready))
    except BaseException as error:  # the parent reports it; a child's traceback helps no one
        ready.abort()  # no one waits for a process that will not come
        results.put(f"{type(error).__name__}: {error}")


def _drive(
    container: Container,
    share: _Share,
    threads: int,
    seconds: float,
    *,
    base_urls: Sequence[str] = (),
    tick: Callable[[int, float], None] | None = None,
    ready: Any = None,
    clock: CpuClock | None = None,
) -> LoadResult:
    """``threads`` of this process drive ``share``'s workload through ``container``, or through
    the REST API at ``base_urls`` (once every process is ``ready``, if there are several),
    ``clock`` counting the processor time they take."""
    # The terminals' world, too, lives as long as the run (entrypoints/heap.py).
    with _sender(container, share.workload.world, base_urls, threads) as send, long_lived_frozen():
        if ready is not None:
            ready.wait(timeout=_START_SECONDS)
        if clock is not None:
            clock.start()
        result = drive(
            share.workload,
            send,
            workers=threads,
            seconds=seconds,
            seed=share.seed,
            tick=tick,
            used=share.used,
            rate=share.rate,
        )
        if clock is not None:
            clock.stop()
        return result


@contextmanager
def _sender(
    container: Container, world: BenchWorld, base_urls: Sequence[str], clients: int
) -> Iterator[Send]:
    if not base_urls:
        engine = container.authorization

        def send(job: Job) -> tuple[bool, str | None]:
            answer = engine.authorize(
                Submission(job.terminal_id, world.secret, job.idempotency_key, job.request, channel="bench")
            )
            return answer.approved, answer.reason

        yield send
        return
    # Made before the clock starts: a client builds an SSL context, ~30 ms of this process's
    # CPU, and 64 of them made by the first requests held every answer of the first second.
    unused = [httpx.Client(base_url=base_urls[n % len(base_urls)], timeout=30.0) for n in range(clients)]
    opened, local = list(unused), threading.local()

    def send_http(job: Job) -> tuple[bool, str | None]:
        client = getattr(local, "client", None)
        if client is None:  # each thread keeps one connection to one server
            client = local.client = unused.pop()
        response = client.post(
            _URL,
            json=_body(job),
            auth=(job.terminal_id, world.secret),
            headers={"Idempotency-Key": job.idempotency_key},
        )
        response.raise_for_status()
        answer = response.json()
        return bool(answer["approved"]), answer.get("reason")

    try:
        yield send_http
    finally:
        for client in opened:
            client.close()


def _body(job: Job) -> dict[str, object]:
    request = job.request
    body: dict[str, object] = {"type": request.type.value, "card": {"pan": request.pan}}
    if request.type is TransactionType.BREAD_PURCHASE:
        body |= {"loaves": request.loaves, "pay_with": request.pay_with.value}
    else:
        body["basket"] = [{"item": line.item, "quantity": line.quantity} for line in request.basket]
    if request.cardholder:
        body["cardholder"] = dict(request.cardholder)
    return body


@contextmanager
def _servers(share: _Share, threads: int, processes: int) -> Iterator[list[str]]:
    """The real app under uvicorn in ``processes`` processes of its own, each on a free local
    port, as ``unicard serve --workers`` runs it: the clients' threads stay out of the servers'
    interpreter."""
    context = multiprocessing.get_context("spawn")  # no pooled connection may cross a fork
    ports = context.Queue()
    pool = threads // processes + 4
    started = [
        context.Process(
            target=_serve, args=(share.url, share.secret_key, share.emv, pool, ports), daemon=True
        )
        for _ in range(processes)
    ]
    for process in started:
        process.start()
    try:
        found = [ports.get(timeout=_START_SECONDS) for _ in started]
        failures = [port for port in found if isinstance(port, str)]
        if failures:
            raise RuntimeError(f"a server process failed: {failures[0]}")
        base_urls = [f"http://127.0.0.1:{port}" for port in found]
        for base_url in base_urls:
            _wait_until_ready(base_url)
        yield base_urls
    finally:
        for process in started:
            process.terminate()  # SIGTERM: uvicorn finishes what it has and stops
        for process in started:
            process.join(timeout=10)


def _serve(url: str, secret_key: str, emv: bool, pool_size: int, ports: Any) -> None:
    """One server process of :func:`_servers`: its port, or why it failed, on ``ports``."""
    # A server logs a JSON line for every request, as in production, here to nowhere: the
    # bench's own output is its progress and its one JSON line.
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - for the life of the process
    try:
        with _container(
            url, secret_key, emv=emv, pool_size=pool_size, migrate=False, server=True
        ) as container:
            config = NoDelayConfig(
                create_app(container), host="127.0.0.1", port=0, log_level="warning", access_log=False
            )
            listening = config.bind_socket()  # as `unicard serve --workers` binds
            ports.put(listening.getsockname()[1])
            uvicorn.Server(config).run(sockets=[listening])
    except BaseException as error:  # the parent reports it; a child's traceback helps no one
        ports.put(f"{type(error).__name__}: {error}")


def _wait_until_ready(base_url: str) -> None:
    deadline = time.monotonic() + _START_SECONDS
    while True:
        try:
            if httpx.get(f"{base_url}/readyz", timeout=5.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"the server at {base_url} did not become ready")
        time.sleep(0.1)


#: Untimed traffic through new server processes before the clock starts.
_WARM_UP_SECONDS = 3.0


def _warm_up(container: Container, share: _Share, threads: int, base_urls: Sequence[str]) -> _Share:
    """A few seconds of the workload through the servers, untimed, as the engine's process is
    warm from seeding: a new server reads each terminal's credentials on its first request,
    one after another in the writer's thread, so its first second answers at twice the
    latency of the rest. The share returned counts the households served as used (their
    month is open now)."""
    say(f"warming the server{'s' if len(base_urls) > 1 else ''} up for {_WARM_UP_SECONDS:g} s…")
    workload = dataclasses.replace(share.workload, run_id=f"{share.workload.run_id}w")
    warming = dataclasses.replace(share, workload=workload, rate=None)
    served = _drive(container, warming, threads, _WARM_UP_SECONDS, base_urls=base_urls).households
    return dataclasses.replace(share, used=sorted({*share.used, *served}))


def _tick(answered: int, elapsed: float) -> None:
    say(f"  {elapsed:5.1f} s  {answered:,} answered  ({answered / max(elapsed, 1e-9):,.0f}/s)")


def _report_load(result: LoadResult) -> None:
    say(
        f"{result.authorizations:,} authorizations in {result.seconds:.1f} s = {result.per_second:,.1f}/s;"
        f" approved {result.approved:,}, declined {result.declined:,}, errors {result.errors:,};"
        f" p50 {result.percentile_ms(0.5) or 0:.1f} ms, p99 {result.percentile_ms(0.99) or 0:.1f} ms"
    )
    if result.declines_by_reason:
        say(f"declines: {result.declines_by_reason}")
    if result.first_error:
        say(f"[red]first error:[/] {result.first_error}")


def _pgbench(
    url: str, dialect: str, *, enabled: bool, clients: list[int], seconds: int
) -> PgbenchResult | None:
    if dialect != "postgresql":
        say("pgbench: not on SQLite (ratio null)")
        return None
    if not enabled:
        say("pgbench: skipped (--no-pgbench)")
        return None
    if pgbench_path() is None:
        say(f"[bold red]pgbench SKIPPED[/]: {INSTALL_HINT}")
        return None
    say(f"pgbench TPC-B on the same server: -M prepared, {seconds} s at {clients} clients…")
    return run_pgbench(url, clients=clients, seconds=seconds, say=say)
