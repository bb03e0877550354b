"""Card security state in SQL; a card's row is locked while a request uses it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, insert, select, update

from unicard.adapters.db.tables_card_security import card_security
from unicard.domain.cards.pin import PinTries
from unicard.domain.cards.security import CardSecurity


class SqlCardSecurityStore:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def get(self, card_token: str) -> CardSecurity:
        """The card's state, its row locked until commit (one request per card at a time)."""
        row = self._db.execute(
            select(card_security).where(card_security.c.card_token == card_token).with_for_update()
        ).first()
        return _state(row) if row else CardSecurity(card_token)

    def save(self, state: CardSecurity, *, at: dt.datetime) -> None:
        values: dict[str, Any] = {
            "last_atc": state.last_atc,
            "pin_verification_value": state.pin_value,
            "pin_failed_tries": state.pin_tries.failed,
            "pin_locked": state.pin_tries.locked,
            "updated_at": at,
        }
        changed = self._db.execute(
            update(card_security).where(card_security.c.card_token == state.card_token).values(**values)
        ).rowcount
        if not changed:
            self._db.execute(insert(card_security).values(card_token=state.card_token, **values))


def _state(row: Any) -> CardSecurity:  # a Row of card_security
    return CardSecurity(
        card_token=row.card_token,
        last_atc=row.last_atc,
        pin_value=row.pin_verification_value,
        pin_tries=PinTries(row.pin_failed_tries, bool(row.pin_locked)),
    )
