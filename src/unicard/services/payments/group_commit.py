"""Group commit: the authorizations waiting at one moment are answered from one durable commit.

Terminals call :meth:`GroupCommitAuthorizer.authorize` from many threads. A writer thread
(``writers`` of them) takes whatever is queued, up to ``max_batch``, and runs the same
:class:`AuthorizationEngine` on each request in order against a batch unit of work: it answers
reads from what the batch store fetched set-wise when the batch opened plus the writes of the
requests before it, and keeps the writes. Then the whole batch is written set-wise in one
database transaction with one commit. Only then does any caller get its answer, so nothing is
acknowledged that a crash could lose.

What a batch cannot do (the batch store raises :class:`NotInBatch`: a legacy card, a month
other than the batch's) and every request of a batch whose commit fails
(a balance moved under it, a key another process took meanwhile) go through the engine on
their own, one request per transaction, in the caller's thread: the same rules, only slower.
Types other than bread and rations never queue. So the batch is a way of running the engine,
never a second set of rules.

:meth:`GroupCommitAuthorizer.submit` queues without blocking, for an event loop (the REST
door): no thread waits for the batch, the writer calls back when the answer is there."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from unicard.domain.payments.types import TransactionType
from unicard.domain.shared.errors import DomainError
from unicard.services.payments.engine import AuthorizationEngine, Submission
from unicard.services.payments.ports import (
    NoCardholderVerification,
    TerminalGate,
    TerminalIdentity,
)
from unicard.services.payments.requests import Answer
from unicard.services.payments.unit_of_work import PaymentsUnitOfWork

log = logging.getLogger(__name__)

#: Types a batch takes; the others go to the engine one at a time.
BATCHED_TYPES = frozenset({TransactionType.BREAD_PURCHASE, TransactionType.RATION_REDEMPTION})


class NotInBatch(Exception):  # a signal, not an error: "do this one on its own"
    """Raised by a batch unit of work for what it cannot do inside a batch."""


class Authorizer(Protocol):
    """What channels call: the engine itself, or the engine behind group commit."""

    def authorize(self, submission: Submission) -> Answer: ...


class AuthorizationBatch(Protocol):
    def unit_of_work(self) -> PaymentsUnitOfWork:
        """A unit of work for one request: its commit hands its writes to the batch."""
        ...

    def commit(self) -> None:
        """Write what the requests committed, set-wise, and commit durably."""
        ...

    def close(self) -> None:
        """Roll back whatever was not committed; release the connection."""
        ...


class AuthorizationBatches(Protocol):
    def open(
        self, submissions: Sequence[Submission], now: dt.datetime, *, card_security: bool
    ) -> AuthorizationBatch:
        """Begin a transaction and fetch, set-wise, what these requests will read ``now``
        (with ``card_security``, their cards' security state too, locked)."""
        ...


@dataclass(eq=False)
class _Pending:
    submission: Submission
    terminal: TerminalIdentity | None  # None: refused, ``error`` says why
    done: threading.Event = field(default_factory=threading.Event)
    answer: Answer | None = None
    error: DomainError | None = None  # a refusal the engine raised (a reused key, a bad terminal)
    on_answered: Callable[[], object] | None = None  # called by the writer once answered


@dataclass(frozen=True, eq=False)
class Ticket:
    """A request queued by :meth:`GroupCommitAuthorizer.submit`, read once it is answered."""

    _pending: _Pending

    def answer(self) -> Answer | None:
        """The batch's answer; its refusal raised; None when the request must be answered on
        its own (:meth:`GroupCommitAuthorizer.alone`: a batch it did not fit, or that failed)."""
        if self._pending.error is not None:
            raise self._pending.error
        return self._pending.answer


#: A writer with nothing to do for this long leaves (the next request starts another).
IDLE_SECONDS = 5.0


@dataclass
class GroupCommitAuthorizer:
    """The engine behind a group-commit queue; ``authorize`` has the engine's contract."""

    engine: AuthorizationEngine
    batches: AuthorizationBatches
    max_batch: int = 64
    #: Batches in flight at once: while one waits for its commit, the next reads (PostgreSQL;
    #: SQLite has one writer whatever the count).
    writers: int = 1
    #: How long a writer gathers a batch while another batch is in flight.
    gather_seconds: float = 0.002
    _queue: queue.SimpleQueue[_Pending] = field(default_factory=queue.SimpleQueue, init=False)
    _writers: list[threading.Thread] = field(default_factory=list, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _in_flight: int = field(default=0, init=False)  # batches being answered now

    def authorize(self, submission: Submission) -> Answer:
        if submission.request.type not in BATCHED_TYPES:
            return self.engine.authorize(submission)
        pending = self._admitted(submission)
        if pending.error is not None:
            raise pending.error
        self._enqueue(pending)
        pending.done.wait()
        return self._settle(pending)

    def submit(self, submission: Submission, on_answered: Callable[[], object]) -> Ticket | None:
        """Queue ``submission`` without waiting, for callers that must not block (an event
        loop): ``on_answered`` is called from a writer's thread once the ticket can be read.
        None, with nothing queued, when this cannot be done without waiting (a type batches
        do not take, a terminal whose credentials must be read first): call
        :meth:`authorize` where blocking is allowed. A refused terminal raises at once."""
        if submission.request.type not in BATCHED_TYPES:
            return None
        terminal = self.engine.terminals.known(submission.terminal_id, submission.secret)
        if terminal is None:
            return None
        pending = _Pending(submission, terminal, on_answered=on_answered)
        self._enqueue(pending)
        return Ticket(pending)

    def alone(self, submission: Submission) -> Answer:
        """The engine on one request, in its own transaction (blocking)."""
        return self.engine.authorize(submission)

    def _enqueue(self, pending: _Pending) -> None:
        with self._lock:  # a writer leaving for want of work checks the queue under this lock
            while len(self._writers) < self.writers:
                writer = threading.Thread(target=self._write, name="group-commit", daemon=True)
                self._writers.append(writer)
                writer.start()
            self._queue.put(pending)

    def authorize_together(self, submissions: Sequence[Submission]) -> list[Answer]:
        """Answer these in this thread as one batch, as the writer does with what is queued; a
        refusal (a reused key, a bad terminal) is raised after all are answered."""
        batch = [self._admitted(submission) for submission in submissions]
        self._answer_or_not(batch)
        return [self._settle(pending) for pending in batch]

    def _admitted(self, submission: Submission) -> _Pending:
        """The request with its terminal authenticated, in the caller's thread: a terminal the
        gate must read again (new to this process, or its cached entry expired) is read there,
        in a unit of work that only reads (so on SQLite it does not wait for a batch's write
        lock), and not in the writer every queued request waits for."""
        try:
            terminal = self.engine.terminals.authenticate(submission.terminal_id, submission.secret)
        except DomainError as refused:
            return _Pending(submission, None, error=refused)
        return _Pending(submission, terminal)

    def _settle(self, pending: _Pending) -> Answer:
        if pending.error is not None:
            raise pending.error
        if pending.answer is not None:
            return pending.answer
        return self.alone(pending.submission)  # not for a batch: on its own

    def _write(self) -> None:
        while True:
            try:
                batch = [self._queue.get(timeout=IDLE_SECONDS)]
            except queue.Empty:
                with self._lock:
                    if self._queue.empty():  # nothing came: leave; the next request starts one
                        self._writers.remove(threading.current_thread())
                        return
                continue
            self._gather(batch)
            with self._lock:
                self._in_flight += 1
            try:
                self._answer_or_not(batch)
            finally:
                with self._lock:
                    self._in_flight -= 1
            for pending in batch:
                pending.done.set()
                if pending.on_answered is not None:
                    _tell(pending.on_answered)

    def _gather(self, batch: list[_Pending]) -> None:
        """Add what is queued; while another batch is in flight, wait up to ``gather_seconds``
        for more (as PostgreSQL's ``commit_delay`` does): that batch's requests come back
        only as it commits, and a batch of the few stragglers would cost nearly as much as a
        full one. Alone, a writer waits for nothing: a quiet hour gets the lowest latency."""
        deadline = time.monotonic() + self.gather_seconds
        while len(batch) < self.max_batch:
            left = deadline - time.monotonic()
            try:
                if self._in_flight and left > 0:
                    batch.append(self._queue.get(timeout=left))
                else:
                    batch.append(self._queue.get_nowait())
            except queue.Empty:
                return

    def _answer_or_not(self, batch: list[_Pending]) -> None:
        try:
            self._answer(batch)
        except Exception as failed:  # never lose the writer
            # A balance moved under the batch, another process took a key: every request goes
            # on its own, where the engine answers it as it would have anyway.
            log.warning("authorization batch of %d not committed (%r): one by one", len(batch), failed)

    def _answer(self, batch: list[_Pending]) -> None:
        terminals = {
            (p.submission.terminal_id, p.submission.secret): p.terminal
            for p in batch
            if p.terminal is not None
        }
        admitted = [p for p in batch if p.terminal is not None]
        opened = self.batches.open(
            [p.submission for p in admitted],
            self.engine.clock.now(),
            card_security=not isinstance(self.engine.verifier, NoCardholderVerification),
        )
        try:
            gate = _Authenticated(self.engine.terminals, terminals)
            engine = dataclasses.replace(self.engine, uow_factory=opened.unit_of_work, terminals=gate)
            for pending in admitted:
                try:
                    pending.answer = engine.authorize(pending.submission)
                except NotInBatch:
                    pass
                except DomainError as refused:
                    pending.error = refused
            opened.commit()
        except BaseException:
            for pending in batch:
                pending.answer, pending.error = None, None
            raise
        finally:
            opened.close()


def _tell(on_answered: Callable[[], object]) -> None:
    try:
        on_answered()
    except Exception:  # a caller gone (its event loop closed): never lose the writer
        log.exception("authorization answered, its caller not told")


@dataclass
class _Authenticated:
    """The terminals of one batch, authenticated before they were queued."""

    gate: TerminalGate
    authenticated: dict[tuple[str, str], TerminalIdentity]

    def authenticate(self, terminal_id: str, secret: str) -> TerminalIdentity:
        return self.authenticated[(terminal_id, secret)]

    def known(self, terminal_id: str, secret: str) -> TerminalIdentity | None:
        return self.authenticated.get((terminal_id, secret))

    def accepts(self, identity: TerminalIdentity, transaction: TransactionType) -> bool:
        return self.gate.accepts(identity, transaction)
