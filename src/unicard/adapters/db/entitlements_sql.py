"""The entitlement store's statements, built once per dialect, and its rows as domain values.

Apart from :mod:`unicard.adapters.db.entitlements` so the store reads as what it does; these are
also what group commit's batches send many at once (``many_rows.among``, ``pipeline``).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import CTE, ColumnElement, Row, Select, any_, bindparam, func, or_, select, true

from unicard.adapters.db.many_rows import among, json_rows
from unicard.adapters.db.tables import citizens, household_members, households
from unicard.adapters.db.tables_eligibility import ration_eligibility_changes
from unicard.adapters.db.tables_payments import cards, entitlement_periods, ration_item_draws
from unicard.domain.entitlements.periods import Period
from unicard.domain.registry.household import Relation
from unicard.services.payments.ports import HouseholdFacts, PeriodRecord

FACTS = (
    households.c.number,
    households.c.governorate,
    households.c.status,
    households.c.ration_eligible,
    households.c.grocer_id,
)


def open_household_of(statement: Select[Any], national_id: str) -> Select[Any]:
    """``statement`` narrowed to the open household the citizen belongs to."""
    return open_memberships(statement).where(citizens.c.national_id == national_id)


def open_memberships(statement: Select[Any]) -> Select[Any]:
    """``statement`` (on ``households``) joined to its current members' citizen records."""
    return (
        statement.join(household_members, household_members.c.household_id == households.c.id)
        .join(citizens, citizens.c.id == household_members.c.citizen_id)
        .where(household_members.c.left_at.is_(None))
    )


def facts_in(first_day: Any) -> tuple[Any, ...]:
    """:data:`FACTS` with the ration status of the period starting on ``first_day``."""
    return (*FACTS[:3], eligible_in(first_day), FACTS[4])


def eligible_in(first_day: Any) -> Any:
    """The household's ration status for the period starting on ``first_day`` (a date or a bind
    parameter): as it was before any eligibility decision dated after that day (the earliest
    such), else as it is now."""
    later = ration_eligibility_changes.c
    before_later_change = (
        select(later.was_eligible)
        .where(later.household_id == households.c.id, later.effective_from > first_day)
        .order_by(later.effective_from, later.id)
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(before_later_change, households.c.ration_eligible).label("ration_eligible")


def facts(row: Any) -> HouseholdFacts:  # a Row of FACTS
    return HouseholdFacts(row.number, row.governorate, row.status, bool(row.ration_eligible), row.grocer_id)


def record(row: Row[Any]) -> PeriodRecord:
    return PeriodRecord(
        period=Period.parse(row.period),
        members=row.members_counted,
        loaves_granted=row.bread_granted,
        ration_granted=row.ration_granted,
        points_granted=row.points_granted,
        policy_version=row.policy_version,
        closed=row.closed_at is not None,
    )


@functools.cache
def items_drawn_of_cards() -> Select[Any]:
    """PostgreSQL: :func:`items_drawn_of` for the households of the cardholders of lookup hashes
    ``redeeming`` (the households' numbers an array computed first, as ``numbers`` would be)."""
    numbers = select(holders_of_cards("redeeming").c.number).scalar_subquery()
    return _drawn_by_households(households.c.number == any_(func.array(numbers)))


def _drawn_by_households(chosen: ColumnElement[bool]) -> Select[Any]:
    draws, units = ration_item_draws.c, func.sum(ration_item_draws.c.units).label("units")
    drawn = (
        select(draws.item, units)
        .where(draws.household_id == households.c.id, draws.period == bindparam("period"))
        .group_by(draws.item)
        .lateral("drawn")
    )
    return select(households.c.number, drawn.c.item, drawn.c.units).join(drawn, true()).where(chosen)


def drawn_by_number(rows: Iterable[Any]) -> dict[str, dict[str, int]]:
    drawn: dict[str, dict[str, int]] = {}
    for number, item, units in rows:
        if units:
            drawn.setdefault(number, {})[item] = int(units)
    return drawn


def months_by_household(rows: Iterable[Any]) -> dict[int, PeriodRecord]:
    return {row.household_id: record(row) for row in rows}


def household_id(number: str) -> Select[tuple[int]]:
    return select(households.c.id).where(households.c.number == number)


# The batch's reads, built once per dialect (see many_rows.among).
@functools.cache
def open_households_of(dialect: str) -> Select[Any]:
    statement = select(citizens.c.national_id, households.c.id, *FACTS)
    return open_memberships(statement).where(among(citizens.c.national_id, "national_ids", dialect))


@functools.cache
def open_households_of_cards() -> Select[Any]:
    """PostgreSQL: :func:`open_households_of` for the cardholders of a list of lookup hashes."""
    return _of_cards(select(citizens.c.national_id, households.c.id, *FACTS), "hashes")


@functools.cache
def holders_of_cards(hashes: str = "hashes") -> CTE:
    """PostgreSQL: the ``national_id`` and household ``number`` of the cardholders of a list of
    lookup hashes (the parameter ``hashes`` names) who belong to an open household; a CTE, read
    once however often a statement names it."""
    return _of_cards(select(citizens.c.national_id, households.c.number), hashes).cte(f"holders_{hashes}")


def _of_cards(statement: Select[Any], hashes: str) -> Select[Any]:
    """:func:`open_memberships` of the holders of the cards whose lookup hashes the list
    parameter ``hashes`` gives (PostgreSQL)."""
    by_card = open_memberships(statement).join(cards, cards.c.citizen_id == citizens.c.id)
    return by_card.where(among(cards.c.pan_hmac, hashes, "postgresql"))


@functools.cache
def months_of_cards() -> Select[Any]:
    """PostgreSQL: :func:`months_of` for the households of those cardholders, locked alike.
    The households' ids are an array computed first (``= ANY(ARRAY(…))``), as :func:`months_of`
    is given them: a semi-join would let a months table planned as small (the first morning of
    a month) be scanned with a probe of the cardholders for every row of it."""
    members = household_members.c
    of_cards = (
        select(members.household_id)
        .join(cards, cards.c.citizen_id == members.citizen_id)
        .where(members.left_at.is_(None), among(cards.c.pan_hmac, "hashes", "postgresql"))
    )
    return (
        select(entitlement_periods)
        .where(
            entitlement_periods.c.household_id == any_(func.array(of_cards.scalar_subquery())),
            entitlement_periods.c.period == bindparam("period"),
        )
        .order_by(entitlement_periods.c.household_id)
        .with_for_update()
    )


@functools.cache
def households_in(dialect: str) -> Select[Any]:
    return select(*facts_in(bindparam("first_day"))).where(among(households.c.number, "numbers", dialect))


def facts_by_number(rows: Iterable[Any]) -> dict[str, HouseholdFacts]:
    return {row.number: facts(row) for row in rows}


@functools.cache
def members_at(dialect: str, instants: int) -> Select[Any]:
    """Members of each household at ``instants`` instants (parameters ``at_0``, ``at_1``, …)."""
    member = household_members.c
    counts = []
    for n in range(instants):
        at = bindparam(f"at_{n}", type_=member.joined_at.type)
        counts.append(
            func.count().filter(member.joined_at <= at, or_(member.left_at.is_(None), member.left_at > at))
        )
    return (
        select(households.c.number, *counts)
        .join(household_members, household_members.c.household_id == households.c.id)
        .where(among(households.c.number, "numbers", dialect))
        .group_by(households.c.number)
    )


def members_params(numbers: Sequence[str], instants: Sequence[dt.datetime]) -> dict[str, Any]:
    return {"numbers": list(numbers)} | {f"at_{n}": at for n, at in enumerate(instants)}


def member_counts(
    numbers: Sequence[str], instants: Sequence[dt.datetime], rows: Iterable[Any]
) -> dict[tuple[str, dt.datetime], int]:
    found = {(number, at): 0 for number in numbers for at in instants}
    for row in rows:
        found |= {(row[0], at): int(row[n + 1]) for n, at in enumerate(instants)}
    return found


@functools.cache
def head_contacts(dialect: str) -> Select[Any]:
    return (
        select(households.c.number, citizens.c.national_id, citizens.c.mobile)
        .join(household_members, household_members.c.citizen_id == citizens.c.id)
        .join(households, households.c.id == household_members.c.household_id)
        .where(
            among(households.c.number, "numbers", dialect),
            household_members.c.relation == Relation.HEAD.value,
            household_members.c.left_at.is_(None),
        )
    )


def contacts_by_number(
    numbers: Sequence[str], rows: Iterable[Any]
) -> dict[str, tuple[str, str | None] | None]:
    found: dict[str, tuple[str, str | None] | None] = dict.fromkeys(numbers)
    found |= {row.number: (row.national_id, row.mobile) for row in rows}
    return found


@functools.cache
def periods_of(dialect: str, one_period: bool, only_open: bool) -> Select[Any]:
    """Households' months in month order. PostgreSQL: the households' ids first, as in
    :func:`months_of_cards`, so the months' primary key is probed whatever the statistics say."""
    wanted = among(households.c.number, "numbers", dialect)
    if dialect == "postgresql":
        ids = select(households.c.id).where(wanted).scalar_subquery()
        wanted = entitlement_periods.c.household_id == any_(func.array(ids))
    statement = (
        select(households.c.number, entitlement_periods)
        .join(households, households.c.id == entitlement_periods.c.household_id)
        .where(wanted)
        .order_by(entitlement_periods.c.period)
    )
    if one_period:
        statement = statement.where(entitlement_periods.c.period == bindparam("period"))
    if only_open:
        statement = statement.where(entitlement_periods.c.closed_at.is_(None))
    return statement


def periods_params(numbers: Sequence[str], period: Period | None) -> dict[str, Any]:
    return {"numbers": list(numbers)} | ({"period": period.name} if period else {})


def periods_by_number(numbers: Sequence[str], rows: Iterable[Any]) -> dict[str, list[PeriodRecord]]:
    found: dict[str, list[PeriodRecord]] = {number: [] for number in numbers}
    for row in rows:
        found[row.number].append(record(row))
    return found


@functools.cache
def lock_households(dialect: str) -> Select[Any]:
    # FOR NO KEY UPDATE: a single request inserting the month (a key share) is not held up.
    lock = select(households.c.id).where(among(households.c.id, "ids", dialect)).order_by(households.c.id)
    return lock.with_for_update(key_share=True)


@functools.cache
def months_of(dialect: str) -> Select[Any]:
    return (
        select(entitlement_periods)
        .where(
            among(entitlement_periods.c.household_id, "ids", dialect),
            entitlement_periods.c.period == bindparam("period"),
        )
        .order_by(entitlement_periods.c.household_id)
        .with_for_update()
    )


@functools.cache
def items_drawn_of(dialect: str) -> Select[Any]:
    """Units drawn per item in the month ``period`` by each household of ``numbers``. PostgreSQL:
    each household's draws through the (household, month) index, whatever the planner believes
    of the draws table's size (a month's draws grow from nothing, faster than statistics)."""
    draws, units = ration_item_draws.c, func.sum(ration_item_draws.c.units).label("units")
    if dialect == "postgresql":
        return _drawn_by_households(among(households.c.number, "numbers", dialect))
    return (
        select(households.c.number, draws.item, units)
        .join(households, households.c.id == draws.household_id)
        .where(among(households.c.number, "numbers", dialect), draws.period == bindparam("period"))
        .group_by(households.c.number, draws.item)
    )


#: Item draws with their households found by number in the same statement (a pipeline waits on no read).
# Each row's household found by a probe of the unique index on its number (a scalar subquery):
# a join would be planned for json_to_recordset's guess of 100 rows, a hash join scanning every
# household (1.4 ms a batch at 10,000 households, growing with the population).
_HOUSEHOLD_OF_ROW = "(SELECT h.id FROM households h WHERE h.number = d.household)"
DRAWS_BY_NUMBER = f"""
INSERT INTO ration_item_draws (household_id, period, item, units, transaction_id)
SELECT {_HOUSEHOLD_OF_ROW}, d.period, d.item, d.units, d.transaction_id
FROM json_to_recordset(%(rows)s::json)
    AS d(household text, period text, item text, units integer, transaction_id text)
"""
OPEN_BY_NUMBER = f"""
INSERT INTO entitlement_periods (household_id, period, members_counted, bread_granted, ration_granted,
    points_granted, policy_version, opened_at)
SELECT {_HOUSEHOLD_OF_ROW}, d.period, d.members_counted, d.bread_granted, d.ration_granted,
    d.points_granted, d.policy_version, d.opened_at
FROM json_to_recordset(%(rows)s::json) AS d(household text, period text, members_counted integer,
    bread_granted integer, ration_granted bigint, points_granted bigint, policy_version text,
    opened_at timestamptz)
"""
CLOSE_BY_NUMBER = f"""
UPDATE entitlement_periods e SET closed_at = d.closed_at
FROM json_to_recordset(%(rows)s::json) AS d(household text, period text, closed_at timestamptz)
WHERE e.household_id = {_HOUSEHOLD_OF_ROW} AND e.period = d.period
"""


def by_number_json(rows: Sequence[tuple[str, Mapping[str, Any]]]) -> dict[str, str]:
    """Rows keyed by household number, as the one JSON parameter of the statements above."""
    return {"rows": json_rows([{"household": number, **row} for number, row in rows])}
