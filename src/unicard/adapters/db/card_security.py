"""Card security state in SQL; a card's row is locked while a request uses it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from unicard.adapters.db.tables_card_security import card_security
from unicard.domain.cards.pin import PinTries
from unicard.domain.cards.security import CardSecurity


class SqlCardSecurityStore:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def get(self, card_token: str, *, at: dt.datetime) -> CardSecurity:
        """The card's state, its row locked until commit (one request per card at a time).

        A card's first use inserts its row (waiting for a concurrent first use) and then locks
        it, so two first cryptograms cannot both pass.
        """
        locked = select(card_security).where(card_security.c.card_token == card_token).with_for_update()
        row = self._db.execute(locked).first()
        if row is None:
            dialect_insert = pg_insert if self._db.dialect.name == "postgresql" else sqlite_insert
            self._db.execute(
                dialect_insert(card_security)
                .values(card_token=card_token, pin_failed_tries=0, pin_locked=False, updated_at=at)
                .on_conflict_do_nothing(index_elements=["card_token"])
            )
            row = self._db.execute(locked).one()
        return _state(row)

    def save(self, state: CardSecurity, *, at: dt.datetime) -> None:
        """Write back a state read with :meth:`get` in this unit of work."""
        values: dict[str, Any] = {
            "last_atc": state.last_atc,
            "pin_verification_value": state.pin_value,
            "pin_failed_tries": state.pin_tries.failed,
            "pin_locked": state.pin_tries.locked,
            "updated_at": at,
        }
        self._db.execute(
            update(card_security).where(card_security.c.card_token == state.card_token).values(**values)
        )


def _state(row: Any) -> CardSecurity:  # a Row of card_security
    return CardSecurity(
        card_token=row.card_token,
        last_atc=row.last_atc,
        pin_value=row.pin_verification_value,
        pin_tries=PinTries(row.pin_failed_tries, bool(row.pin_locked)),
    )
