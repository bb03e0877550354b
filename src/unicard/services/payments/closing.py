"""Closing a household's open months: the one set of rules for opening a month and for reporting.

Opening a month (:func:`unicard.services.payments.entitlements.ensure_period`) first closes what
is still open before it: unused ration credit and loaves lapse, last month's unspent bread points
lapse, and last month's undrawn loaves become bread points for the new month. ``unicard
entitlements close-period`` does the same closing ahead of first use, for reporting, without
granting the new month.

Both post the closing as the entries ``lapse:<household>:<month>`` and
``points:<household>:<month>`` (the month being the one closed *before*), so a closing is done
at most once: when ``close-period`` closed before a month and the household then opens that
month, the opening finds the closing done (:func:`closing_as_of`) and only grants.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from unicard.domain.entitlements.grants import Closing, close_period
from unicard.domain.entitlements.periods import Period
from unicard.domain.ledger import Account, AccountKind, EntryBuilder, EntryKind, JournalEntry
from unicard.domain.policy import PolicyBook
from unicard.domain.shared.clock import CAIRO, cairo_date
from unicard.domain.shared.errors import Conflict, InvalidValue
from unicard.domain.shared.money import ZERO, Money
from unicard.services import audit_trail
from unicard.services.payments import accounts as keys
from unicard.services.payments.unit_of_work import PaymentsUnitOfWork
from unicard.services.ports import Clock

HOUSEHOLD_KINDS = (AccountKind.BREAD_QUOTA, AccountKind.RATION_CREDIT, AccountKind.BREAD_POINTS)
NOTHING = Closing(ZERO, 0, ZERO, ZERO)

#: Households closed per transaction by ``close-period``.
BATCH_HOUSEHOLDS = 200


def period_start(period: Period) -> dt.datetime:
    return dt.datetime(period.year, period.month, 1, tzinfo=CAIRO)


@dataclass(frozen=True, slots=True)
class PeriodClose:
    """What closing before ``current`` still has to post, and what it earned for ``current``.

    ``points_for_current``: bread points the closing earned for ``current`` (posted now, or
    already by ``close-period``); recorded with the month when it is opened.
    """

    closing: Closing
    points_for_current: int
    loaves_converted: int  # undrawn loaves that ``closing.earned_points`` pays for


def household_accounts(uow: PaymentsUnitOfWork, number: str) -> dict[str, Account]:
    """The household's three accounts (by kind value) and the ministry's three, opened if new."""
    wanted = {kind.value: keys.household(kind, number) for kind in HOUSEHOLD_KINDS}
    wanted |= {
        "ministry": keys.MINISTRY_FUNDING,
        "bread_issue": keys.BREAD_ISSUE,
        "points_issue": keys.POINTS_ISSUE,
    }
    opened = uow.ledger.open_accounts(list(wanted.values()))
    return {name: opened[key] for name, key in wanted.items()}


def closing_as_of(
    uow: PaymentsUnitOfWork, book: PolicyBook, number: str, current: Period, accounts: dict[str, Account]
) -> PeriodClose:
    """Closing every open month before ``current``, as ``current`` opens (or is closed before)."""
    open_periods = [p for p in uow.entitlements.open_periods(number) if p.period < current]
    if not open_periods:
        done = _already_closed_before(uow, number, current, accounts)
        if done is not None:
            return PeriodClose(NOTHING, done, 0)
    last_open = open_periods[-1].period if open_periods else None
    balances = uow.ledger.balances([accounts[kind.value].id for kind in HOUSEHOLD_KINDS])
    previous = current.previous()
    untouched = 0
    if last_open is None or last_open < previous:
        # Last month was never opened, so nothing was drawn: its whole quota earns points.
        members = uow.entitlements.members_at(number, period_start(previous))
        untouched = book.in_force(previous.first_day).bread.quota_per_day(members) * previous.days
    loaves_left = balances[accounts[AccountKind.BREAD_QUOTA.value].id]
    closing = close_period(
        book.in_force(current.first_day),
        closing=last_open,
        current=current,
        ration_credit_left=Money(balances[accounts[AccountKind.RATION_CREDIT.value].id]),
        loaves_left=loaves_left,
        points_left=Money(balances[accounts[AccountKind.BREAD_POINTS.value].id]),
        untouched_previous_month_loaves=untouched,
    )
    converted = loaves_left if last_open == previous else untouched
    return PeriodClose(
        closing, closing.earned_points.piasters, converted if closing.earned_points.piasters else 0
    )


def _already_closed_before(
    uow: PaymentsUnitOfWork, number: str, current: Period, accounts: dict[str, Account]
) -> int | None:
    """The points earned for ``current`` if ``close-period`` already closed before it, else None.

    With nothing open before ``current`` and ``current`` not opened, a closed last month was
    closed by ``close-period`` as of ``current`` (opening a month closes the ones before it, and
    ``close-period`` refuses future months). Otherwise the closing entries say it, if it moved
    anything; a closing of an older month that moved nothing has nothing to redo either way.
    """
    previous = uow.entitlements.period(number, current.previous())
    earned = uow.ledger.entry(f"points:{number}:{current.name}")
    if earned is not None:
        return earned.amount_for(accounts[AccountKind.BREAD_POINTS.value].id)
    if previous is not None and previous.closed:
        return 0
    if uow.ledger.entry(f"lapse:{number}:{current.name}") is not None:
        return 0
    return None


def closing_entries(
    number: str, current: Period, policy_version: str, closing: Closing, accounts: dict[str, Account]
) -> list[JournalEntry]:
    """Lapse, then points earned: up to two entries, each with a deterministic id."""
    quota, credit, points = (accounts[kind.value] for kind in HOUSEHOLD_KINDS)
    ministry, bread_issue, points_issue = (
        accounts["ministry"],
        accounts["bread_issue"],
        accounts["points_issue"],
    )
    stem = f"{number}:{current.name}"
    lapse = EntryBuilder(
        f"lapse:{stem}", EntryKind.ENTITLEMENT_LAPSE, policy_version, memo=f"close before {current}"
    )
    lapse = move(lapse, credit, ministry, closing.lapsed_ration_credit.piasters)
    lapse = move(lapse, quota, bread_issue, closing.lapsed_loaves)
    lapse = move(lapse, points, points_issue, closing.lapsed_points.piasters)
    earned = move(
        EntryBuilder(f"points:{stem}", EntryKind.BREAD_POINTS_EARNED, policy_version, memo="undrawn bread"),
        points_issue,
        points,
        closing.earned_points.piasters,
    )
    return [builder.build() for builder in (lapse, earned) if builder.lines]


def move(builder: EntryBuilder, source: Account, destination: Account, amount: int) -> EntryBuilder:
    return builder.debit(source, amount).credit(destination, amount) if amount else builder


# -- close-period -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClosingSummary:
    period: Period  # households' months before this one were closed
    households: int  # households closed by this run (0 on a second run)
    periods: int  # months closed
    credit_lapsed: Money
    loaves_lapsed: int
    loaves_converted: int  # undrawn loaves turned into bread points
    points_earned: Money
    points_lapsed: Money


def close_household(
    uow: PaymentsUnitOfWork, book: PolicyBook, number: str, current: Period, now: dt.datetime
) -> tuple[PeriodClose, int] | None:
    """Close the household's open months before ``current`` without opening ``current``.

    Inside the caller's transaction. None if nothing was open before ``current``; else what was
    posted and how many months were closed.
    """
    open_before = [p for p in uow.entitlements.open_periods(number) if p.period < current]
    if not open_before:
        return None
    accounts = household_accounts(uow, number)
    close = closing_as_of(uow, book, number, current, accounts)
    version = book.in_force(current.first_day).version
    ledger_accounts = {a.id: a for a in accounts.values()}
    for entry in closing_entries(number, current, version, close.closing, accounts):
        uow.ledger.post(entry, ledger_accounts, at=now, shard_hint=hash(number))
    for record in open_before:
        uow.entitlements.close(number, record.period, at=now)
    return close, len(open_before)


def requested_period(clock: Clock, name: str | None) -> Period:
    """``--period YYYY-MM`` (default: this month in Cairo); a future month is refused."""
    this_month = Period.of(cairo_date(clock.now()))
    if name is None:
        return this_month
    try:
        period = Period.parse(name.strip())
        period.first_day  # noqa: B018 - validates the month number
    except ValueError:
        raise InvalidValue("entitlements.period_format", field="period", value=name) from None
    if period > this_month:
        raise InvalidValue("entitlements.period_future", field="period", value=period.name)
    return period


def close_periods(
    uow_factory: Callable[[], PaymentsUnitOfWork],
    clock: Clock,
    period: Period,
    *,
    actor: str = "cli",
    progress: Callable[[int, int], None] | None = None,
) -> ClosingSummary:
    """Close every household's open months before ``period``, ``BATCH_HOUSEHOLDS`` per transaction.

    Idempotent: a household with nothing open before ``period`` is skipped, so a second run
    closes nothing. ``progress(done, total)`` is called after each batch. A household that opens
    its month concurrently wins (its opening does the same closing); this run skips it.
    """
    with uow_factory() as uow:
        total = uow.entitlements.count_open_before(period)
    totals = _Totals()
    done = 0
    for batch in _batches(uow_factory, period):
        _close_batch(uow_factory, clock, period, batch, totals)
        done += len(batch)
        if progress is not None:
            progress(done, max(total, done))
    summary = totals.summary(period)
    with uow_factory() as uow:
        audit_trail.record(
            uow,
            actor=actor,
            action="entitlements.close_period",
            subject=f"period:{period.name}",
            at=clock.now(),
            details={
                "households": summary.households,
                "periods": summary.periods,
                "credit_lapsed": summary.credit_lapsed.piasters,
                "loaves_lapsed": summary.loaves_lapsed,
                "loaves_converted": summary.loaves_converted,
                "points_earned": summary.points_earned.piasters,
                "points_lapsed": summary.points_lapsed.piasters,
            },
        )
        uow.commit()
    return summary


def _batches(uow_factory: Callable[[], PaymentsUnitOfWork], period: Period) -> Iterator[list[str]]:
    after: str | None = None
    while True:
        with uow_factory() as uow:
            batch = list(uow.entitlements.open_before(period, after=after, limit=BATCH_HOUSEHOLDS))
        if not batch:
            return
        yield batch
        after = batch[-1]


@dataclass
class _Totals:
    households: int = 0
    periods: int = 0
    credit: int = 0
    loaves: int = 0
    converted: int = 0
    earned: int = 0
    points_lapsed: int = 0

    def add(self, close: PeriodClose, periods: int) -> None:
        self.households += 1
        self.periods += periods
        self.credit += close.closing.lapsed_ration_credit.piasters
        self.loaves += close.closing.lapsed_loaves
        self.converted += close.loaves_converted
        self.earned += close.closing.earned_points.piasters
        self.points_lapsed += close.closing.lapsed_points.piasters

    def summary(self, period: Period) -> ClosingSummary:
        return ClosingSummary(
            period,
            self.households,
            self.periods,
            Money(self.credit),
            self.loaves,
            self.converted,
            Money(self.earned),
            Money(self.points_lapsed),
        )


def _close_batch(
    uow_factory: Callable[[], PaymentsUnitOfWork],
    clock: Clock,
    period: Period,
    numbers: list[str],
    totals: _Totals,
) -> None:
    """The batch in one transaction; if it conflicts, household by household, skipping the losers."""
    now = clock.now()
    try:
        with uow_factory() as uow:
            book = uow.policies.book()
            closed = [(close_household(uow, book, number, period, now)) for number in numbers]
            uow.commit()
    except Conflict:
        closed = []
        for number in numbers:
            try:
                with uow_factory() as uow:
                    one = close_household(uow, uow.policies.book(), number, period, now)
                    uow.commit()
            except Conflict:
                continue  # opened concurrently: its opening did this closing
            closed.append(one)
    for result in closed:
        if result is not None:
            totals.add(*result)
