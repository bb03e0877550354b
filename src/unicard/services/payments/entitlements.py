"""Opening a household's month on first use: close what is left of the last one, grant the new one.

Runs in its own short transaction before the authorization that needed it, so that a busy
bakery's first sale of the month does not hold the household's grant open while it sells.
Concurrent first uses race on inserting the period row; the loser waits and reads the winner's.
"""

from __future__ import annotations

import datetime as dt

from unicard.domain.entitlements.grants import Grant, grant_for
from unicard.domain.entitlements.periods import Period
from unicard.domain.ledger import Account, AccountKind, EntryBuilder, EntryKind, JournalEntry
from unicard.domain.notifications import Recipient
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.errors import NotFound
from unicard.services.notifications import notify
from unicard.services.payments.closing import (
    closing_as_of,
    closing_entries,
    household_accounts,
    move,
    period_start,
)
from unicard.services.payments.ports import PeriodRecord
from unicard.services.payments.unit_of_work import PaymentsUnitOfWork
from unicard.services.ports import Clock


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
    household = uow.entitlements.household(number, current)
    if household is None:
        raise NotFound("household.not_found", number=number)
    book = uow.policies.book()
    policy = book.in_force(current.first_day)
    # Members at the month's start; a household registered since then counts those it has now.
    members = uow.entitlements.members_at(number, period_start(current)) or uow.entitlements.members_at(
        number, now
    )
    grant = grant_for(policy, current, members=members, ration_eligible=household.ration_eligible)
    ledger_accounts = household_accounts(uow, number)
    close = closing_as_of(uow, book, number, current, ledger_accounts)
    if not uow.entitlements.open(number, grant, close.points_for_current, at=now):
        # Another request opened it first and has committed (the insert waited for it).
        won = uow.entitlements.period(number, current)
        assert won is not None
        return won
    entries = closing_entries(number, current, grant.policy_version, close.closing, ledger_accounts)
    granted = _grant_entry(number, current, grant, ledger_accounts)
    for entry in [*entries, *([granted] if granted else [])]:
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
    head = uow.entitlements.head_contact(number)
    if head is None:
        return
    notify(
        uow,
        template="entitlement_credited",
        to=Recipient(*head),
        params={
            "month": grant.period.name,
            "ration_credit": grant.ration_credit,
            "loaves_per_day": loaves_per_day,
        },
        dedupe_key=f"grant:{number}:{grant.period.name}",
        at=now,
    )


def _grant_entry(
    number: str, current: Period, grant: Grant, accounts: dict[str, Account]
) -> JournalEntry | None:
    granted = EntryBuilder(
        f"grant:{number}:{current.name}",
        EntryKind.ENTITLEMENT_CREDIT,
        grant.policy_version,
        memo=f"{grant.members} members",
    )
    granted = move(granted, accounts["bread_issue"], accounts[AccountKind.BREAD_QUOTA.value], grant.loaves)
    granted = move(
        granted, accounts["ministry"], accounts[AccountKind.RATION_CREDIT.value], grant.ration_credit.piasters
    )
    return granted.build() if granted.lines else None
