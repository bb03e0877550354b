"""Households' entitlement periods, and the household facts the engine reads."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import (
    Connection,
    Row,
    Select,
    and_,
    any_,
    bindparam,
    func,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from unicard.adapters.db.many_rows import among, insert_rows, one_of
from unicard.adapters.db.pipeline import Later, Pipeline
from unicard.adapters.db.tables import citizens, household_members, households
from unicard.adapters.db.tables_eligibility import ration_eligibility_changes
from unicard.adapters.db.tables_payments import cards, entitlement_periods, ration_item_draws
from unicard.domain.entitlements.grants import Grant
from unicard.domain.entitlements.periods import Period
from unicard.domain.registry.household import Relation
from unicard.services.payments.ports import HouseholdFacts, ItemDraws, PeriodRecord

_FACTS = (
    households.c.number,
    households.c.governorate,
    households.c.status,
    households.c.ration_eligible,
    households.c.grocer_id,
)


class SqlEntitlementStore:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def household_of(self, national_id: str) -> HouseholdFacts | None:
        row = self._db.execute(_open_household_of(select(*_FACTS), national_id)).first()
        return _facts(row) if row else None

    def household_and_period_of(
        self, national_id: str, period: Period
    ) -> tuple[HouseholdFacts | None, PeriodRecord | None]:
        # The common case in one statement: the household and its month, the month locked.
        row = self._db.execute(
            _open_household_of(select(*_FACTS, *entitlement_periods.c), national_id)
            .join(entitlement_periods, entitlement_periods.c.household_id == households.c.id)
            .where(entitlement_periods.c.period == period.name)
            .with_for_update(of=entitlement_periods)
        ).first()
        if row is not None:
            facts = _facts(row)
            return facts, (_record(row) if facts.status != "closed" else None)
        return self.household_of(national_id), None  # no household, or its month not opened yet

    def households_and_periods_of(
        self, national_ids: Sequence[str], period: Period
    ) -> dict[str, tuple[HouseholdFacts | None, PeriodRecord | None]]:
        """:meth:`household_and_period_of` for many citizens in two statements: their open
        households, then those households' months by primary key, locked in household order (so
        two batches never wait on each other in a cycle). Citizens without one are left out."""
        wanted = list(dict.fromkeys(national_ids))
        if not wanted:
            return {}
        rows = self._db.execute(_open_households_of(self._db.dialect.name), {"national_ids": wanted}).all()
        return self.with_months(rows, period)

    def send_households_of_cards(self, hashes: Sequence[str], pipeline: Pipeline) -> Later[list[Any]]:
        """PostgreSQL: the open households of the cards of these lookup hashes, sent in
        ``pipeline``; their months come from :meth:`with_months`."""
        return pipeline.read(_open_households_of_cards(), {"hashes": list(hashes)}, list)

    def send_months_of_cards(
        self, hashes: Sequence[str], period: Period, pipeline: Pipeline
    ) -> Later[dict[int, PeriodRecord]]:
        """PostgreSQL: the months ``period`` of those households, locked in household order,
        sent in ``pipeline``."""
        params = {"hashes": list(hashes), "period": period.name}
        return pipeline.read(_months_of_cards(), params, _months_by_household)

    def with_months(
        self, rows: Sequence[Any], period: Period, months: dict[int, PeriodRecord] | None = None
    ) -> dict[str, tuple[HouseholdFacts | None, PeriodRecord | None]]:
        """Rows of households (with the citizen's national id) and their months ``period`` (read
        and locked now unless given), by national id. Households without one are locked."""
        dialect = self._db.dialect.name
        month_of = (
            months if months is not None else self._months_locked(sorted({row.id for row in rows}), period)
        )
        unopened = sorted({row.id for row in rows if row.id not in month_of and row.status != "closed"})
        if unopened:
            # Whoever opens these months locks the households first, so two batches do not both
            # open one; the second finds the month the first opened.
            self._db.execute(_lock_households(dialect), {"ids": unopened}).all()
            month_of |= self._months_locked(unopened, period)
        found: dict[str, tuple[HouseholdFacts | None, PeriodRecord | None]] = {}
        for row in rows:
            facts = _facts(row)
            found[row.national_id] = (facts, month_of.get(row.id) if facts.status != "closed" else None)
        return found

    def _months_locked(self, household_ids: list[int], period: Period) -> dict[int, PeriodRecord]:
        months = self._db.execute(
            _months_of(self._db.dialect.name), {"ids": household_ids, "period": period.name}
        )
        return _months_by_household(months)

    def items_drawn_of(self, household_numbers: Sequence[str], period: Period) -> dict[str, dict[str, int]]:
        """:meth:`items_drawn` for many households, one statement."""
        drawn: dict[str, dict[str, int]] = {number: {} for number in household_numbers}
        if not drawn:
            return drawn
        rows = self._db.execute(
            _items_drawn_of(self._db.dialect.name), {"numbers": list(drawn), "period": period.name}
        )
        for number, item, units in rows:
            if units:
                drawn[number][item] = int(units)
        return drawn

    def record_item_draws_many(self, draws: Sequence[ItemDraws], pipeline: Pipeline | None = None) -> None:
        """:meth:`record_item_draws` for many transactions, one statement per step (on
        PostgreSQL with a ``pipeline``, one statement queued there, households found by number)."""
        rows = [
            (
                draw.household_number,
                {
                    "period": draw.period.name,
                    "item": item,
                    "units": count,
                    "transaction_id": draw.transaction_id,
                },
            )
            for draw in draws
            for item, count in sorted(draw.units.items())
        ]
        if not rows:
            return
        if pipeline is not None:
            sent = pipeline.send(_DRAWS_BY_NUMBER, _by_number_json(rows))
            pipeline.expect_rows(sent, len(rows), "a household of an item draw is missing")
            return
        ids = self._household_ids(sorted({number for number, _ in rows}))
        insert_rows(
            self._db, ration_item_draws, [{"household_id": ids[number], **row} for number, row in rows]
        )

    # -- many households at once: what opening their month reads and writes (group commit) --

    def _household_ids(self, numbers: Sequence[str]) -> dict[str, int]:
        found = self._db.execute(
            select(households.c.number, households.c.id).where(one_of(self._db, households.c.number, numbers))
        )
        return {row.number: row.id for row in found}

    def households_in(self, numbers: Sequence[str], period: Period) -> dict[str, HouseholdFacts]:
        """:meth:`household` with ``period`` for many households, one statement."""
        params = {"numbers": list(numbers), "first_day": period.first_day}
        return _facts_by_number(self._db.execute(_households_in(self._db.dialect.name), params))

    def send_households_in(
        self, numbers: Sequence[str], period: Period, pipeline: Pipeline
    ) -> Later[dict[str, HouseholdFacts]]:
        """:meth:`households_in` sent in a PostgreSQL ``pipeline``."""
        params = {"numbers": list(numbers), "first_day": period.first_day}
        return pipeline.read(_households_in("postgresql"), params, _facts_by_number)

    def members_at_many(
        self, numbers: Sequence[str], instants: Sequence[dt.datetime]
    ) -> dict[tuple[str, dt.datetime], int]:
        """:meth:`members_at` for many households at several instants, one statement."""
        statement = _members_at(self._db.dialect.name, len(instants))
        rows = self._db.execute(statement, _members_params(numbers, instants))
        return _member_counts(numbers, instants, rows)

    def send_members_at_many(
        self, numbers: Sequence[str], instants: Sequence[dt.datetime], pipeline: Pipeline
    ) -> Later[dict[tuple[str, dt.datetime], int]]:
        """:meth:`members_at_many` sent in a PostgreSQL ``pipeline``."""
        statement, params = _members_at("postgresql", len(instants)), _members_params(numbers, instants)
        return pipeline.read(statement, params, functools.partial(_member_counts, numbers, instants))

    def head_contacts(self, numbers: Sequence[str]) -> dict[str, tuple[str, str | None] | None]:
        """:meth:`head_contact` for many households, one statement."""
        rows = self._db.execute(_head_contacts(self._db.dialect.name), {"numbers": list(numbers)})
        return _contacts_by_number(numbers, rows)

    def send_head_contacts(
        self, numbers: Sequence[str], pipeline: Pipeline
    ) -> Later[dict[str, tuple[str, str | None] | None]]:
        """:meth:`head_contacts` sent in a PostgreSQL ``pipeline``."""
        convert = functools.partial(_contacts_by_number, numbers)
        return pipeline.read(_head_contacts("postgresql"), {"numbers": list(numbers)}, convert)

    def periods_of(
        self, numbers: Sequence[str], *, period: Period | None = None, only_open: bool = False
    ) -> dict[str, list[PeriodRecord]]:
        """Many households' months (``period`` only, or open ones only), in month order."""
        statement = _periods_of(self._db.dialect.name, period is not None, only_open)
        rows = self._db.execute(statement, _periods_params(numbers, period))
        return _periods_by_number(numbers, rows)

    def send_periods_of(
        self,
        numbers: Sequence[str],
        pipeline: Pipeline,
        *,
        period: Period | None = None,
        only_open: bool = False,
    ) -> Later[dict[str, list[PeriodRecord]]]:
        """:meth:`periods_of` sent in a PostgreSQL ``pipeline``."""
        statement = _periods_of("postgresql", period is not None, only_open)
        convert = functools.partial(_periods_by_number, numbers)
        return pipeline.read(statement, _periods_params(numbers, period), convert)

    def open_many(
        self, opened: Sequence[tuple[str, Grant, int, dt.datetime]], pipeline: Pipeline | None = None
    ) -> None:
        """Months granted (household number, grant, points, at); one already there fails it all.
        On PostgreSQL with a ``pipeline``, one statement queued there, households found by number."""
        if not opened:
            return
        rows = [
            (
                number,
                {
                    "period": grant.period.name,
                    "members_counted": grant.members,
                    "bread_granted": grant.loaves,
                    "ration_granted": grant.ration_credit.piasters,
                    "points_granted": points,
                    "policy_version": grant.policy_version,
                    "opened_at": at,
                },
            )
            for number, grant, points, at in opened
        ]
        if pipeline is not None:
            sent = pipeline.send(_OPEN_BY_NUMBER, _by_number_json(rows))
            pipeline.expect_rows(sent, len(rows), "a household of a month opened is missing")
            return
        ids = self._household_ids(sorted({number for number, _ in rows}))
        insert_rows(self._db, entitlement_periods, [{"household_id": ids[n], **row} for n, row in rows])

    def close_many(
        self, closed: Sequence[tuple[str, Period, dt.datetime]], pipeline: Pipeline | None = None
    ) -> None:
        """Households' months closed (household number, month, at): each a month before the one
        the household opens; on PostgreSQL with a ``pipeline``, one statement queued there."""
        if pipeline is not None and closed:
            rows = [(number, {"period": period.name, "closed_at": at}) for number, period, at in closed]
            pipeline.send(_CLOSE_BY_NUMBER, _by_number_json(rows))
            return
        for number, period, at in closed:
            self.close(number, period, at=at)

    def household(self, number: str, period: Period | None = None) -> HouseholdFacts | None:
        columns = _FACTS if period is None else (*_FACTS[:3], _eligible_in(period.first_day), _FACTS[4])
        row = self._db.execute(select(*columns).where(households.c.number == number)).first()
        return _facts(row) if row else None

    def members_at(self, household_number: str, instant: dt.datetime) -> int:
        """Members on the household's card at ``instant`` (joined by then, not yet left)."""
        return int(
            self._db.execute(
                select(func.count())
                .select_from(household_members)
                .join(households, households.c.id == household_members.c.household_id)
                .where(
                    households.c.number == household_number,
                    household_members.c.joined_at <= instant,
                    or_(household_members.c.left_at.is_(None), household_members.c.left_at > instant),
                )
            ).scalar_one()
        )

    def head_contact(self, household_number: str) -> tuple[str, str | None] | None:
        return self.head_contacts([household_number])[household_number]

    def items_drawn(self, household_number: str, period: Period) -> dict[str, int]:
        rows = self._db.execute(
            select(ration_item_draws.c.item, func.sum(ration_item_draws.c.units))
            .where(
                ration_item_draws.c.household_id == _household_id(household_number).scalar_subquery(),
                ration_item_draws.c.period == period.name,
            )
            .group_by(ration_item_draws.c.item)
        )
        return {item: int(units) for item, units in rows if units}

    def record_item_draws(
        self, household_number: str, period: Period, transaction_id: str, units: Mapping[str, int]
    ) -> None:
        household_id = self._db.execute(_household_id(household_number)).scalar_one()
        self._db.execute(
            ration_item_draws.insert(),
            [
                {
                    "household_id": household_id,
                    "period": period.name,
                    "item": item,
                    "units": count,
                    "transaction_id": transaction_id,
                }
                for item, count in sorted(units.items())
            ],
        )

    def reverse_item_draws(self, original_transaction_id: str, reversal_id: str) -> None:
        drawn = ration_item_draws.c
        self._db.execute(
            ration_item_draws.insert().from_select(
                ["household_id", "period", "item", "units", "transaction_id"],
                select(
                    drawn.household_id, drawn.period, drawn.item, -drawn.units, literal(reversal_id)
                ).where(drawn.transaction_id == original_transaction_id),
            )
        )

    def period(self, household_number: str, period: Period, *, lock: bool = False) -> PeriodRecord | None:
        statement = (
            select(entitlement_periods)
            .join(households, households.c.id == entitlement_periods.c.household_id)
            .where(households.c.number == household_number, entitlement_periods.c.period == period.name)
        )
        row = self._db.execute(
            statement.with_for_update(of=entitlement_periods) if lock else statement
        ).first()
        return _record(row) if row else None

    def open_periods(self, household_number: str) -> Sequence[PeriodRecord]:
        rows = self._db.execute(
            select(entitlement_periods)
            .join(households, households.c.id == entitlement_periods.c.household_id)
            .where(households.c.number == household_number, entitlement_periods.c.closed_at.is_(None))
            .order_by(entitlement_periods.c.period)
        )
        return [_record(row) for row in rows]

    def open(self, household_number: str, grant: Grant, points: int, *, at: dt.datetime) -> bool:
        household_id = (
            select(households.c.id).where(households.c.number == household_number).scalar_subquery()
        )
        dialect_insert = pg_insert if self._db.dialect.name == "postgresql" else sqlite_insert
        inserted = self._db.execute(
            dialect_insert(entitlement_periods)
            .values(
                household_id=household_id,
                period=grant.period.name,
                members_counted=grant.members,
                bread_granted=grant.loaves,
                ration_granted=grant.ration_credit.piasters,
                points_granted=points,
                policy_version=grant.policy_version,
                opened_at=at,
            )
            .on_conflict_do_nothing(index_elements=["household_id", "period"])
            # RETURNING, not rowcount: drivers report -1 for a skipped ON CONFLICT insert.
            .returning(entitlement_periods.c.period)
        )
        return inserted.first() is not None

    def close(self, household_number: str, period: Period, *, at: dt.datetime) -> None:
        household_id = (
            select(households.c.id).where(households.c.number == household_number).scalar_subquery()
        )
        self._db.execute(
            update(entitlement_periods)
            .where(
                and_(
                    entitlement_periods.c.household_id == household_id,
                    entitlement_periods.c.period == period.name,
                )
            )
            .values(closed_at=at)
        )

    def open_before(self, period: Period, *, after: str | None, limit: int) -> Sequence[str]:
        statement = (
            select(households.c.number)
            .where(households.c.id.in_(self._open_before(period)))
            .order_by(households.c.number)
            .limit(limit)
        )
        if after is not None:
            statement = statement.where(households.c.number > after)
        return list(self._db.execute(statement).scalars())

    def count_open_before(self, period: Period) -> int:
        return int(
            self._db.execute(
                select(func.count())
                .select_from(households)
                .where(households.c.id.in_(self._open_before(period)))
            ).scalar_one()
        )

    @staticmethod
    def _open_before(period: Period) -> Any:
        return select(entitlement_periods.c.household_id).where(
            entitlement_periods.c.closed_at.is_(None), entitlement_periods.c.period < period.name
        )


def _open_household_of(statement: Select[Any], national_id: str) -> Select[Any]:
    """``statement`` narrowed to the open household the citizen belongs to."""
    return _open_memberships(statement).where(citizens.c.national_id == national_id)


def _open_memberships(statement: Select[Any]) -> Select[Any]:
    """``statement`` (on ``households``) joined to its current members' citizen records."""
    return (
        statement.join(household_members, household_members.c.household_id == households.c.id)
        .join(citizens, citizens.c.id == household_members.c.citizen_id)
        .where(household_members.c.left_at.is_(None))
    )


def _eligible_in(first_day: Any) -> Any:
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


def _facts(row: Any) -> HouseholdFacts:  # a Row of _FACTS
    return HouseholdFacts(row.number, row.governorate, row.status, bool(row.ration_eligible), row.grocer_id)


def _record(row: Row[Any]) -> PeriodRecord:
    return PeriodRecord(
        period=Period.parse(row.period),
        members=row.members_counted,
        loaves_granted=row.bread_granted,
        ration_granted=row.ration_granted,
        points_granted=row.points_granted,
        policy_version=row.policy_version,
        closed=row.closed_at is not None,
    )


def _months_by_household(rows: Iterable[Any]) -> dict[int, PeriodRecord]:
    return {row.household_id: _record(row) for row in rows}


def _household_id(number: str) -> Select[tuple[int]]:
    return select(households.c.id).where(households.c.number == number)


# The batch's reads, built once per dialect (see many_rows.among).
@functools.cache
def _open_households_of(dialect: str) -> Select[Any]:
    statement = select(citizens.c.national_id, households.c.id, *_FACTS)
    return _open_memberships(statement).where(among(citizens.c.national_id, "national_ids", dialect))


@functools.cache
def _open_households_of_cards() -> Select[Any]:
    """PostgreSQL: :func:`_open_households_of` for the cardholders of a list of lookup hashes."""
    statement = select(citizens.c.national_id, households.c.id, *_FACTS)
    by_card = _open_memberships(statement).join(cards, cards.c.citizen_id == citizens.c.id)
    return by_card.where(among(cards.c.pan_hmac, "hashes", "postgresql"))


@functools.cache
def _months_of_cards() -> Select[Any]:
    """PostgreSQL: :func:`_months_of` for the households of those cardholders, locked alike.
    The households' ids are an array computed first (``= ANY(ARRAY(…))``), as :func:`_months_of`
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
def _households_in(dialect: str) -> Select[Any]:
    columns = (*_FACTS[:3], _eligible_in(bindparam("first_day")), _FACTS[4])
    return select(*columns).where(among(households.c.number, "numbers", dialect))


def _facts_by_number(rows: Iterable[Any]) -> dict[str, HouseholdFacts]:
    return {row.number: _facts(row) for row in rows}


@functools.cache
def _members_at(dialect: str, instants: int) -> Select[Any]:
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


def _members_params(numbers: Sequence[str], instants: Sequence[dt.datetime]) -> dict[str, Any]:
    return {"numbers": list(numbers)} | {f"at_{n}": at for n, at in enumerate(instants)}


def _member_counts(
    numbers: Sequence[str], instants: Sequence[dt.datetime], rows: Iterable[Any]
) -> dict[tuple[str, dt.datetime], int]:
    found = {(number, at): 0 for number in numbers for at in instants}
    for row in rows:
        found |= {(row[0], at): int(row[n + 1]) for n, at in enumerate(instants)}
    return found


@functools.cache
def _head_contacts(dialect: str) -> Select[Any]:
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


def _contacts_by_number(
    numbers: Sequence[str], rows: Iterable[Any]
) -> dict[str, tuple[str, str | None] | None]:
    found: dict[str, tuple[str, str | None] | None] = dict.fromkeys(numbers)
    found |= {row.number: (row.national_id, row.mobile) for row in rows}
    return found


@functools.cache
def _periods_of(dialect: str, one_period: bool, only_open: bool) -> Select[Any]:
    """Households' months in month order. PostgreSQL: the households' ids first, as in
    :func:`_months_of_cards`, so the months' primary key is probed whatever the statistics say."""
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


def _periods_params(numbers: Sequence[str], period: Period | None) -> dict[str, Any]:
    return {"numbers": list(numbers)} | ({"period": period.name} if period else {})


def _periods_by_number(numbers: Sequence[str], rows: Iterable[Any]) -> dict[str, list[PeriodRecord]]:
    found: dict[str, list[PeriodRecord]] = {number: [] for number in numbers}
    for row in rows:
        found[row.number].append(_record(row))
    return found


@functools.cache
def _lock_households(dialect: str) -> Select[Any]:
    # FOR NO KEY UPDATE: a single request inserting the month (a key share) is not held up.
    lock = select(households.c.id).where(among(households.c.id, "ids", dialect)).order_by(households.c.id)
    return lock.with_for_update(key_share=True)


@functools.cache
def _months_of(dialect: str) -> Select[Any]:
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
def _items_drawn_of(dialect: str) -> Select[Any]:
    """Units drawn per item in the month ``period`` by each household of ``numbers``. PostgreSQL:
    each household's draws through the (household, month) index, whatever the planner believes
    of the draws table's size (a month's draws grow from nothing, faster than statistics)."""
    draws, units = ration_item_draws.c, func.sum(ration_item_draws.c.units).label("units")
    in_month = draws.period == bindparam("period")
    if dialect == "postgresql":
        drawn = (
            select(draws.item, units)
            .where(draws.household_id == households.c.id, in_month)
            .group_by(draws.item)
            .lateral("drawn")
        )
        return (
            select(households.c.number, drawn.c.item, drawn.c.units)
            .join(drawn, true())
            .where(among(households.c.number, "numbers", dialect))
        )
    return (
        select(households.c.number, draws.item, units)
        .join(households, households.c.id == draws.household_id)
        .where(among(households.c.number, "numbers", dialect), in_month)
        .group_by(households.c.number, draws.item)
    )


#: Item draws with their households found by number in the same statement (a pipeline waits on no read).
_DRAWS_BY_NUMBER = """
INSERT INTO ration_item_draws (household_id, period, item, units, transaction_id)
SELECT h.id, d.period, d.item, d.units, d.transaction_id
FROM json_to_recordset(%(rows)s::json)
    AS d(household text, period text, item text, units integer, transaction_id text)
JOIN households h ON h.number = d.household
"""
_OPEN_BY_NUMBER = """
INSERT INTO entitlement_periods (household_id, period, members_counted, bread_granted, ration_granted,
    points_granted, policy_version, opened_at)
SELECT h.id, d.period, d.members_counted, d.bread_granted, d.ration_granted, d.points_granted,
    d.policy_version, d.opened_at
FROM json_to_recordset(%(rows)s::json) AS d(household text, period text, members_counted integer,
    bread_granted integer, ration_granted bigint, points_granted bigint, policy_version text,
    opened_at timestamptz)
JOIN households h ON h.number = d.household
"""
_CLOSE_BY_NUMBER = """
UPDATE entitlement_periods e SET closed_at = d.closed_at
FROM json_to_recordset(%(rows)s::json) AS d(household text, period text, closed_at timestamptz)
JOIN households h ON h.number = d.household
WHERE e.household_id = h.id AND e.period = d.period
"""


def _by_number_json(rows: Sequence[tuple[str, Mapping[str, Any]]]) -> dict[str, str]:
    """Rows keyed by household number, as the one JSON parameter of the statements above."""
    plain = [{"household": number, **row} for number, row in rows]
    return {"rows": json.dumps(plain, default=_iso_instant)}


def _iso_instant(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat()  # with its offset: PostgreSQL reads the instant back
    raise TypeError(f"{type(value).__name__} is not a column value")
