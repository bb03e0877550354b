"""The authorization workload and the threads that drive it for a fixed time.

Each request is a bread purchase at a random bakery (most) or a ration redemption at the
household's own grocer, for a random member card of a random household, under an idempotency
key no other request has. With :class:`BenchCards` each request carries what the card's chip
computed, as a terminal forwards it: a genuine ARQC over a fresh ATC (and, for rations, the
member's fingerprint matched on the card).

A worker thread sends one request after another as soon as the last is answered (closed
loop), or takes requests as they arrive at a given rate (open loop); the latency of each runs
from when it was sent (closed) or arrived (open) to its answer, whatever channel the call goes
through.
"""

from __future__ import annotations

import datetime as dt
import queue
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from unicard.adapters.bench.world import CARDS_EXPIRE_ON, BenchWorld
from unicard.adapters.cards.virtual_card import VirtualCard
from unicard.domain.payments.bread import PayWith
from unicard.domain.payments.ration import BasketLine
from unicard.domain.payments.types import TransactionType
from unicard.services.payments.requests import AuthorizationRequest

#: Basket lines a redemption picks one of: a member's monthly allowance of each covers it.
_BASKETS = (
    (BasketLine("sugar", 1),),
    (BasketLine("oil", 1),),
    (BasketLine("sugar", 1), BasketLine("oil", 1)),
)


@dataclass(frozen=True, slots=True)
class Job:
    terminal_id: str
    idempotency_key: str
    request: AuthorizationRequest
    household: int  # index into the world's households


class BenchCards:
    """The chips of the world's cards, each made on its first use with the demo issuer keys the
    bench's container checks them with (PSN 00, as seeded): every use a new ATC and ARQC.

    Thread-safe. A card's ATCs go up in the order its requests are made; two requests for one
    card in flight at once may reach the engine in the other order, and the later ATC seen
    first makes the other a replay (declined 05): rare among 169,530 cards, and counted."""

    def __init__(self, today: dt.date) -> None:
        self._today = today
        self._chips: dict[str, VirtualCard] = {}
        self._lock = threading.Lock()

    def evidence(self, pan: str, *, fingerprint: bool) -> Mapping[str, str]:
        with self._lock:
            chip = self._chips.get(pan)
            if chip is None:
                chip = self._chips[pan] = VirtualCard.demo(pan, expires_on=CARDS_EXPIRE_ON)
            sample = chip.fingerprint_template if fingerprint else None
            return chip.generate_ac(amount=0, date=self._today, fingerprint=sample).evidence()

    def __getstate__(self) -> dict[str, Any]:
        """For an engine process: the chips as they are (their ATCs go on from there)."""
        return {"today": self._today, "chips": self._chips}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._today, self._chips, self._lock = state["today"], state["chips"], threading.Lock()


@dataclass
class Workload:
    """``part`` of ``parts``: the households this process picks from, when several engine
    processes drive one run with cards (a card's ATCs must go up in one process)."""

    world: BenchWorld
    ration_share: float = 0.1
    run_id: str = "r"
    cards: BenchCards | None = None
    part: int = 0
    parts: int = 1

    def job(self, rng: random.Random, worker: int, serial: int) -> Job:
        index = rng.randrange(self.part, len(self.world.households), self.parts)
        household = self.world.households[index]
        pan = rng.choice(household.pans)
        key = f"{self.run_id}-{worker}-{serial}"
        if rng.random() < self.ration_share:
            request = AuthorizationRequest(
                TransactionType.RATION_REDEMPTION,
                pan=pan,
                basket=rng.choice(_BASKETS),
                cardholder=self._evidence(pan, fingerprint=True),
            )
            return Job(household.grocer_terminal, key, request, index)
        request = self._bread(pan, rng.randint(1, 5))
        return Job(rng.choice(self.world.bakery_terminals), key, request, index)

    def _bread(self, pan: str, loaves: int) -> AuthorizationRequest:
        return AuthorizationRequest(
            TransactionType.BREAD_PURCHASE,
            pan=pan,
            loaves=loaves,
            pay_with=PayWith.CASH,
            cardholder=self._evidence(pan, fingerprint=False),  # bread: the card alone (policy)
        )

    def _evidence(self, pan: str, *, fingerprint: bool) -> Mapping[str, str]:
        return {} if self.cards is None else self.cards.evidence(pan, fingerprint=fingerprint)

    def first_breads(self, rng: random.Random) -> list[Job]:
        """One loaf for every household, at a random bakery: each one's first bread of the month,
        which opens its month (a mid-month day's traffic finds every month open)."""
        jobs = []
        for index, household in enumerate(self.world.households):
            request = self._bread(household.pans[0], 1)
            key = f"{self.run_id}-first-{index}"
            jobs.append(Job(rng.choice(self.world.bakery_terminals), key, request, index))
        return jobs


@dataclass
class LoadResult:
    seconds: float
    latencies: list[float] = field(default_factory=list)  # seconds, every request
    approved: int = 0
    declined: int = 0
    errors: int = 0
    first_error: str | None = None
    first_use: int = 0  # requests that were their household's first in this run
    by_type: dict[str, int] = field(default_factory=dict)
    declines_by_reason: dict[str, int] = field(default_factory=dict)
    households: set[int] = field(default_factory=set)  # that had an answer

    @property
    def authorizations(self) -> int:
        return self.approved + self.declined

    @property
    def per_second(self) -> float:
        return self.authorizations / self.seconds if self.seconds else 0.0

    def count(self, job: Job, approved: bool, reason: str | None, latency: float) -> None:
        """One answered request."""
        self.latencies.append(latency)
        self.households.add(job.household)
        kind = job.request.type.value
        self.by_type[kind] = self.by_type.get(kind, 0) + 1
        if approved:
            self.approved += 1
        else:
            self.declined += 1
            label = reason or "unknown"
            self.declines_by_reason[label] = self.declines_by_reason.get(label, 0) + 1

    def percentile_ms(self, share: float) -> float | None:
        if not self.latencies:
            return None
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


#: What a channel does with a job: (approved, decline reason or None).
Send = Callable[[Job], tuple[bool, str | None]]


def drive(
    workload: Workload,
    send: Send,
    *,
    workers: int,
    seconds: float,
    seed: int = 1,
    tick: Callable[[int, float], None] | None = None,
    used: Iterable[int] = (),
    rate: float | None = None,
) -> LoadResult:
    """Run ``workers`` threads sending jobs for ``seconds``; about every second, ``tick`` gets
    the requests answered so far and the seconds gone. ``used``: households that have had their
    first request of the month already (not counted as first uses).

    Without ``rate`` each thread sends its next request as soon as the last is answered (closed
    loop: the most the system answers). With ``rate``, requests arrive at that many per second on
    average, at random moments (Poisson), and free threads take them (open loop: the latency a
    terminal sees at that load); a request's latency counts from its arrival, so the time it
    waited for a free thread is in it."""
    touched: set[int] = set(used)
    lock = threading.Lock()
    results = [LoadResult(seconds) for _ in range(workers)]
    start = time.perf_counter()
    deadline = start + seconds

    def answer(job: Job, arrived: float, mine: LoadResult) -> None:
        with lock:
            if job.household not in touched:
                touched.add(job.household)
                mine.first_use += 1
        try:
            approved, reason = send(job)
        except Exception as error:  # a bug or an outage: counted, shown, and the run goes on
            mine.errors += 1
            mine.first_error = mine.first_error or f"{type(error).__name__}: {error}"
            return
        mine.count(job, approved, reason, time.perf_counter() - arrived)

    def send_in_turn(worker: int) -> None:
        rng, serial = random.Random(seed * 1_000 + worker), 0
        while time.perf_counter() < deadline:
            serial += 1
            answer(workload.job(rng, worker, serial), time.perf_counter(), results[worker])

    arrivals: queue.SimpleQueue[tuple[Job, float] | None] = queue.SimpleQueue()

    def arrive(rate: float) -> None:
        rng, serial, due = random.Random(seed * 1_000 + workers), 0, start
        while (due := due + rng.expovariate(rate)) < deadline:
            time.sleep(max(0.0, due - time.perf_counter()))
            serial += 1
            arrivals.put((workload.job(rng, workers, serial), due))
        for _ in range(workers):
            arrivals.put(None)

    def take_arrivals(worker: int) -> None:
        while (arrival := arrivals.get()) is not None:
            answer(*arrival, results[worker])

    work = send_in_turn if rate is None else take_arrivals
    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(workers)]
    if rate is not None:
        threads.append(threading.Thread(target=arrive, args=(rate,), daemon=True))
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        time.sleep(min(1.0, max(0.05, deadline - time.perf_counter())))
        if tick is not None and time.perf_counter() <= deadline + 0.5:
            tick(sum(len(part.latencies) for part in results), time.perf_counter() - start)
    for thread in threads:
        thread.join()
    return merged(results, time.perf_counter() - start)


def merged(parts: Iterable[LoadResult], seconds: float) -> LoadResult:
    """The parts' requests as one result over ``seconds``."""
    total = LoadResult(seconds)
    for part in parts:
        total.latencies.extend(part.latencies)
        total.approved += part.approved
        total.declined += part.declined
        total.errors += part.errors
        total.first_use += part.first_use
        total.first_error = total.first_error or part.first_error
        total.households |= part.households
        for kind, count in part.by_type.items():
            total.by_type[kind] = total.by_type.get(kind, 0) + count
        for reason, count in part.declines_by_reason.items():
            total.declines_by_reason[reason] = total.declines_by_reason.get(reason, 0) + count
    return total
