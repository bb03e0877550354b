"""The merchants of one import file in SQL: staged in a TEMP table, matched and checked as a set.

Unlike citizens, new merchants are written by the use case (it draws ids and terminal secrets
row by row), so this staging ends by handing the rows back in file order, matched.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Index,
    Integer,
    String,
    Table,
    Text,
    and_,
    func,
    or_,
    select,
    update,
)

from unicard.adapters.db.bulk import staging
from unicard.adapters.db.bulk.loading import load
from unicard.adapters.db.bulk.streams import findings
from unicard.adapters.db.tables_payments import merchants, terminals
from unicard.adapters.db.unit_of_work import SqlUnitOfWork
from unicard.domain.merchants import MerchantKind, MerchantStatus, parse_merchant_id, parse_terminal_id
from unicard.services.imports.merchant_ports import PlannedMerchant, StagedMerchant
from unicard.services.imports.ports import Finding

s = Table(
    "import_merchants",
    staging.staging,
    Column("row_no", Integer, primary_key=True, autoincrement=False),
    Column("id", String(24)),
    Column("kind", String(20), nullable=False),
    Column("name_ar", Text, nullable=False),
    Column("name_en", Text),
    Column("governorate", String(2), nullable=False),
    Column("terminals", Integer, nullable=False),
    # Filled by resolve(): the registered merchant the row names, and how many matched its name.
    Column("match_id", String(24)),
    Column("matches", Integer),
    Column("in_use", Integer),
    Column("last_terminal", String(24)),
    prefixes=["TEMPORARY"],
    postgresql_on_commit="DROP",
)
_INDEXES = (
    Index("ix_import_merchants_id", s.c.id),
    Index("ix_import_merchants_name", s.c.kind, s.c.governorate, s.c.name_ar),
)
_STAGED = ("row_no", "id", "kind", "name_ar", "name_en", "governorate", "terminals")
_PLAN_ROWS = 2_000
m = merchants


class SqlMerchantStaging:
    def __init__(self, connection: Connection) -> None:
        self._db = connection
        staging.create(connection, s)

    def stage(self, batch: Sequence[StagedMerchant]) -> None:
        load(self._db, s, _STAGED, map(_row, batch))

    def repeated_ids(self) -> Iterator[Finding]:
        first = (
            select(s.c.id.label("key"), func.min(s.c.row_no).label("first_row"))
            .where(s.c.id.is_not(None))
            .group_by(s.c.id)
            .having(func.count() > 1)
            .subquery()
        )
        query = (
            select(s.c.row_no, s.c.id.label("value"), first.c.first_row)
            .join(first, first.c.key == s.c.id)
            .where(s.c.row_no > first.c.first_row)
        )
        return findings(self._db, query, "first_row")

    def repeated_names(self) -> Iterator[Finding]:
        other = s.alias("other")
        same_name = and_(
            other.c.kind == s.c.kind,
            other.c.governorate == s.c.governorate,
            other.c.name_ar == s.c.name_ar,
            other.c.row_no != s.c.row_no,
        )
        query = (
            select(s.c.row_no, s.c.name_ar.label("value"), func.min(other.c.row_no).label("other_row"))
            .join(other, same_name)
            .where(s.c.id.is_(None))
            .group_by(s.c.row_no, s.c.name_ar)
        )
        return findings(self._db, query, "other_row")

    def resolve(self) -> None:
        staging.index(self._db, _INDEXES)
        by_id = select(m.c.id).where(m.c.id == s.c.id).scalar_subquery()
        self._db.execute(update(s).where(s.c.id.is_not(None)).values(match_id=by_id, matches=1))
        same_name = (m.c.kind == s.c.kind, m.c.governorate == s.c.governorate, m.c.name_ar == s.c.name_ar)
        self._db.execute(
            update(s)
            .where(s.c.id.is_(None))
            .values(
                match_id=select(func.min(m.c.id)).where(*same_name).scalar_subquery(),
                matches=select(func.count()).select_from(m).where(*same_name).scalar_subquery(),
            )
        )
        of_match = (terminals.c.merchant_id == s.c.match_id,)
        in_use = (*of_match, terminals.c.status != "retired")
        self._db.execute(
            update(s)
            .where(s.c.match_id.is_not(None))
            .values(
                in_use=select(func.count()).select_from(terminals).where(*in_use).scalar_subquery(),
                last_terminal=select(func.max(terminals.c.id)).where(*of_match).scalar_subquery(),
            )
        )

    def ambiguous_names(self) -> Iterator[Finding]:
        query = select(s.c.row_no, s.c.name_ar).where(s.c.matches > 1).order_by(s.c.row_no)
        # Read whole before asking for each row's namesakes: such rows are few, and both
        # databases then see one statement at a time on the connection.
        for row in self._db.execute(query).all():
            yield Finding(row.row_no, row.name_ar, {"ids": self._same_named(row.row_no)})

    def registered_differently(self) -> Iterator[Finding]:
        differs = {
            "name_ar": s.c.name_ar != m.c.name_ar,
            "name_en": s.c.name_en.is_distinct_from(m.c.name_en),
        }
        query = (
            select(s.c.row_no, m.c.id.label("value"), *(d.label(c) for c, d in differs.items()))
            .join(m, m.c.id == s.c.match_id)
            .where(s.c.matches == 1, or_(*differs.values()))
            .order_by(s.c.row_no)
        )
        for row in self._db.execute(query).all():
            columns = ", ".join(column for column in differs if row._mapping[column])
            yield Finding(row.row_no, row.value, {"merchant_id": row.value, "columns": columns})

    def closed_with_terminals(self) -> Iterator[Finding]:
        query = (
            select(s.c.row_no, s.c.terminals.label("value"), m.c.id.label("merchant_id"))
            .join(m, m.c.id == s.c.match_id)
            .where(m.c.status == MerchantStatus.CLOSED.value, s.c.terminals > s.c.in_use)
        )
        return findings(self._db, query, "merchant_id")

    def last_serials(self) -> Mapping[tuple[MerchantKind, str], int]:
        highest: dict[tuple[MerchantKind, str], int] = {}
        for column in (m.c.id, s.c.id):
            stem = func.substr(column, 1, 7)
            for (last,) in self._db.execute(
                select(func.max(column)).where(column.is_not(None)).group_by(stem)
            ):
                parts = parse_merchant_id(last)
                key = (parts.kind, parts.governorate)
                highest[key] = max(highest.get(key, 0), parts.serial)
        return highest

    def plan(self) -> Iterator[Sequence[PlannedMerchant]]:
        query = (
            select(s, m.c.status.label("status")).outerjoin(m, m.c.id == s.c.match_id).order_by(s.c.row_no)
        )
        after = 0
        while batch := self._db.execute(query.where(s.c.row_no > after).limit(_PLAN_ROWS)).all():
            after = batch[-1].row_no
            yield [_planned(row) for row in batch]

    def close(self) -> None:
        staging.drop(self._db, s)

    def _same_named(self, row_no: int) -> str:
        row = select(s.c.kind, s.c.governorate, s.c.name_ar).where(s.c.row_no == row_no).subquery()
        ids = self._db.execute(
            select(m.c.id)
            .join(
                row,
                and_(
                    m.c.kind == row.c.kind, m.c.governorate == row.c.governorate, m.c.name_ar == row.c.name_ar
                ),
            )
            .order_by(m.c.id)
        ).scalars()
        return ", ".join(ids)


class SqlMerchantImportUnitOfWork(SqlUnitOfWork):
    """The unit of work with the merchant staging on the same connection and transaction."""

    def merchant_staging(self) -> SqlMerchantStaging:
        return SqlMerchantStaging(self.connection)


def _row(staged: StagedMerchant) -> tuple[object, ...]:
    return (
        staged.row,
        staged.id,
        staged.kind.value,
        staged.name_ar,
        staged.name_en,
        staged.governorate,
        staged.terminals,
    )


def _planned(row: Any) -> PlannedMerchant:
    staged = StagedMerchant(
        row.row_no, row.id, MerchantKind(row.kind), row.name_ar, row.name_en, row.governorate, row.terminals
    )
    return PlannedMerchant(
        staged,
        registered_id=row.match_id,
        registered_status=MerchantStatus(row.status) if row.status else None,
        terminals_in_use=row.in_use or 0,
        last_terminal_number=parse_terminal_id(row.last_terminal)[1] if row.last_terminal else 0,
    )
