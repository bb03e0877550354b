"""Opening a household's month on first use: close what is left of the last one, grant the new one.

Runs in its own short transaction before the authorization that needed it, so that a busy
bakery's first sale of the month does not hold the household's grant open while it sells.
Concurrent first uses race on inserting the period row; the loser waits and reads the winner's.
"""

from __future__ import annotations

import datetime as dt

from unicard.domain.entitlements.grants import Closing, Grant, close_period, grant_for
from unicard.domain.entitlements.periods import Period
from unicard.domain.ledger import Account, AccountKind, EntryBuilder, EntryKind, JournalEntry
from unicard.domain.notifications import Recipient
from unicard.domain.policy import PolicyBook
from unicard.domain.shared.clock import CAIRO, cairo_date
from unicard.domain.shared.errors import NotFound
from unicard.domain.shared.money import Money
from unicard.services.notifications import notify
from unicard.services.payments import accounts as keys
from unicard.services.payments.ports import PeriodRecord
from unicard.services.payments.unit_of_work import PaymentsUnitOfWork
from unicard.services.ports import Clock

_HOUSEHOLD_KINDS = (AccountKind.BREAD_QUOTA, AccountKind.RATION_CREDIT, AccountKind.BREAD_POINTS)


def period_start(period: Period) -> dt.datetime:
    return dt.datetime(period.year, period.month, 1, tzinfo=CAIRO)


def ensure_period(uow: PaymentsUnitOfWork, clock: Clock, household_number: str) -> PeriodRecord:
    """The household's current month, opened (granted) now if this is its first use."""
    now = clock.now()
    current = Period.of(cairo_date(now))
    with uow:
        record = uow.entitlements.period(household_number, current)
        if record is not None:
            return record
        record = _open(uow, now, household_number, current)
        uow.commit()
        return record


def _open(uow: PaymentsUnitOfWork, now: dt.datetime, number: str, current: Period) -> PeriodRecord:
    household = uow.entitlements.household(number)
    if household is None:
        raise NotFound("household.not_found", number=number)
    book = uow.policies.book()
    policy = book.in_force(current.first_day)
    # Members at the month's start; a household registered since then counts those it has now.
    members = uow.entitlements.members_at(number, period_start(current)) or uow.entitlements.members_at(
        number, now
    )
    grant = grant_for(policy, current, members=members, ration_eligible=household.ration_eligible)
    ledger_accounts = _accounts(uow, number)
    closing = _closing(uow, book, number, current, ledger_accounts)
    if not uow.entitlements.open(number, grant, closing.earned_points.piasters, at=now):
        # Another request opened it first and has committed (the insert waited for it).
        won = uow.entitlements.period(number, current)
        assert won is not None
        return won
    for entry in _entries(number, current, grant, closing, ledger_accounts):
        uow.ledger.post(entry, {a.id: a for a in ledger_accounts.values()}, at=now, shard_hint=hash(number))
    for record in uow.entitlements.open_periods(number):
        if record.period < current:
            uow.entitlements.close(number, record.period, at=now)
    _tell_the_head(uow, number, grant, policy.bread.quota_per_day(grant.members), now)
    found = uow.entitlements.period(number, current)
    assert found is not None
    return found


def _tell_the_head(
    uow: PaymentsUnitOfWork, number: str, grant: Grant, loaves_per_day: int, now: dt.datetime
) -> None:
    household = uow.households.get(number)
    head = uow.citizens.get(household.head) if household is not None and household.head else None
    if head is None:
        return
    notify(
        uow,
        template="entitlement_credited",
        to=Recipient(head.national_id.value, head.mobile.e164 if head.mobile else None),
        params={
            "month": grant.period.name,
            "ration_credit": grant.ration_credit,
            "loaves_per_day": loaves_per_day,
        },
        dedupe_key=f"grant:{number}:{grant.period.name}",
        at=now,
    )


def _accounts(uow: PaymentsUnitOfWork, number: str) -> dict[str, Account]:
    wanted = {kind.value: keys.household(kind, number) for kind in _HOUSEHOLD_KINDS}
    wanted |= {
        "ministry": keys.MINISTRY_FUNDING,
        "bread_issue": keys.BREAD_ISSUE,
        "points_issue": keys.POINTS_ISSUE,
    }
    opened = uow.ledger.open_accounts(list(wanted.values()))
    return {name: opened[key] for name, key in wanted.items()}


def _closing(
    uow: PaymentsUnitOfWork, book: PolicyBook, number: str, current: Period, accounts: dict[str, Account]
) -> Closing:
    open_periods = [p for p in uow.entitlements.open_periods(number) if p.period < current]
    last_open = open_periods[-1].period if open_periods else None
    balances = uow.ledger.balances([accounts[kind.value].id for kind in _HOUSEHOLD_KINDS])
    previous = current.previous()
    untouched = 0
    if last_open is None or last_open < previous:
        # Last month was never opened, so nothing was drawn: its whole quota earns points.
        members = uow.entitlements.members_at(number, period_start(previous))
        untouched = book.in_force(previous.first_day).bread.quota_per_day(members) * previous.days
    return close_period(
        book.in_force(current.first_day),
        closing=last_open,
        current=current,
        ration_credit_left=Money(balances[accounts[AccountKind.RATION_CREDIT.value].id]),
        loaves_left=balances[accounts[AccountKind.BREAD_QUOTA.value].id],
        points_left=Money(balances[accounts[AccountKind.BREAD_POINTS.value].id]),
        untouched_previous_month_loaves=untouched,
    )


def _entries(
    number: str, current: Period, grant: Grant, closing: Closing, accounts: dict[str, Account]
) -> list[JournalEntry]:
    """Lapse, then points earned, then the grant: three entries, each with a deterministic id."""
    quota, credit, points = (accounts[kind.value] for kind in _HOUSEHOLD_KINDS)
    ministry, bread_issue, points_issue = (
        accounts["ministry"],
        accounts["bread_issue"],
        accounts["points_issue"],
    )
    version, stem = grant.policy_version, f"{number}:{current.name}"
    lapse = EntryBuilder(
        f"lapse:{stem}", EntryKind.ENTITLEMENT_LAPSE, version, memo=f"close before {current}"
    )
    lapse = _move(lapse, credit, ministry, closing.lapsed_ration_credit.piasters)
    lapse = _move(lapse, quota, bread_issue, closing.lapsed_loaves)
    lapse = _move(lapse, points, points_issue, closing.lapsed_points.piasters)
    earned = _move(
        EntryBuilder(f"points:{stem}", EntryKind.BREAD_POINTS_EARNED, version, memo="undrawn bread"),
        points_issue,
        points,
        closing.earned_points.piasters,
    )
    granted = EntryBuilder(
        f"grant:{stem}", EntryKind.ENTITLEMENT_CREDIT, version, memo=f"{grant.members} members"
    )
    granted = _move(granted, bread_issue, quota, grant.loaves)
    granted = _move(granted, ministry, credit, grant.ration_credit.piasters)
    return [builder.build() for builder in (lapse, earned, granted) if builder.lines]


def _move(builder: EntryBuilder, source: Account, destination: Account, amount: int) -> EntryBuilder:
    return builder.debit(source, amount).credit(destination, amount) if amount else builder
