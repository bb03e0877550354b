"""The authorization pipeline (ARCHITECTURE.md §3), the same for every channel.

1. authenticate the terminal; 2. in one database transaction: a known idempotency key gets its
original answer; card checks, cardholder verification, the household and its month (locked),
the type's business rules, the journal entry, the transaction record, the citizen's
notifications and the audit record — then answer. 3. If a supply transaction finds the
household's month not opened yet, that transaction is rolled back (it has only read), the month
is opened in its own short transaction, and step 2 starts over once.
A decline is recorded in a fresh transaction, so nothing of a refused request is half-applied.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from unicard.domain.audit.chain import AuditEvent
from unicard.domain.cards.card import Card
from unicard.domain.entitlements.periods import Period
from unicard.domain.payments.decisions import Declined
from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.payments.types import SERVICE_OF, CardService, TransactionType
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.errors import Conflict
from unicard.services.payments.context import Context, Outcome
from unicard.services.payments.credentials import presented_card
from unicard.services.payments.entitlements import ensure_period
from unicard.services.payments.handlers import HANDLERS
from unicard.services.payments.notices import queue_notices
from unicard.services.payments.ports import (
    CardholderVerifier,
    StoredTransaction,
    TerminalGate,
    TerminalIdentity,
)
from unicard.services.payments.requests import Answer, AuthorizationRequest
from unicard.services.payments.unit_of_work import PaymentsUnitOfWork
from unicard.services.ports import Clock


class IdempotencyKeyReused(Conflict):
    """The same idempotency key came with a different request."""


class _MonthNotOpen(Exception):
    """The household's month has no period row yet: open it, then authorize again."""

    def __init__(self, household_number: str) -> None:
        super().__init__(household_number)
        self.household_number = household_number


@dataclass(frozen=True, slots=True)
class Submission:
    terminal_id: str
    secret: str
    idempotency_key: str
    request: AuthorizationRequest
    channel: str = "rest"


@dataclass
class AuthorizationEngine:
    uow_factory: Callable[[], PaymentsUnitOfWork]
    clock: Clock
    terminals: TerminalGate
    verifier: CardholderVerifier

    def authorize(self, submission: Submission) -> Answer:
        terminal = self.terminals.authenticate(submission.terminal_id, submission.secret)
        fingerprint = submission.request.fingerprint()
        transaction_id = uuid.uuid4().hex
        try:
            try:
                return self._approve_opening_month(terminal, submission, fingerprint, transaction_id)
            except Declined as declined:
                return self._decline(terminal, submission, fingerprint, transaction_id, declined)
        except IdempotencyKeyReused:
            raise
        except Conflict as conflict:
            # A concurrent retry with the same key committed first: answer as it did.
            replay = self._earlier(terminal.terminal_id, submission.idempotency_key, fingerprint)
            if replay is None:
                raise conflict from None
            return replay

    def _approve_opening_month(
        self, terminal: TerminalIdentity, submission: Submission, fingerprint: str, transaction_id: str
    ) -> Answer:
        try:
            return self._approve(terminal, submission, fingerprint, transaction_id, may_open=True)
        except _MonthNotOpen as missing:
            # Rare: the household's first supply transaction of the month.
            ensure_period(self.uow_factory(), self.clock, missing.household_number)
        return self._approve(terminal, submission, fingerprint, transaction_id, may_open=False)

    def _earlier(self, terminal_id: str, key: str, fingerprint: str) -> Answer | None:
        with self.uow_factory() as uow:
            return _replay(uow, terminal_id, key, fingerprint)

    def _approve(
        self,
        terminal: TerminalIdentity,
        submission: Submission,
        fingerprint: str,
        transaction_id: str,
        *,
        may_open: bool,
    ) -> Answer:
        request, now = submission.request, self.clock.now()
        with self.uow_factory() as uow:
            earlier = _replay(uow, terminal.terminal_id, submission.idempotency_key, fingerprint)
            if earlier is not None:
                return earlier
            ctx = self._context(uow, terminal, request, transaction_id, now, may_open=may_open)
            outcome = HANDLERS[request.type](ctx)
            if outcome.entry is not None:
                uow.ledger.post(
                    outcome.entry, outcome.accounts, at=now, shard_hint=int(transaction_id[:8], 16)
                )
            answer = Answer(
                transaction_id,
                ResponseCode.APPROVED,
                None,
                {},
                outcome.receipt,
                ctx.policy.version,
                issuer_authentication=self._tag_91(ctx.card, request, ResponseCode.APPROVED),
            )
            self._record(uow, terminal, submission, fingerprint, answer, now, ctx, outcome)
            uow.commit()
        return answer

    def _context(
        self,
        uow: PaymentsUnitOfWork,
        terminal: TerminalIdentity,
        request: AuthorizationRequest,
        transaction_id: str,
        now: dt.datetime,
        *,
        may_open: bool,
    ) -> Context:
        today = cairo_date(now)
        if not self.terminals.accepts(terminal, request.type):
            raise Declined(
                ResponseCode.NOT_PERMITTED_TO_TERMINAL, "terminal.type_not_accepted", type=request.type
            )
        card = None
        if request.type is not TransactionType.REVERSAL:
            card = presented_card(uow, self.verifier, request, today)
        household, period = None, None
        if card is not None and SERVICE_OF.get(request.type) is CardService.SUPPLY:
            # Locked: one draw at a time per family.
            household, period = uow.entitlements.household_and_period_of(
                card.citizen_national_id, Period.of(today)
            )
            if household is not None and household.status != "closed" and period is None and may_open:
                raise _MonthNotOpen(household.number)
        policy = uow.policies.book().in_force(today)
        return Context(uow, transaction_id, request, terminal, card, policy, now, today, household, period)

    def _record(
        self,
        uow: PaymentsUnitOfWork,
        terminal: TerminalIdentity,
        submission: Submission,
        fingerprint: str,
        answer: Answer,
        now: dt.datetime,
        ctx: Context | None = None,
        outcome: Outcome | None = None,
    ) -> None:
        request = submission.request
        card = ctx.card if ctx else None
        stored = StoredTransaction(
            id=answer.transaction_id,
            terminal_id=terminal.terminal_id,
            idempotency_key=submission.idempotency_key,
            request_hash=fingerprint,
            type=request.type,
            channel=submission.channel,
            answer=answer,
            created_at=now,
            card_token=card.token if card else None,
            citizen_national_id=outcome.citizen_national_id if outcome else None,
            household_number=outcome.household_number if outcome else None,
            amount=outcome.amount if outcome else (request.amount.piasters if request.amount else None),
            loaves=outcome.loaves if outcome else request.loaves,
            entry_id=outcome.entry.id if outcome and outcome.entry else None,
            reverses=outcome.reverses if outcome else None,
        )
        uow.transactions.record(stored)
        if outcome is not None:
            queue_notices(uow, outcome.notices, transaction_id=answer.transaction_id, at=now)
        uow.audit.append(
            AuditEvent(
                actor=f"terminal:{terminal.terminal_id}",
                action=f"authorize.{request.type.value}",
                subject=f"transaction:{answer.transaction_id}",
                at=now,
                details={
                    "response": answer.response.value,
                    "reason": answer.reason,
                    "entry": stored.entry_id,
                },
            ),
            chain=f"terminal:{terminal.terminal_id}",
        )

    def _decline(
        self,
        terminal: TerminalIdentity,
        submission: Submission,
        fingerprint: str,
        transaction_id: str,
        declined: Declined,
    ) -> Answer:
        request = submission.request
        with self.uow_factory() as uow:
            card = uow.cards.find_by_pan(request.pan) if request.pan else None
            # What card security must keep of a declined request (a genuine ATC, a wrong PIN).
            self.verifier.settle(uow, card, request)
            answer = Answer(
                transaction_id,
                declined.response,
                declined.code,
                dict(declined.params),
                {},
                None,
                issuer_authentication=self._tag_91(card, request, declined.response),
            )
            self._record(uow, terminal, submission, fingerprint, answer, self.clock.now())
            uow.commit()
        return answer

    def _tag_91(
        self, card: Card | None, request: AuthorizationRequest, response: ResponseCode
    ) -> bytes | None:
        """The card's issuer authentication, computed with the answer: nothing read again."""
        return None if card is None else self.verifier.issuer_authentication(card, request, response)


def _replay(uow: PaymentsUnitOfWork, terminal_id: str, key: str, fingerprint: str) -> Answer | None:
    """The answer already given to this key, if any; the key with another request is refused."""
    stored = uow.transactions.find(terminal_id, key)
    if stored is None:
        return None
    if stored.request_hash != fingerprint:
        raise IdempotencyKeyReused("idempotency.key_reused", key=key)
    return Answer.from_plain(stored.answer.to_plain(), replayed=True)
