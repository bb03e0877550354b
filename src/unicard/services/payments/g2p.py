"""G2P payment files: a CSV of national ID + amount, paid into wallets as one idempotent batch.

The file (``docs/formats/g2p.md``) is streamed and every row checked: a national ID that is
malformed, unknown or of a deceased citizen, an amount that is unreadable, zero or negative, a
national ID an earlier row already has, or a credit that would take the wallet above the
policy's maximum balance. **The valid rows are paid and the refused ones are not**; the refused
ones are reported (row, column, value, reason in Arabic and English) so that a corrected file of
just those rows can be sent as a new batch.

Everything is one database transaction: the journal entry (G2P_FUNDING debited the total, one
wallet credited per paid row), one ``wallet_credit`` notification per citizen and one audit
record per batch commit together or not at all. The entry id is the batch id (by default
``g2p:`` + the first 24 hex digits of the file's SHA-256), so paying the same file again finds
the batch paid and changes nothing. A batch of more than :data:`ROWS_PER_ENTRY` paid rows is
posted as numbered entries ``<batch>:1``, ``<batch>:2``…, each balanced on its own and all in
the same transaction: a posting's INSERT carries every row of its entry, and the databases'
bound-parameter limits (SQLite 32,766, PostgreSQL 65,535) cap what one statement may hold.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from unicard.domain.ledger import Account, DuplicateEntry, EntryBuilder, EntryKind
from unicard.domain.notifications import Bilingual, Recipient
from unicard.domain.policy import BenefitPolicy
from unicard.domain.registry.citizen import Citizen
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.errors import DomainError, InvalidValue
from unicard.domain.shared.money import Money
from unicard.domain.shared.national_id import NationalId
from unicard.services import audit_trail
from unicard.services.imports.formats import FileLayout, Record
from unicard.services.imports.ports import FileFacts, NoProgress, Progress, RowSource, Step
from unicard.services.imports.problems import ErrorLog, RowError
from unicard.services.notifications import notify
from unicard.services.payments import accounts as keys
from unicard.services.payments.unit_of_work import PaymentsUnitOfWork
from unicard.services.ports import Clock

G2P = FileLayout("g2p", ("national_id", "amount"), frozenset({"national_id", "amount"}))

#: Paid rows per journal entry (one wallet posting each, plus the funding debit).
ROWS_PER_ENTRY = 5_000
_PROGRESS_EVERY = 1_000
#: An entry id holds 32 characters; a numbered entry adds up to ``:999``.
_BATCH_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9:._-]{0,27}$")
DEFAULT_SOURCE = Bilingual("مدفوعات الدعم النقدي الحكومي", "government cash support")


@dataclass(frozen=True, slots=True)
class G2pOutcome:
    """``already_paid``: the batch was paid before (or concurrently); nothing was done now."""

    batch_id: str
    file: FileFacts
    rows: int
    paid: int
    total: Money
    errors: ErrorLog
    entries: tuple[str, ...] = ()
    already_paid: bool = False


def default_batch_id(sha256: str) -> str:
    return f"g2p:{sha256[:24]}"


def check_batch_id(batch_id: str) -> str:
    if not _BATCH_ID.match(batch_id):
        raise InvalidValue("g2p.batch_id", field="batch_id", value=batch_id)
    return batch_id


def pay_g2p_file(
    uow_factory: Callable[[], PaymentsUnitOfWork],
    clock: Clock,
    source: RowSource,
    *,
    actor: str,
    batch_id: str | None = None,
    payer: str | None = None,
    progress: Progress | None = None,
) -> G2pOutcome:
    """Pay the file's valid rows as batch ``batch_id`` (see the module docstring)."""
    facts = source.facts
    batch = check_batch_id(batch_id or default_batch_id(facts.sha256))
    named = Bilingual(payer, payer) if payer and payer.strip() else DEFAULT_SOURCE
    if _paid_before(uow_factory(), batch):
        return G2pOutcome(batch, facts, 0, 0, Money(0), ErrorLog(), already_paid=True)
    try:
        return _pay(uow_factory(), clock, source, batch, named, actor, progress or NoProgress())
    except DuplicateEntry:
        # The same batch, run at the same time, committed first.
        return G2pOutcome(batch, facts, 0, 0, Money(0), ErrorLog(), already_paid=True)


def _paid_before(uow: PaymentsUnitOfWork, batch: str) -> bool:
    with uow:
        return uow.ledger.entry(batch) is not None or uow.ledger.entry(f"{batch}:1") is not None


@dataclass(frozen=True, slots=True)
class _Credit:
    row: int
    national_id: str
    amount: Money
    raw_amount: str  # as the file has it, for the report
    mobile: str | None


@dataclass(slots=True)
class _Row:
    """A row whose national ID is well formed and first in the file, its citizen not yet read."""

    number: int
    national_id: str
    raw_id: str
    amount: Money | None  # None: unreadable or not positive (among ``problems``)
    raw_amount: str
    problems: list[RowError]


@dataclass
class _Batch:
    uow: PaymentsUnitOfWork
    batch: str
    policy: BenefitPolicy
    payer: Bilingual
    now: dt.datetime
    funding: Account
    unchecked: list[_Row] = field(default_factory=list)  # citizens to read, a statement a chunk
    credits: list[_Credit] = field(default_factory=list)  # the rows that passed their checks
    seen: dict[str, int] = field(default_factory=dict)  # national ID → first row
    entries: list[str] = field(default_factory=list)
    paid: int = 0
    total: int = 0

    def check_citizens(self, errors: ErrorLog) -> None:
        """Read the unchecked rows' citizens in one statement; keep the rows that may be paid."""
        found = self.uow.citizens.get_many([row.national_id for row in self.unchecked])
        for row in self.unchecked:
            credit = _credit(row, found.get(row.national_id), errors)
            if credit is not None:
                self.credits.append(credit)
        self.unchecked = []

    def pay(self, errors: ErrorLog) -> None:
        """Credit the rows that fit under the wallets' maximum balance, ROWS_PER_ENTRY an entry.

        Every wallet of the file is locked and read at once, in account order (as postings and
        authorization batches lock them), before the first is credited: a deposit landing while
        the file is read cannot take a wallet above its maximum, and two files, or a file and a
        batch, never wait for each other in a cycle. Held rows are the file's own: memory is
        one small record per valid row."""
        chunks = _chunks(self.credits)
        wallet_of: dict[str, Account] = {}  # national ID → wallet
        for chunk in chunks:
            opened = self.uow.ledger.open_accounts([keys.wallet(c.national_id) for c in chunk])
            wallet_of |= {c.national_id: opened[keys.wallet(c.national_id)] for c in chunk}
        balances = self.uow.ledger.locked_balances([wallet.id for wallet in wallet_of.values()])
        ceiling = self.policy.wallet.max_balance
        for chunk in chunks:
            fitting: list[tuple[_Credit, Account, Money]] = []
            for credit in chunk:
                wallet = wallet_of[credit.national_id]
                after = Money(balances[wallet.id]) + credit.amount
                if after <= ceiling:
                    fitting.append((credit, wallet, after))
                else:
                    why = "g2p.above_max_balance"
                    errors.add(RowError(credit.row, "amount", credit.raw_amount, why, {"limit": ceiling}))
            self._post(fitting, numbered=len(chunks) > 1)

    def _post(self, fitting: list[tuple[_Credit, Account, Money]], *, numbered: bool) -> None:
        if not fitting:
            return
        entry_id = f"{self.batch}:{len(self.entries) + 1}" if numbered else self.batch
        amount = sum(credit.amount.piasters for credit, _, _ in fitting)
        builder = EntryBuilder(entry_id, EntryKind.G2P_PAYMENT, self.policy.version, memo="g2p batch")
        builder = builder.debit(self.funding, amount)
        for credit, wallet, _ in fitting:
            builder = builder.credit(wallet, credit.amount.piasters)
        accounts = {account.id: account for account in (*(w for _, w, _ in fitting), self.funding)}
        self.uow.ledger.post(builder.build(), accounts, at=self.now, shard_hint=len(self.entries))
        for credit, _, balance in fitting:
            notify(
                self.uow,
                template="wallet_credit",
                to=Recipient(credit.national_id, credit.mobile),
                params={"amount": credit.amount, "source": self.payer, "balance": balance},
                dedupe_key=f"{self.batch}:{credit.national_id}",
                at=self.now,
            )
        self.entries.append(entry_id)
        self.paid += len(fitting)
        self.total += amount


def _chunks(credits: list[_Credit]) -> list[list[_Credit]]:
    return [credits[at : at + ROWS_PER_ENTRY] for at in range(0, len(credits), ROWS_PER_ENTRY)]


def _pay(
    uow: PaymentsUnitOfWork,
    clock: Clock,
    source: RowSource,
    batch: str,
    payer: Bilingual,
    actor: str,
    progress: Progress,
) -> G2pOutcome:
    now = clock.now()
    errors = ErrorLog()
    rows = 0
    progress.begin(Step.APPLY, source.facts.approximate_rows)
    with uow:
        policy = uow.policies.book().in_force(cairo_date(now))
        funding = uow.ledger.open_accounts([keys.G2P_FUNDING])[keys.G2P_FUNDING]
        state = _Batch(uow, batch, policy, payer, now, funding)
        for record in source.records():
            rows += 1
            row = _parsed(state, record, source.width, errors)
            if row is not None:
                state.unchecked.append(row)
                if len(state.unchecked) >= ROWS_PER_ENTRY:
                    state.check_citizens(errors)
            if rows % _PROGRESS_EVERY == 0:
                progress.advance(_PROGRESS_EVERY)
        state.check_citizens(errors)
        state.pay(errors)
        progress.advance(rows % _PROGRESS_EVERY)
        outcome = G2pOutcome(
            batch, source.facts, rows, state.paid, Money(state.total), errors, tuple(state.entries)
        )
        audit_trail.record(
            uow,
            actor=actor,
            action="g2p.pay",
            subject=f"g2p:{batch}",
            at=now,
            details={
                "file": source.facts.name,
                "sha256": source.facts.sha256,
                "rows": rows,
                "paid": state.paid,
                "refused": errors.total,
                "total": state.total,
                "entries": list(state.entries),
                "payer": payer.en or payer.ar,
            },
        )
        uow.commit()
    return outcome


def _parsed(state: _Batch, record: Record, width: int, errors: ErrorLog) -> _Row | None:
    """The row with what is wrong with it so far, if its citizen is still to be looked up;
    else None, its reasons added to ``errors``."""
    if record.fields != width:
        found = {"found": record.fields, "expected": width}
        errors.add(RowError(record.number, "", "", "import.field_count", found))
        return None
    raw_id, raw_amount = record.get("national_id"), record.get("amount")
    problems: list[RowError] = []
    national_id = _national_id(record, raw_id, problems)
    amount = _amount(record, raw_amount, problems)
    if national_id is not None:
        first = state.seen.get(national_id)
        if first is not None:
            repeated = {"first_row": first}
            problems.append(RowError(record.number, "national_id", raw_id, "g2p.repeated", repeated))
            national_id = None
        else:
            state.seen[national_id] = record.number
    if national_id is None:
        errors.extend(problems)
        return None
    return _Row(record.number, national_id, raw_id, amount, raw_amount, problems)


def _credit(row: _Row, citizen: Citizen | None, errors: ErrorLog) -> _Credit | None:
    """The row's credit, or None with every one of its reasons added to ``errors``."""
    if citizen is None:
        row.problems.append(RowError(row.number, "national_id", row.raw_id, "g2p.unknown_citizen"))
    elif not citizen.is_alive:
        row.problems.append(RowError(row.number, "national_id", row.raw_id, "g2p.deceased"))
    if citizen is None or row.problems or row.amount is None:
        errors.extend(row.problems)
        return None
    mobile = citizen.mobile.e164 if citizen.mobile else None
    return _Credit(row.number, row.national_id, row.amount, row.raw_amount, mobile)


def _national_id(record: Record, raw: str, problems: list[RowError]) -> str | None:
    try:
        return NationalId.parse(raw).value
    except DomainError as error:
        problems.append(RowError.from_domain(record.number, "national_id", raw, error))
        return None


def _amount(record: Record, raw: str, problems: list[RowError]) -> Money | None:
    try:
        amount = Money.parse(raw)
    except DomainError as error:
        problems.append(RowError.from_domain(record.number, "amount", raw, error))
        return None
    if amount.piasters <= 0:
        problems.append(RowError(record.number, "amount", raw, "g2p.amount_not_positive"))
        return None
    return amount
