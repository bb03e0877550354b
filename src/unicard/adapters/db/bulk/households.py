"""The households of one import file in SQL: member rows staged, grouped, compared, applied."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, and_, case, exists, func, insert, literal, select, update

from unicard.adapters.db.bulk import staging
from unicard.adapters.db.bulk.loading import load
from unicard.adapters.db.bulk.streams import findings
from unicard.adapters.db.tables import citizens, household_members, households
from unicard.adapters.db.tables_payments import merchants
from unicard.adapters.db.types import UtcDateTime
from unicard.domain.merchants import MerchantKind
from unicard.services.imports.ports import Finding, Progress, StagedMember
from unicard.services.ports import ChangeNote

m = staging.member_rows
hh = staging.household_rows
_MEMBER = ("row_no", "number", "governorate", "national_id", "relation", "grocer_id")
_open = household_members.c.left_at.is_(None)


class SqlHouseholdStaging:
    def __init__(self, connection: Connection) -> None:
        self._db = connection
        staging.create(connection, m, hh)

    def stage(self, batch: Sequence[StagedMember]) -> None:
        rows = ((r.row, r.number, r.governorate, r.national_id, r.relation.value, r.grocer_id) for r in batch)
        load(self._db, m, _MEMBER, rows)

    def summarise(self) -> None:
        staging.index(self._db, staging.member_indexes)
        self._db.execute(_group_households())
        self._db.execute(_household_particulars())
        self._db.execute(update(hh).values(state=_comparison()))

    def repeated_members(self, *, same_household: bool) -> Iterator[Finding]:
        first = (
            select(m.c.national_id, func.min(m.c.row_no).label("first_row"))
            .group_by(m.c.national_id)
            .having(func.count() > 1)
            .subquery()
        )
        earlier = m.alias("earlier")
        same = earlier.c.number == m.c.number
        query = (
            select(m.c.row_no, m.c.national_id.label("value"), first.c.first_row, earlier.c.number)
            .join(first, first.c.national_id == m.c.national_id)
            .join(earlier, earlier.c.row_no == first.c.first_row)
            .where(m.c.row_no > first.c.first_row, same if same_household else ~same)
        )
        return findings(self._db, query, "first_row", "number")

    def households_without_head(self) -> Iterator[Finding]:
        query = select(hh.c.first_row.label("row_no"), m.c.relation.label("value"), hh.c.number).join(
            m, m.c.row_no == hh.c.first_row
        )
        return findings(self._db, query.where(hh.c.heads == 0, hh.c.state != "same"), "number")

    def second_heads(self) -> Iterator[Finding]:
        head = m.c.relation == "head"
        first = (
            select(m.c.number, func.min(m.c.row_no).label("first_row"))
            .where(head)
            .group_by(m.c.number)
            .subquery()
        )
        query = (
            select(m.c.row_no, m.c.relation.label("value"), first.c.first_row, m.c.number)
            .join(first, first.c.number == m.c.number)
            .where(head, m.c.row_no > first.c.first_row)
        )
        return findings(self._db, query, "first_row", "number")

    def unregistered_members(self) -> Iterator[Finding]:
        query = (
            select(m.c.row_no, m.c.national_id.label("value"))
            .outerjoin(citizens, citizens.c.national_id == m.c.national_id)
            .where(citizens.c.id.is_(None))
        )
        return findings(self._db, query)

    def deceased_members(self) -> Iterator[Finding]:
        query = (
            select(m.c.row_no, m.c.national_id.label("value"), citizens.c.deceased_on)
            .join(citizens, citizens.c.national_id == m.c.national_id)
            .where(citizens.c.deceased_on.is_not(None))
        )
        return findings(self._db, query, "deceased_on")

    def members_elsewhere(self) -> Iterator[Finding]:
        query = (
            select(m.c.row_no, m.c.national_id.label("value"), households.c.number)
            .join(citizens, citizens.c.national_id == m.c.national_id)
            .join(household_members, and_(household_members.c.citizen_id == citizens.c.id, _open))
            .join(households, households.c.id == household_members.c.household_id)
            .where(households.c.number != m.c.number)
        )
        return findings(self._db, query, "number")

    def governorate_disagreements(self) -> Iterator[Finding]:
        query = (
            select(m.c.row_no, m.c.governorate.label("value"), hh.c.first_row, hh.c.governorate)
            .join(hh, hh.c.number == m.c.number)
            .where(m.c.governorate != hh.c.governorate)
        )
        return findings(self._db, query, "first_row", "governorate")

    def grocer_disagreements(self) -> Iterator[Finding]:
        query = (
            select(
                m.c.row_no, m.c.grocer_id.label("value"), hh.c.grocer_row.label("first_row"), hh.c.grocer_id
            )
            .join(hh, hh.c.number == m.c.number)
            .where(m.c.grocer_id.is_not(None), m.c.grocer_id != hh.c.grocer_id)
        )
        return findings(self._db, query, "first_row", "grocer_id")

    def unknown_grocers(self) -> Iterator[Finding]:
        registered = select(merchants.c.id).where(
            merchants.c.id == m.c.grocer_id, merchants.c.kind == MerchantKind.GROCER.value
        )
        query = select(m.c.row_no, m.c.grocer_id.label("value"), m.c.grocer_id).where(
            m.c.grocer_id.is_not(None), ~registered.exists()
        )
        return findings(self._db, query, "grocer_id")

    def registered_differently(self) -> Iterator[Finding]:
        query = select(hh.c.first_row.label("row_no"), hh.c.number.label("value"), hh.c.number)
        return findings(self._db, query.where(hh.c.state == "differs"), "number")

    def already_registered(self) -> int:
        return self._db.execute(select(func.count()).where(hh.c.state == "same")).scalar_one()

    def apply(self, note: ChangeNote, progress: Progress) -> tuple[int, int]:
        # SQLAlchemy reads an INSERT's rowcount only when asked to (psycopg forgets it once closed).
        counted = {"preserve_rowcount": True}
        added = self._db.execute(_insert_households(note), execution_options=counted).rowcount
        members = self._db.execute(_insert_members(note), execution_options=counted).rowcount
        progress.advance(members)
        return added, members

    def close(self) -> None:
        staging.drop(self._db, m, hh)


def _group_households() -> Any:
    heads = func.sum(case((m.c.relation == "head", 1), else_=0))
    grocer_row = func.min(case((m.c.grocer_id.is_not(None), m.c.row_no)))
    grouped = select(m.c.number, func.min(m.c.row_no), func.count(), heads, grocer_row).group_by(m.c.number)
    return insert(hh).from_select(["number", "first_row", "members", "heads", "grocer_row"], grouped)


def _household_particulars() -> Any:
    """Each household's governorate (its first row's), grocer (its first named one) and registry id."""
    return update(hh).values(
        governorate=select(m.c.governorate).where(m.c.row_no == hh.c.first_row).scalar_subquery(),
        grocer_id=select(m.c.grocer_id).where(m.c.row_no == hh.c.grocer_row).scalar_subquery(),
        household_id=select(households.c.id).where(households.c.number == hh.c.number).scalar_subquery(),
    )


def _comparison() -> Any:
    """new: the number is not registered; same: registered with exactly these members; else differs."""
    registered_members = (
        select(func.count())
        .select_from(household_members)
        .where(household_members.c.household_id == hh.c.household_id, _open)
        .scalar_subquery()
    )
    matching_members = (
        select(func.count())
        .select_from(m)
        .join(citizens, citizens.c.national_id == m.c.national_id)
        .join(
            household_members,
            and_(
                household_members.c.citizen_id == citizens.c.id,
                household_members.c.household_id == hh.c.household_id,
                household_members.c.relation == m.c.relation,
                _open,
            ),
        )
        .where(m.c.number == hh.c.number)
        .scalar_subquery()
    )
    same_particulars = exists().where(
        households.c.id == hh.c.household_id,
        households.c.status != "closed",
        households.c.governorate == hh.c.governorate,
        households.c.grocer_id.is_not_distinct_from(hh.c.grocer_id),
    )
    same = and_(same_particulars, registered_members == hh.c.members, matching_members == hh.c.members)
    return case((hh.c.household_id.is_(None), "new"), (same, "same"), else_="differs")


def _insert_households(note: ChangeNote) -> Any:
    new = (
        select(
            hh.c.number,
            hh.c.governorate,
            hh.c.grocer_id,
            literal("active"),
            literal(1),
            literal(note.actor),
            literal(note.at, UtcDateTime()),
            literal(note.reason),
        )
        .where(hh.c.state == "new")
        .order_by(hh.c.first_row)
    )
    columns = [
        "number",
        "governorate",
        "grocer_id",
        "status",
        "version",
        "changed_by",
        "changed_at",
        "change_reason",
    ]
    return insert(households).from_select(columns, new)


def _insert_members(note: ChangeNote) -> Any:
    new = (
        select(households.c.id, citizens.c.id, m.c.relation, literal(note.at, UtcDateTime()))
        .select_from(m)
        .join(hh, and_(hh.c.number == m.c.number, hh.c.state == "new"))
        .join(households, households.c.number == m.c.number)
        .join(citizens, citizens.c.national_id == m.c.national_id)
        .order_by(m.c.row_no)
    )
    return insert(household_members).from_select(["household_id", "citizen_id", "relation", "joined_at"], new)
