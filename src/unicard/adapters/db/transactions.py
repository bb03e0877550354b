"""The transaction log: one row per answered request, keyed for idempotency per terminal."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Select, and_, bindparam, func, insert, or_, select, tuple_
from sqlalchemy.orm import aliased

from unicard.adapters.db.many_rows import asked_lists, insert_rows, joined_to_asked
from unicard.adapters.db.pipeline import Later, Pipeline
from unicard.adapters.db.tables_payments import terminals, transactions
from unicard.domain.payments.types import TransactionType
from unicard.domain.shared.money import Money
from unicard.services.payments.ports import StoredTransaction
from unicard.services.payments.requests import Answer

_reversals = aliased(transactions)


class SqlTransactionLog:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def find(self, terminal_id: str, idempotency_key: str) -> StoredTransaction | None:
        row = self._db.execute(
            select(transactions).where(
                transactions.c.terminal_id == terminal_id, transactions.c.idempotency_key == idempotency_key
            )
        ).first()
        return _stored(row) if row else None

    def get(self, transaction_id: str) -> StoredTransaction | None:
        row = self._db.execute(select(transactions).where(transactions.c.id == transaction_id)).first()
        return _stored(row) if row else None

    def merchant_of(self, transaction_id: str) -> str | None:
        return self._db.execute(
            select(terminals.c.merchant_id)
            .join(transactions, transactions.c.terminal_id == terminals.c.id)
            .where(transactions.c.id == transaction_id)
        ).scalar()

    def reversal_of(self, transaction_id: str) -> StoredTransaction | None:
        row = self._db.execute(
            select(transactions).where(
                transactions.c.reverses == transaction_id, transactions.c.response_code == "00"
            )
        ).first()
        return _stored(row) if row else None

    def record(self, transaction: StoredTransaction) -> None:
        self._db.execute(insert(transactions).values(_row(transaction)))

    def find_many(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], StoredTransaction]:
        """The answers already given to these (terminal, idempotency key) pairs, one statement."""
        if not keys:
            return {}
        params = {"pairs": list(keys)}
        if self._db.dialect.name == "postgresql":
            params = asked_lists(_PAIR_NAMES, keys)
        return _by_key(self._db.execute(_answers_to(self._db.dialect.name), params))

    def send_find_many(
        self, keys: Sequence[tuple[str, str]], pipeline: Pipeline
    ) -> Later[dict[tuple[str, str], StoredTransaction]]:
        """:meth:`find_many` sent in a PostgreSQL ``pipeline``."""
        return pipeline.read(_answers_to("postgresql"), asked_lists(_PAIR_NAMES, keys), _by_key)

    def record_many(self, recorded: Sequence[StoredTransaction], pipeline: Pipeline | None = None) -> None:
        """One statement (queued in ``pipeline`` if given); a key already used fails it."""
        insert_rows(self._db, transactions, [_row(t) for t in recorded], pipeline=pipeline)

    def spent_since(self, national_id: str, types: Sequence[TransactionType], since: dt.datetime) -> Money:
        # Approved and not reversed by an approved reversal.
        spent = self._db.execute(
            select(func.coalesce(func.sum(transactions.c.amount), 0))
            .outerjoin(
                _reversals,
                and_(_reversals.c.reverses == transactions.c.id, _reversals.c.response_code == "00"),
            )
            .where(
                transactions.c.citizen_national_id == national_id,
                transactions.c.type.in_([kind.value for kind in types]),
                transactions.c.response_code == "00",
                transactions.c.created_at >= since,
                _reversals.c.id.is_(None),
            )
        ).scalar_one()
        return Money(int(spent))

    def history(
        self, *, national_id: str | None, household_number: str | None, before: str | None, limit: int
    ) -> Sequence[StoredTransaction]:
        statement = select(transactions)
        if national_id is not None:
            statement = statement.where(transactions.c.citizen_national_id == national_id)
        if household_number is not None:
            statement = statement.where(transactions.c.household_number == household_number)
        if before is not None:
            # Keyset on (created_at, id): rows of the same instant are neither skipped nor repeated.
            cursor = select(transactions.c.created_at).where(transactions.c.id == before).scalar_subquery()
            statement = statement.where(
                or_(
                    transactions.c.created_at < cursor,
                    and_(transactions.c.created_at == cursor, transactions.c.id < before),
                )
            )
        newest_first = (transactions.c.created_at.desc(), transactions.c.id.desc())
        rows = self._db.execute(statement.order_by(*newest_first).limit(limit))
        return [_stored(row) for row in rows]


def _row(transaction: StoredTransaction) -> dict[str, Any]:
    answer = transaction.answer
    return {
        "id": transaction.id,
        "terminal_id": transaction.terminal_id,
        "idempotency_key": transaction.idempotency_key,
        "request_hash": transaction.request_hash,
        "type": transaction.type.value,
        "channel": transaction.channel,
        "card_token": transaction.card_token,
        "citizen_national_id": transaction.citizen_national_id,
        "household_number": transaction.household_number,
        "amount": transaction.amount,
        "loaves": transaction.loaves,
        "response_code": answer.response.value,
        "decline_reason": answer.reason,
        "entry_id": transaction.entry_id,
        "policy_version": answer.policy_version,
        "reverses": transaction.reverses if answer.approved else None,
        "response": json.dumps(answer.to_plain(), ensure_ascii=False, default=str),
        "created_at": transaction.created_at,
    }


def _by_key(rows: Iterable[Any]) -> dict[tuple[str, str], StoredTransaction]:
    return {(row.terminal_id, row.idempotency_key): _stored(row) for row in rows}


def _stored(row: Any) -> StoredTransaction:  # a Row of transactions
    return StoredTransaction(
        id=row.id,
        terminal_id=row.terminal_id,
        idempotency_key=row.idempotency_key,
        request_hash=row.request_hash,
        type=TransactionType(row.type),
        channel=row.channel,
        answer=Answer.from_plain(json.loads(row.response), replayed=False),
        created_at=row.created_at,
        card_token=row.card_token,
        citizen_national_id=row.citizen_national_id,
        household_number=row.household_number,
        amount=row.amount,
        loaves=row.loaves,
        entry_id=row.entry_id,
        reverses=row.reverses,
    )


_PAIR_NAMES = ("terminals", "keys")


@functools.cache
def _answers_to(dialect: str) -> Select[Any]:
    """The transactions of a list of (terminal, key) pairs: on PostgreSQL the pairs as a table
    joined to the unique index (one probe each), elsewhere a tuple IN list."""
    pair = (transactions.c.terminal_id, transactions.c.idempotency_key)
    if dialect == "postgresql":
        return joined_to_asked(select(transactions), pair, _PAIR_NAMES)
    return select(transactions).where(tuple_(*pair).in_(bindparam("pairs", expanding=True)))
