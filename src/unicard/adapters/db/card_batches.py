"""Card production batches in SQL: set-wise where a batch is large, never a PAN in a column.

Producing a batch reads its holders in one query and writes its cards with one multi-row insert
per chunk; the pickup notice of an arrived batch is one ``INSERT … SELECT`` into the outbox per
channel and one ``UPDATE`` of its cards, whatever the batch's size.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from itertools import islice
from typing import Any

from sqlalchemy import Connection, and_, exists, func, insert, literal, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from unicard.adapters.db.cards import _COLUMNS as CARD_COLUMNS
from unicard.adapters.db.cards import _card, pan_lookup_hash
from unicard.adapters.db.tables import citizens
from unicard.adapters.db.tables_card_batches import card_batches, card_issuance, card_pan_sequence
from unicard.adapters.db.tables_payments import cards, outbox
from unicard.domain.cards.card import Card, CardStatus
from unicard.domain.cards.production import (
    FIRST_BATCH_ACCOUNT,
    LIVE_STATUSES,
    BatchStatus,
    CardBatch,
    CardSpec,
)
from unicard.domain.notifications.params import Stored
from unicard.services.cards.ports import Holder, Issuance, NewBatch

_CHUNK = 1_000
_LIVE = [status.value for status in LIVE_STATUSES]


class SqlCardBatchStore:
    def __init__(self, connection: Connection, lookup_key: bytes) -> None:
        self._db = connection
        self._key = lookup_key

    # -- production ---------------------------------------------------------------------------

    def lock_sequence(self, bin_: str) -> int:
        """The BIN's next account number, its row locked until commit: batch production (and
        replacement) for one BIN is serialised, so two batches never pick the same holders."""
        dialect_insert = pg_insert if self._db.dialect.name == "postgresql" else sqlite_insert
        self._db.execute(
            dialect_insert(card_pan_sequence)
            .values(bin=bin_, next_account=FIRST_BATCH_ACCOUNT)
            .on_conflict_do_nothing(index_elements=["bin"])
        )
        return int(
            self._db.execute(
                select(card_pan_sequence.c.next_account)
                .where(card_pan_sequence.c.bin == bin_)
                .with_for_update()
            ).scalar_one()
        )

    def advance_sequence(self, bin_: str, next_account: int) -> None:
        self._db.execute(
            update(card_pan_sequence).where(card_pan_sequence.c.bin == bin_).values(next_account=next_account)
        )

    def holders_without_card(self, governorate: str, born_by: dt.date, limit: int | None) -> Sequence[Holder]:
        """Living adults of ``governorate`` with a registered mobile and no live card, oldest
        registration first."""
        live_card = exists().where(cards.c.citizen_id == citizens.c.id, cards.c.status.in_(_LIVE))
        query = (
            select(citizens.c.national_id, citizens.c.name_ar, _cards_had())
            .where(
                citizens.c.residence_governorate == governorate,
                citizens.c.deceased_on.is_(None),
                citizens.c.mobile.is_not(None),
                citizens.c.birth_date <= born_by,
                ~live_card,
            )
            .order_by(citizens.c.id)
            .limit(limit)
        )
        return [Holder(row.national_id, row.name_ar, row.cards_had) for row in self._db.execute(query)]

    def add_batch(self, batch: NewBatch) -> int:
        return int(
            self._db.execute(
                insert(card_batches)
                .values(
                    governorate=batch.governorate,
                    office_id=batch.office_id,
                    status=BatchStatus.PRODUCED.value,
                    card_count=batch.card_count,
                    produced_by=batch.produced_by,
                    produced_at=batch.at,
                )
                .returning(card_batches.c.id)
            ).scalar_one()
        )

    def add_cards(
        self, batch_id: int, specs: Iterable[CardSpec], at: dt.datetime, replaces: str | None = None
    ) -> None:
        """Insert the cards (status produced) and their issuance rows, a chunk at a time."""
        ids = citizens.c.id
        iterator = iter(specs)
        while chunk := list(islice(iterator, _CHUNK)):
            found = self._db.execute(
                select(citizens.c.national_id, ids).where(
                    citizens.c.national_id.in_({spec.national_id for spec in chunk})
                )
            )
            citizen_ids = {row.national_id: row.id for row in found}
            self._db.execute(insert(cards), [self._card_row(spec, citizen_ids, at) for spec in chunk])
            self._db.execute(
                insert(card_issuance),
                [
                    {"card_token": spec.token, "batch_id": batch_id, "replaces_token": replaces}
                    for spec in chunk
                ],
            )

    def _card_row(self, spec: CardSpec, citizen_ids: Mapping[str, int], at: dt.datetime) -> dict[str, Any]:
        return {
            "token": spec.token,
            "pan_hmac": pan_lookup_hash(self._key, spec.pan.value),
            "last4": spec.pan.last4,
            "citizen_id": citizen_ids[spec.national_id],
            "sequence_number": spec.sequence_number,
            "expires_on": spec.expires_on,
            "status": CardStatus.PRODUCED.value,
            "services": ",".join(sorted(spec.services)),
            "created_at": at,
            "activated_at": None,
        }

    # -- batches ------------------------------------------------------------------------------

    def get(self, batch_id: int) -> CardBatch | None:
        row = self._db.execute(select(card_batches).where(card_batches.c.id == batch_id)).first()
        return None if row is None else _batch(row)

    def mark_dispatched(self, batch_id: int, at: dt.datetime) -> None:
        self._db.execute(
            update(card_batches)
            .where(card_batches.c.id == batch_id)
            .values(status=BatchStatus.DISPATCHED.value, dispatched_at=at)
        )

    def mark_arrived(self, batch_id: int, at: dt.datetime, opens: dt.date, closes: dt.date) -> None:
        self._db.execute(
            update(card_batches)
            .where(card_batches.c.id == batch_id)
            .values(status=BatchStatus.AT_OFFICE.value, arrived_at=at, pickup_from=opens, pickup_until=closes)
        )

    def queue_pickup_notices(
        self, batch_id: int, template: str, params: Mapping[str, Stored], at: dt.datetime
    ) -> int:
        """One SMS and one app notice per holder of the batch's produced cards (dedupe key per
        card: ``card-pickup:<token>:sms``), and those cards become notified. Returns how many
        cards were notified."""
        encoded = json.dumps(dict(params), ensure_ascii=False, sort_keys=True)
        in_batch = and_(card_issuance.c.batch_id == batch_id, cards.c.status == CardStatus.PRODUCED.value)
        for channel, recipient in (("sms", citizens.c.mobile), ("app", citizens.c.national_id)):
            rows = (
                select(
                    literal(channel),
                    recipient,
                    literal(template),
                    literal(encoded),
                    literal("ar"),
                    literal("card-pickup:") + cards.c.token + literal(f":{channel}"),
                    literal("pending"),
                    literal(0),
                    literal(at, outbox.c.next_attempt_at.type),
                    literal(at, outbox.c.created_at.type),
                )
                .select_from(card_issuance)
                .join(cards, cards.c.token == card_issuance.c.card_token)
                .join(citizens, citizens.c.id == cards.c.citizen_id)
                .where(in_batch, recipient.is_not(None))
            )
            columns = [
                "channel", "recipient", "template", "params", "language", "dedupe_key",
                "status", "attempts", "next_attempt_at", "created_at",
            ]  # fmt: skip
            dialect_insert = pg_insert if self._db.dialect.name == "postgresql" else sqlite_insert
            self._db.execute(
                dialect_insert(outbox)
                .from_select(columns, rows)
                .on_conflict_do_nothing(index_elements=["dedupe_key"])
            )
        tokens = select(card_issuance.c.card_token).where(card_issuance.c.batch_id == batch_id)
        result = self._db.execute(
            update(cards)
            .where(cards.c.token.in_(tokens), cards.c.status == CardStatus.PRODUCED.value)
            .values(status=CardStatus.NOTIFIED.value)
        )
        return int(result.rowcount)

    # -- single cards -------------------------------------------------------------------------

    def card(self, token: str) -> Card | None:
        row = self._db.execute(
            select(*CARD_COLUMNS)
            .join(citizens, citizens.c.id == cards.c.citizen_id)
            .where(cards.c.token == token)
        ).first()
        return None if row is None else _card(row)

    def issuance(self, token: str) -> Issuance | None:
        row = self._db.execute(
            select(card_issuance, card_batches.c.office_id, card_batches.c.governorate, card_batches.c.status)
            .join(card_batches, card_batches.c.id == card_issuance.c.batch_id)
            .where(card_issuance.c.card_token == token)
        ).first()
        if row is None:
            return None
        return Issuance(
            card_token=row.card_token,
            batch_id=row.batch_id,
            office_id=row.office_id,
            governorate=row.governorate,
            batch_status=BatchStatus(row.status),
            replaces_token=row.replaces_token,
            handed_over_at=row.handed_over_at,
        )

    def set_status(self, token: str, status: CardStatus, at: dt.datetime) -> None:
        values: dict[str, Any] = {"status": status.value}
        if status is CardStatus.ACTIVE:
            values["activated_at"] = at
        self._db.execute(update(cards).where(cards.c.token == token).values(**values))

    def record_handover(self, token: str, *, fingerprint_ref: str, at: dt.datetime, by: str) -> None:
        self._db.execute(
            update(card_issuance)
            .where(card_issuance.c.card_token == token)
            .values(
                fingerprint_ref=fingerprint_ref,
                handed_over_at=at,
                handed_over_by=by,
            )
        )

    def record_block(self, token: str, *, reason: str, at: dt.datetime, by: str) -> None:
        """The block's who, when and why (a card registered by hand before production batches has
        no issuance row: its block is kept in the audit log the caller writes)."""
        self._db.execute(
            update(card_issuance)
            .where(card_issuance.c.card_token == token)
            .values(blocked_at=at, blocked_reason=reason, blocked_by=by)
        )


def _cards_had() -> Any:
    return (
        select(func.count()).where(cards.c.citizen_id == citizens.c.id).scalar_subquery().label("cards_had")
    )


def _batch(row: Any) -> CardBatch:
    return CardBatch(
        id=row.id,
        governorate=row.governorate,
        office_id=row.office_id,
        status=BatchStatus(row.status),
        card_count=row.card_count,
        produced_at=row.produced_at,
        pickup_from=row.pickup_from,
        pickup_until=row.pickup_until,
    )
