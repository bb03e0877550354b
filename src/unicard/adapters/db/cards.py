"""Cards in SQL, found by a keyed hash of the PAN: the PAN itself is never stored."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, func, insert, select

from unicard.adapters.db.many_rows import among
from unicard.adapters.db.pipeline import Later, Pipeline
from unicard.adapters.db.tables import citizens, household_members, households
from unicard.adapters.db.tables_payments import cards
from unicard.domain.cards.card import Card, CardStatus
from unicard.domain.payments.types import CardService
from unicard.domain.shared.errors import NotFound


def cardholder_governorate() -> ColumnElement[str]:
    """Where a citizen's services are rolled out: the governorate of the household they belong
    to (where the family's rations and bread are drawn), else the one they reside in.

    Correlated on ``citizens``; one indexed look-up (the open-membership index)."""
    of_household = (
        select(households.c.governorate)
        .join(household_members, household_members.c.household_id == households.c.id)
        .where(household_members.c.citizen_id == citizens.c.id, household_members.c.left_at.is_(None))
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(of_household, citizens.c.residence_governorate)


_COLUMNS = (
    cards.c.token,
    cards.c.last4,
    citizens.c.national_id,
    cards.c.status,
    cards.c.expires_on,
    cards.c.services,
    cards.c.sequence_number,
    cardholder_governorate().label("governorate"),
)


def pan_lookup_hash(key: bytes, pan: str) -> str:
    return hmac.new(key, pan.encode(), hashlib.sha256).hexdigest()


class SqlCardStore:
    def __init__(self, connection: Connection, lookup_key: bytes) -> None:
        self._db = connection
        self._key = lookup_key

    def find_by_pan(self, pan: str) -> Card | None:
        row = self._db.execute(
            select(*_COLUMNS)
            .join(citizens, citizens.c.id == cards.c.citizen_id)
            .where(cards.c.pan_hmac == pan_lookup_hash(self._key, pan))
        ).first()
        return _card(row) if row else None

    def lookup_hashes(self, pans: Sequence[str]) -> dict[str, str]:
        """The PANs by the hash they are looked up by."""
        return {pan_lookup_hash(self._key, pan): pan for pan in pans}

    def find_by_pans(self, pans: Sequence[str]) -> dict[str, Card]:
        """Many cards in one statement (a batch of authorizations); unknown PANs are left out."""
        by_hash = self.lookup_hashes(pans)
        rows = self._db.execute(_cards_of(self._db.dialect.name), {"hashes": list(by_hash)})
        return _cards_by_pan(by_hash, rows)

    def send_find_by_hashes(self, by_hash: Mapping[str, str], pipeline: Pipeline) -> Later[dict[str, Card]]:
        """:meth:`find_by_pans` of :meth:`lookup_hashes`' answer, sent in a PostgreSQL ``pipeline``."""
        return pipeline.read(
            _cards_of("postgresql"),
            {"hashes": list(by_hash)},
            functools.partial(_cards_by_pan, by_hash),
        )

    def of_citizen(self, national_id: str) -> Sequence[Card]:
        rows = self._db.execute(
            select(*_COLUMNS)
            .join(citizens, citizens.c.id == cards.c.citizen_id)
            .where(citizens.c.national_id == national_id)
            .order_by(cards.c.id)
        )
        return [_card(row) for row in rows]

    def add(self, card: Card, pan: str, *, at: dt.datetime) -> None:
        citizen_id = self._db.execute(
            select(citizens.c.id).where(citizens.c.national_id == card.citizen_national_id)
        ).scalar()
        if citizen_id is None:
            raise NotFound("citizen.not_found", national_id=card.citizen_national_id)
        self._db.execute(
            insert(cards).values(
                token=card.token,
                pan_hmac=pan_lookup_hash(self._key, pan),
                last4=card.last4,
                citizen_id=citizen_id,
                sequence_number=card.sequence_number,
                expires_on=card.expires_on,
                status=card.status.value,
                services=",".join(sorted(card.services)),
                created_at=at,
                activated_at=at if card.status is CardStatus.ACTIVE else None,
            )
        )


def _cards_by_pan(by_hash: Mapping[str, str], rows: Iterable[Any]) -> dict[str, Card]:
    return {by_hash[row.pan_hmac]: _card(row) for row in rows}


def _card(row: Any) -> Card:  # a Row of the selected columns
    return Card(
        token=row.token,
        last4=row.last4,
        citizen_national_id=row.national_id,
        status=CardStatus(row.status),
        expires_on=row.expires_on,
        services=frozenset(CardService(name) for name in row.services.split(",") if name),
        sequence_number=row.sequence_number,
        governorate=row.governorate,
    )


@functools.cache
def _cards_of(dialect: str) -> Select[Any]:
    joined = select(cards.c.pan_hmac, *_COLUMNS).join(citizens, citizens.c.id == cards.c.citizen_id)
    return joined.where(among(cards.c.pan_hmac, "hashes", dialect))
