"""Households' entitlement periods, and the household facts the engine reads."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, and_, func, literal, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from unicard.adapters.db import entitlements_sql as sql
from unicard.adapters.db.many_rows import insert_rows, one_of
from unicard.adapters.db.pipeline import Later, Pipeline
from unicard.adapters.db.tables import household_members, households
from unicard.adapters.db.tables_payments import entitlement_periods, ration_item_draws
from unicard.domain.entitlements.grants import Grant
from unicard.domain.entitlements.periods import Period
from unicard.services.payments.ports import HouseholdFacts, ItemDraws, PeriodRecord


class SqlEntitlementStore:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def household_of(self, national_id: str) -> HouseholdFacts | None:
        row = self._db.execute(sql.open_household_of(select(*sql.FACTS), national_id)).first()
        return sql.facts(row) if row else None

    def household_and_period_of(
        self, national_id: str, period: Period
    ) -> tuple[HouseholdFacts | None, PeriodRecord | None]:
        # The common case in one statement: the household and its month, the month locked.
        row = self._db.execute(
            sql.open_household_of(select(*sql.FACTS, *entitlement_periods.c), national_id)
            .join(entitlement_periods, entitlement_periods.c.household_id == households.c.id)
            .where(entitlement_periods.c.period == period.name)
            .with_for_update(of=entitlement_periods)
        ).first()
        if row is not None:
            facts = sql.facts(row)
            return facts, (sql.record(row) if facts.status != "closed" else None)
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
        rows = self._db.execute(sql.open_households_of(self._db.dialect.name), {"national_ids": wanted}).all()
        return self.with_months(rows, period)

    def send_households_of_cards(self, hashes: Sequence[str], pipeline: Pipeline) -> Later[list[Any]]:
        """PostgreSQL: the open households of the cards of these lookup hashes, sent in
        ``pipeline``; their months come from :meth:`with_months`."""
        return pipeline.read(sql.open_households_of_cards(), {"hashes": list(hashes)}, list)

    def send_months_of_cards(
        self, hashes: Sequence[str], period: Period, pipeline: Pipeline
    ) -> Later[dict[int, PeriodRecord]]:
        """PostgreSQL: the months ``period`` of those households, locked in household order,
        sent in ``pipeline``."""
        params = {"hashes": list(hashes), "period": period.name}
        return pipeline.read(sql.months_of_cards(), params, sql.months_by_household)

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
            self._db.execute(sql.lock_households(dialect), {"ids": unopened}).all()
            month_of |= self._months_locked(unopened, period)
        found: dict[str, tuple[HouseholdFacts | None, PeriodRecord | None]] = {}
        for row in rows:
            facts = sql.facts(row)
            found[row.national_id] = (facts, month_of.get(row.id) if facts.status != "closed" else None)
        return found

    def _months_locked(self, household_ids: list[int], period: Period) -> dict[int, PeriodRecord]:
        months = self._db.execute(
            sql.months_of(self._db.dialect.name), {"ids": household_ids, "period": period.name}
        )
        return sql.months_by_household(months)

    def items_drawn_of(self, household_numbers: Sequence[str], period: Period) -> dict[str, dict[str, int]]:
        """:meth:`items_drawn` for many households, one statement."""
        drawn: dict[str, dict[str, int]] = {number: {} for number in household_numbers}
        if not drawn:
            return drawn
        rows = self._db.execute(
            sql.items_drawn_of(self._db.dialect.name), {"numbers": list(drawn), "period": period.name}
        )
        return drawn | sql.drawn_by_number(rows)

    def send_items_drawn_of_cards(
        self, hashes: Sequence[str], period: Period, pipeline: Pipeline
    ) -> Later[dict[str, dict[str, int]]]:
        """PostgreSQL: :meth:`items_drawn_of` for the households of the cardholders of these lookup
        hashes, sent in ``pipeline`` (households with nothing drawn left out)."""
        params = {"redeeming": list(hashes), "period": period.name}
        return pipeline.read(sql.items_drawn_of_cards(), params, sql.drawn_by_number)

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
            sent = pipeline.send(sql.DRAWS_BY_NUMBER, sql.by_number_json(rows))
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
        return sql.facts_by_number(self._db.execute(sql.households_in(self._db.dialect.name), params))

    def send_households_in(
        self, numbers: Sequence[str], period: Period, pipeline: Pipeline
    ) -> Later[dict[str, HouseholdFacts]]:
        """:meth:`households_in` sent in a PostgreSQL ``pipeline``."""
        params = {"numbers": list(numbers), "first_day": period.first_day}
        return pipeline.read(sql.households_in("postgresql"), params, sql.facts_by_number)

    def members_at_many(
        self, numbers: Sequence[str], instants: Sequence[dt.datetime]
    ) -> dict[tuple[str, dt.datetime], int]:
        """:meth:`members_at` for many households at several instants, one statement."""
        statement = sql.members_at(self._db.dialect.name, len(instants))
        rows = self._db.execute(statement, sql.members_params(numbers, instants))
        return sql.member_counts(numbers, instants, rows)

    def send_members_at_many(
        self, numbers: Sequence[str], instants: Sequence[dt.datetime], pipeline: Pipeline
    ) -> Later[dict[tuple[str, dt.datetime], int]]:
        """:meth:`members_at_many` sent in a PostgreSQL ``pipeline``."""
        statement, params = sql.members_at("postgresql", len(instants)), sql.members_params(numbers, instants)
        return pipeline.read(statement, params, functools.partial(sql.member_counts, numbers, instants))

    def head_contacts(self, numbers: Sequence[str]) -> dict[str, tuple[str, str | None] | None]:
        """:meth:`head_contact` for many households, one statement."""
        rows = self._db.execute(sql.head_contacts(self._db.dialect.name), {"numbers": list(numbers)})
        return sql.contacts_by_number(numbers, rows)

    def send_head_contacts(
        self, numbers: Sequence[str], pipeline: Pipeline
    ) -> Later[dict[str, tuple[str, str | None] | None]]:
        """:meth:`head_contacts` sent in a PostgreSQL ``pipeline``."""
        convert = functools.partial(sql.contacts_by_number, numbers)
        return pipeline.read(sql.head_contacts("postgresql"), {"numbers": list(numbers)}, convert)

    def periods_of(
        self, numbers: Sequence[str], *, period: Period | None = None, only_open: bool = False
    ) -> dict[str, list[PeriodRecord]]:
        """Many households' months (``period`` only, or open ones only), in month order."""
        statement = sql.periods_of(self._db.dialect.name, period is not None, only_open)
        rows = self._db.execute(statement, sql.periods_params(numbers, period))
        return sql.periods_by_number(numbers, rows)

    def send_periods_of(
        self,
        numbers: Sequence[str],
        pipeline: Pipeline,
        *,
        period: Period | None = None,
        only_open: bool = False,
    ) -> Later[dict[str, list[PeriodRecord]]]:
        """:meth:`periods_of` sent in a PostgreSQL ``pipeline``."""
        statement = sql.periods_of("postgresql", period is not None, only_open)
        convert = functools.partial(sql.periods_by_number, numbers)
        return pipeline.read(statement, sql.periods_params(numbers, period), convert)

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
            sent = pipeline.send(sql.OPEN_BY_NUMBER, sql.by_number_json(rows))
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
            pipeline.send(sql.CLOSE_BY_NUMBER, sql.by_number_json(rows))
            return
        for number, period, at in closed:
            self.close(number, period, at=at)

    def household(self, number: str, period: Period | None = None) -> HouseholdFacts | None:
        columns = sql.FACTS if period is None else sql.facts_in(period.first_day)
        row = self._db.execute(select(*columns).where(households.c.number == number)).first()
        return sql.facts(row) if row else None

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
                ration_item_draws.c.household_id == sql.household_id(household_number).scalar_subquery(),
                ration_item_draws.c.period == period.name,
            )
            .group_by(ration_item_draws.c.item)
        )
        return {item: int(units) for item, units in rows if units}

    def record_item_draws(
        self, household_number: str, period: Period, transaction_id: str, units: Mapping[str, int]
    ) -> None:
        household_id = self._db.execute(sql.household_id(household_number)).scalar_one()
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
        return sql.record(row) if row else None

    def open_periods(self, household_number: str) -> Sequence[PeriodRecord]:
        rows = self._db.execute(
            select(entitlement_periods)
            .join(households, households.c.id == entitlement_periods.c.household_id)
            .where(households.c.number == household_number, entitlement_periods.c.closed_at.is_(None))
            .order_by(entitlement_periods.c.period)
        )
        return [sql.record(row) for row in rows]

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
