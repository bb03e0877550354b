"""What a household and a citizen hold, and what they did: the read side of the engine.

Reads never write: a month not opened yet is shown with what opening it would grant, not
opened (the household's first transaction of the month opens it, ``ensure_period``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from unicard.domain.entitlements.bread import allowance
from unicard.domain.entitlements.grants import grant_for
from unicard.domain.entitlements.periods import Period
from unicard.domain.ledger import AccountKind
from unicard.domain.operators.operator import Operator
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.errors import InvalidValue, NotFound
from unicard.domain.shared.money import Money
from unicard.services.access import require_scope
from unicard.services.ledger import AccountKey, StatementLine
from unicard.services.payments import accounts as keys
from unicard.services.payments.closing import period_start
from unicard.services.payments.ports import HouseholdFacts, StoredTransaction
from unicard.services.payments.unit_of_work import PaymentsUnitOfWork
from unicard.services.ports import Clock

MAX_PAGE = 100


def _balances(uow: PaymentsUnitOfWork, wanted: Sequence[AccountKey]) -> list[int]:
    """The balance of each account of ``wanted``, in order; 0 for one not opened yet."""
    found = uow.ledger.existing_accounts(wanted)
    balances = uow.ledger.balances([account.id for account in found.values()])
    return [balances[found[key].id] if key in found else 0 for key in wanted]


@dataclass(frozen=True, slots=True)
class EntitlementsView:
    """This month's entitlements. ``opened`` False: the ``*_granted`` figures are what opening
    the month now would grant, and nothing is left yet (the ``*_left`` fields are None)."""

    household: str
    governorate: str
    period: Period
    opened: bool
    members: int
    policy_version: str
    loaves_granted: int
    ration_credit_granted: Money
    bread_points_granted: Money
    loaves_left: int | None
    loaves_left_today: int | None
    ration_credit_left: Money | None
    bread_points_left: Money | None


@dataclass(frozen=True, slots=True)
class WalletView:
    national_id: str
    balance: Money
    max_balance: Money
    policy_version: str


@dataclass(frozen=True, slots=True)
class HistoryPage:
    """Newest first; ``next_before`` is the cursor of the next (older) page, None on the last."""

    items: Sequence[StoredTransaction]
    next_before: str | None


def household_entitlements(
    uow: PaymentsUnitOfWork, clock: Clock, actor: Operator, number: str
) -> EntitlementsView:
    now = clock.now()
    today = cairo_date(now)
    current = Period.of(today)
    with uow:
        household = _household_in_scope(uow, actor, number)
        policy = uow.policies.book().in_force(today)
        record = uow.entitlements.period(household.number, current)
        if record is None:
            members = uow.entitlements.members_at(
                household.number, period_start(current)
            ) or uow.entitlements.members_at(household.number, now)
            month_policy = uow.policies.book().in_force(current.first_day)
            # A decision dated after this month's first day does not change this month.
            eligible = (uow.entitlements.household(household.number, current) or household).ration_eligible
            grant = grant_for(month_policy, current, members=members, ration_eligible=eligible)
            return EntitlementsView(
                household.number,
                household.governorate,
                current,
                opened=False,
                members=members,
                policy_version=grant.policy_version,
                loaves_granted=grant.loaves,
                ration_credit_granted=grant.ration_credit,
                bread_points_granted=Money(0),
                loaves_left=None,
                loaves_left_today=None,
                ration_credit_left=None,
                bread_points_left=None,
            )
        wanted = [
            keys.household(kind, household.number)
            for kind in (AccountKind.BREAD_QUOTA, AccountKind.RATION_CREDIT, AccountKind.BREAD_POINTS)
        ]
        loaves, credit, points = _balances(uow, wanted)
        bread = allowance(
            policy, day=today, members=record.members, granted=record.loaves_granted, left=loaves
        )
        return EntitlementsView(
            household.number,
            household.governorate,
            current,
            opened=True,
            members=record.members,
            policy_version=record.policy_version,
            loaves_granted=record.loaves_granted,
            ration_credit_granted=Money(record.ration_granted),
            bread_points_granted=Money(record.points_granted),
            loaves_left=loaves,
            loaves_left_today=bread.left_today,
            ration_credit_left=Money(credit),
            bread_points_left=Money(points),
        )


def citizen_wallet(uow: PaymentsUnitOfWork, clock: Clock, actor: Operator, national_id: str) -> WalletView:
    with uow:
        _citizen_in_scope(uow, actor, national_id)
        policy = uow.policies.book().in_force(cairo_date(clock.now()))
        key = keys.wallet(national_id)
        (balance,) = _balances(uow, [key])  # a citizen never paid has no wallet account yet
        return WalletView(national_id, Money(balance), policy.wallet.max_balance, policy.version)


@dataclass(frozen=True, slots=True)
class StatementPage:
    """Oldest first; ``next_after`` is the cursor of the next (newer) page, None on the last."""

    lines: Sequence[StatementLine]
    next_after: int | None


def wallet_statement(
    uow: PaymentsUnitOfWork, actor: Operator, national_id: str, *, after: int | None, limit: int
) -> StatementPage:
    """Every movement of the wallet, from the ledger itself: card transactions, deposits and the
    G2P credits that no terminal made, so it always adds up to the balance."""
    _check_limit(limit)
    with uow:
        _citizen_in_scope(uow, actor, national_id)
        key = keys.wallet(national_id)
        wallet = uow.ledger.existing_accounts([key]).get(key)
        if wallet is None:
            return StatementPage([], None)  # never paid: no wallet account yet
        lines = uow.ledger.statement(wallet.id, after=after, limit=limit + 1)
        shown = list(lines[:limit])
        return StatementPage(shown, shown[-1].posting_id if len(lines) > limit else None)


def household_history(
    uow: PaymentsUnitOfWork, actor: Operator, number: str, *, before: str | None, limit: int
) -> HistoryPage:
    with uow:
        household = _household_in_scope(uow, actor, number)
        return _page(uow, None, household.number, before, limit)


def citizen_history(
    uow: PaymentsUnitOfWork, actor: Operator, national_id: str, *, before: str | None, limit: int
) -> HistoryPage:
    with uow:
        _citizen_in_scope(uow, actor, national_id)
        return _page(uow, national_id, None, before, limit)


def _page(
    uow: PaymentsUnitOfWork, national_id: str | None, number: str | None, before: str | None, limit: int
) -> HistoryPage:
    _check_limit(limit)
    if before is not None:
        cursor = uow.transactions.get(before)
        mine = cursor is not None and (
            cursor.citizen_national_id == national_id if national_id else cursor.household_number == number
        )
        if not mine:
            raise InvalidValue("history.cursor_unknown", field="before", value=before)
    rows = uow.transactions.history(
        national_id=national_id, household_number=number, before=before, limit=limit + 1
    )
    items = list(rows[:limit])
    return HistoryPage(items, items[-1].id if len(rows) > limit else None)


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidValue("history.limit", field="limit", maximum=MAX_PAGE)


def _household_in_scope(uow: PaymentsUnitOfWork, actor: Operator, number: str) -> HouseholdFacts:
    household = uow.entitlements.household(number.strip())
    if household is None:
        raise NotFound("household.not_found", number=number)
    require_scope(actor, household.governorate)
    return household


def _citizen_in_scope(uow: PaymentsUnitOfWork, actor: Operator, national_id: str) -> None:
    citizen = uow.citizens.get(national_id)
    if citizen is None:
        raise NotFound("citizen.not_found", national_id=national_id)
    require_scope(actor, citizen.residence_governorate)
