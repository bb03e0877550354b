"""``unicard ledger check`` in SQL: the rules of :mod:`unicard.domain.ledger.check`, set-based.

Each rule is one aggregate query that the database answers by scanning and grouping; it returns
only the first offender (``LIMIT 1``), so memory does not grow with the ledger, and being one
statement it reads one consistent snapshot even while authorizations go on. The findings are
then ordered as the in-memory check orders them — entries in posting order (an entry's position
is its first posting id), stored balances by account id, unit totals, floors by account id — so
the first one reported is the cause, not an effect of it. Account ids are ordered as numbers
here, as strings in memory: the two agree on which rule fails first, not always on which account.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, FromClause, Row, Select, and_, case, func, null, or_, select, union
from sqlalchemy.sql.elements import ColumnElement

from unicard.adapters.db.ledger_accounts import domain_unit
from unicard.adapters.db.tables_payments import account_balances, accounts, journal_entries, postings
from unicard.domain.ledger import AccountKind, CheckRule, Discrepancy, Unit
from unicard.services.ledger import LedgerReport

_LAST = 2**62  # the position of an entry without postings (only a tampered ledger has one)
_p, _a, _b = postings.c, accounts.c, account_balances.c


@dataclass(frozen=True, slots=True, order=True)
class _Finding:
    order: tuple[int, int, int, int]  # (phase, position, rank within the phase, tie-break)
    discrepancy: Discrepancy = field(compare=False)


def report(db: Connection) -> LedgerReport:
    totals = _unit_totals(db)
    findings = [found for rule in _RULES for found in rule(db)]
    findings += [_Finding((3, 0, i, 0), d) for i, d in enumerate(_units_not_zero(totals))]
    findings.sort()
    return LedgerReport(
        accounts=_count(db, accounts.c.id),
        entries=_count(db, journal_entries.c.id),
        postings=_count(db, postings.c.id),
        unit_totals=totals,
        findings=[found.discrepancy for found in findings],
    )


def _count(db: Connection, column: ColumnElement[Any]) -> int:
    return int(db.execute(select(func.count(column))).scalar_one())


def _positions() -> Select[Any]:
    """Each entry's place in posting order: its first posting id."""
    return select(_p.entry_id, func.min(_p.id).label("position")).group_by(_p.entry_id)


def _first(db: Connection, query: Select[Any]) -> Iterator[Row[Any]]:
    row = db.execute(query.limit(1)).first()
    if row is not None:
        yield row


# -- entries ---------------------------------------------------------------------------------------


def _postings_to_wrong_accounts(db: Connection) -> Iterator[_Finding]:
    """A posting to an account that does not exist, or in a unit the account does not hold."""
    pos = _positions().subquery()
    query = (
        select(_p.entry_id, _p.account_id, _p.unit, _p.id, pos.c.position, _a.id.label("known"))
        .join(pos, pos.c.entry_id == _p.entry_id)
        .outerjoin(accounts, _a.id == _p.account_id)
        .where(or_(_a.id.is_(None), _a.unit != _p.unit))
        .order_by(pos.c.position, _p.id)
    )
    for row in _first(db, query):
        rule, unit = (
            (CheckRule.UNKNOWN_ACCOUNT, None) if row.known is None else (CheckRule.UNIT_MISMATCH, row.unit)
        )
        found = Discrepancy(rule, row.entry_id, str(row.account_id), domain_unit(unit) if unit else None)
        yield _Finding((0, row.position, 0, row.id), found)


def _unbalanced_entries(db: Connection) -> Iterator[_Finding]:
    pos = _positions().subquery()
    sums = (
        select(_p.entry_id, _p.unit, func.sum(_p.amount).label("total"), func.min(_p.id).label("first"))
        .group_by(_p.entry_id, _p.unit)
        .having(func.sum(_p.amount) != 0)
        .subquery()
    )
    query = (
        select(sums.c.entry_id, sums.c.unit, sums.c.total, sums.c.first, pos.c.position)
        .join(pos, pos.c.entry_id == sums.c.entry_id)
        .order_by(pos.c.position, sums.c.first)
    )
    for row in _first(db, query):
        found = Discrepancy(
            CheckRule.ENTRY_UNBALANCED, row.entry_id, unit=domain_unit(row.unit), found=int(row.total)
        )
        yield _Finding((0, row.position, 1, row.first), found)


def _reversal_findings(db: Connection) -> Iterator[_Finding]:
    """Orphan reversals, reversals of reversals, reversals that are not mirrors, double reversals."""
    pos = _positions().subquery()
    reversal, original = journal_entries.alias("reversal"), journal_entries.alias("original")
    position = func.coalesce(pos.c.position, _LAST).label("position")
    base = (
        select(reversal.c.id, reversal.c.reverses, position)
        .outerjoin(pos, pos.c.entry_id == reversal.c.id)
        .outerjoin(original, original.c.id == reversal.c.reverses)
        .where(reversal.c.reverses.is_not(None))
        .order_by(position, reversal.c.id)
    )
    checks: list[tuple[CheckRule, ColumnElement[bool]]] = [
        (CheckRule.ORPHAN_REVERSAL, original.c.id.is_(None)),
        (CheckRule.REVERSAL_OF_REVERSAL, original.c.reverses.is_not(None)),
        (CheckRule.REVERSAL_NOT_MIRROR, and_(original.c.id.is_not(None), reversal.c.id.in_(_not_mirrors()))),
    ]
    for rank, (rule, condition) in enumerate(checks, start=2):
        for row in _first(db, base.where(condition)):
            yield _Finding((0, row.position, rank, 0), Discrepancy(rule, row.id))
    yield from _reversed_twice(db)


def _not_mirrors() -> Select[Any]:
    """Reversals with a posting the original does not mirror, or missing one it has.

    An entry holds one posting per account, so two anti-joins decide "exact mirror".
    """
    reversal = journal_entries.alias("r")
    combined = union(
        _unmatched(reversal, reversal.c.id, reversal.c.reverses),
        _unmatched(reversal, reversal.c.reverses, reversal.c.id),
    ).subquery()
    return select(combined.c.id)


def _unmatched(reversal: FromClause, side: ColumnElement[Any], other_side: ColumnElement[Any]) -> Select[Any]:
    """Reversals having a posting on ``side`` that no posting on ``other_side`` mirrors."""
    posting, mirror = postings.alias(), postings.alias()
    mirrored = and_(
        mirror.c.entry_id == other_side,
        mirror.c.account_id == posting.c.account_id,
        mirror.c.unit == posting.c.unit,
        mirror.c.amount == -posting.c.amount,
    )
    return (
        select(reversal.c.id)
        .join(posting, posting.c.entry_id == side)
        .outerjoin(mirror, mirrored)
        .where(mirror.c.id.is_(None))
    )


def _reversed_twice(db: Connection) -> Iterator[_Finding]:
    """Reported at the second reversal's position, as the in-memory check does."""
    pos = _positions().subquery()
    reversal, original = journal_entries.alias("reversal"), journal_entries.alias("original")
    position = func.coalesce(pos.c.position, _LAST)
    nth = func.row_number().over(partition_by=reversal.c.reverses, order_by=(position, reversal.c.id))
    ranked = (
        select(reversal.c.reverses, position.label("position"), nth.label("nth"))
        .outerjoin(pos, pos.c.entry_id == reversal.c.id)
        .join(original, original.c.id == reversal.c.reverses)  # an orphan is reported as such
        .subquery()
    )
    query = select(ranked.c.reverses, ranked.c.position).where(ranked.c.nth == 2).order_by(ranked.c.position)
    for row in _first(db, query):
        yield _Finding((0, row.position, 5, 0), Discrepancy(CheckRule.REVERSED_TWICE, row.reverses))


# -- stored balances -------------------------------------------------------------------------------


def _stored() -> Select[tuple[int, int]]:
    return select(_b.account_id, func.sum(_b.balance).label("stored")).group_by(_b.account_id)


def _orphan_balances(db: Connection) -> Iterator[_Finding]:
    query = (
        select(_b.account_id)
        .outerjoin(accounts, _a.id == _b.account_id)
        .where(_a.id.is_(None))
        .order_by(_b.account_id)
    )
    for row in _first(db, query):
        yield _Finding(
            (1, 0, 0, row.account_id), Discrepancy(CheckRule.ORPHAN_BALANCE, account_id=str(row.account_id))
        )


def _balance_mismatches(db: Connection) -> Iterator[_Finding]:
    stored = _stored().subquery()
    summed = select(_p.account_id, func.sum(_p.amount).label("summed")).group_by(_p.account_id).subquery()
    stored_balance, postings_sum = func.coalesce(stored.c.stored, 0), func.coalesce(summed.c.summed, 0)
    query = (
        select(_a.id, _a.unit, stored_balance.label("stored"), postings_sum.label("summed"))
        .outerjoin(stored, stored.c.account_id == _a.id)
        .outerjoin(summed, summed.c.account_id == _a.id)
        .where(stored_balance != postings_sum)
        .order_by(_a.id)
    )
    for row in _first(db, query):
        found = Discrepancy(
            CheckRule.BALANCE_MISMATCH,
            None,
            str(row.id),
            domain_unit(row.unit),
            int(row.stored),
            int(row.summed),
        )
        yield _Finding((2, 0, 0, row.id), found)


def _broken_floors(db: Connection) -> Iterator[_Finding]:
    """Against the floor of the account's kind (the domain's rule), not a stored copy of it."""
    floors = {kind.value: kind.rule.floor for kind in AccountKind if kind.rule.floor is not None}
    floor = case(floors, value=_a.kind, else_=null())
    stored = _stored().subquery()
    balance = func.coalesce(stored.c.stored, 0)
    query = (
        select(_a.id, _a.unit, balance.label("stored"), floor.label("floor"))
        .outerjoin(stored, stored.c.account_id == _a.id)
        .where(floor.is_not(None), balance < floor)
        .order_by(_a.id)
    )
    for row in _first(db, query):
        found = Discrepancy(
            CheckRule.FLOOR_BROKEN, None, str(row.id), domain_unit(row.unit), int(row.stored), int(row.floor)
        )
        yield _Finding((4, 0, 0, row.id), found)


def _unit_totals(db: Connection) -> dict[Unit, int]:
    query = select(_a.unit, func.sum(_b.balance)).join(accounts, _a.id == _b.account_id).group_by(_a.unit)
    totals = dict.fromkeys(Unit, 0)
    for unit, total in db.execute(query):
        totals[domain_unit(unit)] = int(total or 0)
    return totals


def _units_not_zero(totals: dict[Unit, int]) -> Iterator[Discrepancy]:
    for unit, total in totals.items():
        if total != 0:
            yield Discrepancy(CheckRule.UNIT_NOT_ZERO, unit=unit, found=total)


_RULES: tuple[Callable[[Connection], Iterator[_Finding]], ...] = (
    _postings_to_wrong_accounts,
    _unbalanced_entries,
    _reversal_findings,
    _orphan_balances,
    _balance_mismatches,
    _broken_floors,
)
