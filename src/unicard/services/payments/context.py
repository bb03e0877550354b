"""What a transaction handler sees: the request, the card, the terminal, the policy, the time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from unicard.domain.cards.card import Card
from unicard.domain.ledger import Account, JournalEntry
from unicard.domain.notifications import Bilingual
from unicard.domain.policy import BenefitPolicy
from unicard.services.payments.ports import HouseholdFacts, PeriodRecord, TerminalIdentity
from unicard.services.payments.requests import AuthorizationRequest
from unicard.services.payments.unit_of_work import PaymentsUnitOfWork


@dataclass(frozen=True, slots=True)
class Context:
    """``merchant_name`` is what a citizen reads in a notification, not the merchant's id.

    For a supply transaction (bread, rations) the engine has already read the cardholder's
    ``household`` and, if it is open, this month's ``period`` — locked for this transaction — so
    the handlers do not read them again.
    """

    uow: PaymentsUnitOfWork
    transaction_id: str
    request: AuthorizationRequest
    terminal: TerminalIdentity
    card: Card | None
    policy: BenefitPolicy
    now: dt.datetime
    today: dt.date
    household: HouseholdFacts | None = None
    period: PeriodRecord | None = None

    @property
    def merchant_name(self) -> Bilingual:
        terminal = self.terminal
        return Bilingual(terminal.merchant_name_ar or terminal.merchant_id, terminal.merchant_name_en)


@dataclass(frozen=True, slots=True)
class Notice:
    """A message the citizen should get once the transaction commits."""

    template: str
    params: Mapping[str, object]
    national_id: str
    suffix: str  # makes the outbox dedupe key: one notice of a kind per transaction
    sms: bool = True  # False: the app only (a bread purchase is not worth an SMS each morning)


@dataclass(frozen=True, slots=True)
class Outcome:
    """An approved transaction, ready to post and record."""

    entry: JournalEntry | None  # None when nothing moves (a health visit with no co-payment)
    accounts: Mapping[str, Account]
    receipt: Mapping[str, object]
    citizen_national_id: str | None = None
    household_number: str | None = None
    amount: int | None = None
    loaves: int | None = None
    reverses: str | None = None
    notices: tuple[Notice, ...] = field(default=())
