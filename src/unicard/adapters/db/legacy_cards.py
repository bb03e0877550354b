"""Legacy ration cards in SQL: found by number, with the household they draw for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Connection, and_, insert, select

from unicard.adapters.db.tables import citizens, household_members, households
from unicard.adapters.db.tables_payments import cards
from unicard.adapters.db.tables_rollout import legacy_ration_cards
from unicard.domain.cards.card import CardStatus
from unicard.domain.cards.legacy import LegacyCard
from unicard.domain.payments.types import CardService

_head = and_(
    household_members.c.household_id == households.c.id,
    household_members.c.relation == "head",
    household_members.c.left_at.is_(None),
)


class SqlLegacyCardStore:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def find(self, number: str) -> LegacyCard | None:
        row = self._db.execute(
            select(
                legacy_ration_cards.c.number,
                legacy_ration_cards.c.token,
                households.c.number.label("household_number"),
                households.c.governorate,
                citizens.c.national_id,
            )
            .join(households, households.c.id == legacy_ration_cards.c.household_id)
            .outerjoin(household_members, _head)
            .outerjoin(citizens, citizens.c.id == household_members.c.citizen_id)
            .where(legacy_ration_cards.c.number == number)
        ).first()
        if row is None:
            return None
        return LegacyCard(row.number, row.token, row.household_number, row.governorate, row.national_id)

    def member_has_active_card_with(self, household_number: str, service: CardService) -> bool:
        """Whether a member of the household (open membership) holds an active card carrying
        ``service``; rollout is the caller's question."""
        held = (
            select(cards.c.id)
            .join(household_members, household_members.c.citizen_id == cards.c.citizen_id)
            .join(households, households.c.id == household_members.c.household_id)
            .where(
                households.c.number == household_number,
                household_members.c.left_at.is_(None),
                cards.c.status == CardStatus.ACTIVE.value,
                # services is a comma list of known names, none a part of another
                cards.c.services.like(f"%{service.value}%"),
            )
        )
        query = select(held.exists())
        return bool(self._db.execute(query).scalar())

    def add(self, rows: Iterable[tuple[str, int, str]], *, by: str, at: dt.datetime) -> None:
        """``rows``: (number, household id, token)."""
        values = [
            {"number": n, "household_id": h, "token": t, "imported_by": by, "imported_at": at}
            for n, h, t in rows
        ]
        if values:
            self._db.execute(insert(legacy_ration_cards), values)
