"""Card security state in SQL; a card's row is locked while a request uses it."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Select, bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from unicard.adapters.db.many_rows import among, json_rows, one_of
from unicard.adapters.db.pipeline import Later, Pipeline
from unicard.adapters.db.tables_card_security import card_security
from unicard.adapters.db.tables_payments import cards
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
        return self.get_many([card_token], at=at)[card_token]

    def get_many(self, card_tokens: Sequence[str], *, at: dt.datetime) -> dict[str, CardSecurity]:
        """Many cards' states: rows made for first uses, then all locked in token order."""
        tokens = sorted(set(card_tokens))
        if not tokens:
            return {}
        locked = (
            select(card_security)
            .where(one_of(self._db, card_security.c.card_token, tokens))
            .order_by(card_security.c.card_token)
            .with_for_update()
        )
        found = {row.card_token: _state(row) for row in self._db.execute(locked)}
        new = [token for token in tokens if token not in found]
        if new:
            dialect_insert = pg_insert if self._db.dialect.name == "postgresql" else sqlite_insert
            self._db.execute(
                dialect_insert(card_security)
                .values([_fresh(token, at) for token in new])
                .on_conflict_do_nothing(index_elements=["card_token"])
            )
            found = {row.card_token: _state(row) for row in self._db.execute(locked)}
        return found

    def send_locked_of_cards(
        self, hashes: Sequence[str], pipeline: Pipeline
    ) -> Later[dict[str, CardSecurity]]:
        """PostgreSQL: :meth:`get_many` for the cards of these lookup hashes that already have
        their row (a first use makes it: :meth:`get_many` then), sent in ``pipeline``."""
        return pipeline.read(_locked_of_cards(), {"hashes": list(hashes)}, _states)

    def save(self, state: CardSecurity, *, at: dt.datetime) -> None:
        """Write back a state read with :meth:`get` in this unit of work."""
        self._db.execute(_SAVE, _values(state, at))

    def save_many(
        self, states: Sequence[tuple[CardSecurity, dt.datetime]], pipeline: Pipeline | None = None
    ) -> None:
        """Write back states read with :meth:`get_many`, in token order; on PostgreSQL with a
        ``pipeline``, one statement queued there."""
        rows = [_values(state, at) for state, at in sorted(states, key=lambda pair: pair[0].card_token)]
        if not rows:
            return
        if pipeline is None:
            self._db.execute(_SAVE, rows)
            return
        plain = json_rows(rows)
        pipeline.expect_rows(
            pipeline.send(_SAVE_MANY, {"rows": plain}), len(rows), "a card's security row is missing"
        )


_SAVE = (
    update(card_security)
    .where(card_security.c.card_token == bindparam("s_token"))
    .values(
        last_atc=bindparam("s_atc"),
        pin_verification_value=bindparam("s_pin"),
        pin_failed_tries=bindparam("s_failed"),
        pin_locked=bindparam("s_locked"),
        updated_at=bindparam("s_at"),
    )
)


#: :data:`_SAVE` for many cards in one statement (PostgreSQL: rows as one JSON parameter).
_SAVE_MANY = """
UPDATE card_security c SET last_atc = d.s_atc, pin_verification_value = d.s_pin,
    pin_failed_tries = d.s_failed, pin_locked = d.s_locked, updated_at = d.s_at
FROM json_to_recordset(%(rows)s::json) AS d(s_token text, s_atc integer, s_pin text, s_failed integer,
    s_locked boolean, s_at timestamptz)
WHERE c.card_token = d.s_token
"""


def _values(state: CardSecurity, at: dt.datetime) -> dict[str, Any]:
    return {
        "s_token": state.card_token,
        "s_atc": state.last_atc,
        "s_pin": state.pin_value,
        "s_failed": state.pin_tries.failed,
        "s_locked": state.pin_tries.locked,
        "s_at": at,
    }


def _fresh(token: str, at: dt.datetime) -> dict[str, Any]:
    return {"card_token": token, "pin_failed_tries": 0, "pin_locked": False, "updated_at": at}


@functools.cache
def _locked_of_cards() -> Select[Any]:
    by_card = select(card_security).join(cards, cards.c.token == card_security.c.card_token)
    in_order = by_card.where(among(cards.c.pan_hmac, "hashes", "postgresql")).order_by(
        card_security.c.card_token
    )
    return in_order.with_for_update(of=card_security)


def _states(rows: Iterable[Any]) -> dict[str, CardSecurity]:
    return {row.card_token: _state(row) for row in rows}


def _state(row: Any) -> CardSecurity:  # a Row of card_security
    return CardSecurity(
        card_token=row.card_token,
        last_atc=row.last_atc,
        pin_value=row.pin_verification_value,
        pin_tries=PinTries(row.pin_failed_tries, bool(row.pin_locked)),
    )
