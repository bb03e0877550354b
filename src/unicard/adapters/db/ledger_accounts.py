"""Ledger accounts in SQL: the row ↔ domain mapping, how many balance shards a kind gets, and
get-or-create that is safe when two transactions open the same account at once.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from typing import Any, TypeAlias

from sqlalchemy import (
    CTE,
    Connection,
    Row,
    Select,
    and_,
    any_,
    bindparam,
    func,
    literal_column,
    select,
    union,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from unicard.adapters.db.many_rows import among, asked_lists, insert_rows, joined_to_asked
from unicard.adapters.db.tables_payments import account_balances, accounts
from unicard.domain.ledger import Account, AccountKind, Owner, OwnerType, Unit
from unicard.services.ledger import AccountKey

AnyRow: TypeAlias = Row[*tuple[Any, ...]]

#: Balance rows of a hot account. Unfloored only: a floor is checked on one row (schema CHECK).
HOT_SHARDS = 16
# Accounts that nearly every bread purchase or ration redemption credits or debits: the ministry's
# funding and issue accounts, Egypt Post's cash, and each bakery's or grocer's own accounts. A
# count may only grow together with a migration that adds the missing shard rows.
_SHARDED = frozenset(
    {
        AccountKind.MINISTRY_FUNDING,
        AccountKind.BREAD_ISSUE,
        AccountKind.BREAD_POINTS_ISSUE,
        AccountKind.G2P_FUNDING,
        AccountKind.POST_CASH,
        AccountKind.MERCHANT_SETTLEMENT,
        AccountKind.BAKERY_SUBSIDY_CLAIM,
        AccountKind.BAKERY_BREAD,
    }
)
assert all(kind.rule.floor is None for kind in _SHARDED), "a floored balance cannot be split"


def shards_for(kind: AccountKind) -> int:
    return HOT_SHARDS if kind in _SHARDED else 1


def db_unit(unit: Unit) -> str:
    """Units are stored by name (``EGP``, ``LOAF``, ``BREAD_POINT``), as the schema's CHECK says."""
    return unit.name


def domain_unit(name: str) -> Unit:
    return Unit[name]


def account_from_row(row: AnyRow) -> Account:
    owner = Owner(OwnerType(row.owner_type), row.owner_id)
    return Account(str(row.id), AccountKind(row.kind), owner)


# PostgreSQL: the keys asked as a table joined to the unique index, one probe per key (three
# `= ANY` lists let the planner scan every account of the kinds asked; a row IN list, the
# table). SQLite: three IN lists walk the unique index; the result is a superset of the keys
# asked (other kinds of the same owners), filtered after.


_BY_ID = select(accounts.c.id, accounts.c.kind, accounts.c.owner_type, accounts.c.owner_id).where(
    accounts.c.id.in_(bindparam("ids", expanding=True))
)


def accounts_with_ids(db: Connection, ids: Sequence[int]) -> dict[int, Account]:
    return {row.id: account_from_row(row) for row in db.execute(_BY_ID, {"ids": list(ids)})}


def find_accounts(db: Connection, keys: Sequence[AccountKey]) -> dict[AccountKey, Account]:
    if not keys:
        return {}
    wanted = set(keys)
    if db.dialect.name == "postgresql":
        asked = sorted((kind.value, owner.type.value, owner.id) for kind, owner in wanted)
        params = asked_lists(_KEY_NAMES, asked)
    else:
        params = {
            "kinds": sorted({kind.value for kind, _ in wanted}),
            "types": sorted({owner.type.value for _, owner in wanted}),
            "owners": sorted({owner.id for _, owner in wanted}),
        }
    rows = db.execute(_accounts_of(db.dialect.name), params)
    found = (account_from_row(row) for row in rows)
    return {key: account for account in found if (key := (account.kind, account.owner)) in wanted}


def create_accounts(db: Connection, keys: Sequence[AccountKey]) -> dict[AccountKey, Account]:
    """Insert the accounts not there yet, each with its balance rows, in one go.

    ON CONFLICT DO NOTHING waits for a concurrent creator of the same account and then skips
    it; only the accounts this transaction really created get balance rows, so the account and
    its shards always commit together. Returns the accounts it created (not those it skipped).
    """
    for kind, owner in keys:
        Account("new", kind, owner)  # refuses an owner of the wrong type before anything is written
    # One order for every creator: two inserting the same keys in opposite orders would each wait
    # on a unique key the other holds (a deadlock on PostgreSQL).
    ordered = sorted(keys, key=lambda key: (key[0].value, key[1].type.value, key[1].id))
    rows = [_account_values(kind, owner) for kind, owner in ordered]
    if db.dialect.name == "postgresql":  # one statement, not SQLAlchemy's insertmanyvalues
        created = db.exec_driver_sql(_INSERT_NEW_POSTGRES, {"rows": json.dumps(rows)}).all()
    else:
        created = db.execute(_INSERT_NEW_SQLITE, rows).all()
    shards = [
        {"account_id": row.id, "shard": shard, "balance": 0, "floor": AccountKind(row.kind).rule.floor}
        for row in created
        for shard in range(shards_for(AccountKind(row.kind)))
    ]
    insert_rows(db, account_balances, shards)
    made = (account_from_row(row) for row in created)
    return {(account.kind, account.owner): account for account in made}


def _account_values(kind: AccountKind, owner: Owner) -> dict[str, object]:
    return {
        "kind": kind.value,
        "unit": db_unit(kind.unit),
        "owner_type": owner.type.value,
        "owner_id": owner.id,
        "floor": kind.rule.floor,
        "shards": shards_for(kind),
    }


# The port takes no clock: the opening instant is the database's (UTC on both dialects).
_INSERT_NEW_SQLITE = (
    sqlite_insert(accounts)
    .values(opened_at=func.current_timestamp())
    .on_conflict_do_nothing(index_elements=["kind", "owner_type", "owner_id"])
    .returning(accounts.c.id, accounts.c.kind, accounts.c.owner_type, accounts.c.owner_id)
)
_INSERT_NEW_POSTGRES = """
INSERT INTO accounts (kind, unit, owner_type, owner_id, floor, shards, opened_at)
SELECT kind, unit, owner_type, owner_id, floor, shards, current_timestamp
FROM json_populate_recordset(NULL::accounts, %(rows)s)
ON CONFLICT (kind, owner_type, owner_id) DO NOTHING
RETURNING id, kind, owner_type, owner_id
"""


_KEY_NAMES = ("kinds", "types", "owners")


@functools.cache
def _accounts_of(dialect: str) -> Select[Any]:
    listed = select(accounts.c.id, accounts.c.kind, accounts.c.owner_type, accounts.c.owner_id)
    if dialect == "postgresql":
        key = (accounts.c.kind, accounts.c.owner_type, accounts.c.owner_id)
        return joined_to_asked(listed, key, _KEY_NAMES)
    return listed.where(
        among(accounts.c.kind, "kinds", dialect),
        among(accounts.c.owner_type, "types", dialect),
        among(accounts.c.owner_id, "owners", dialect),
    )


@functools.cache
def holdings_of(holders: CTE, household_kinds: tuple[AccountKind, ...], payers: CTE) -> Select[Any]:
    """PostgreSQL: the accounts of ``holders`` and ``payers`` (rows of ``national_id`` and
    household ``number``) — the holders' households' accounts of ``household_kinds`` and the
    payers' wallets — each with its balance, as ``(id, kind, owner_type, owner_id, balance)``.
    The balance rows are locked, in account order (as a posting locks floored rows), and read
    as committed once locked: nothing can move them before the reader commits, so what it
    answers from them (a receipt's remaining balance) stays true."""

    def owned(kind: AccountKind, owner_type: OwnerType, owner_id: Any) -> Select[Any]:
        # Constants in the text: a prepared statement's generic plan then probes the unique index.
        return select(
            literal_column(f"'{kind.value}'").label("kind"),
            literal_column(f"'{owner_type.value}'").label("owner_type"),
            owner_id.label("owner_id"),
        )

    of_households = (owned(kind, OwnerType.HOUSEHOLD, holders.c.number) for kind in household_kinds)
    wallets = owned(AccountKind.WALLET, OwnerType.CITIZEN, payers.c.national_id)
    asked = union(*of_households, wallets).subquery("asked")  # a UNION: each account once
    key = (accounts.c.kind, accounts.c.owner_type, accounts.c.owner_id)
    held = (
        select(accounts.c.id, *key).join(asked, and_(*(column == asked.c[column.name] for column in key)))
    ).cte("held")
    balance = account_balances.c
    locked = (
        select(balance.account_id, balance.balance)
        .where(balance.account_id == any_(func.array(select(held.c.id).scalar_subquery())))
        .order_by(balance.account_id, balance.shard)
        .with_for_update(key_share=True)  # FOR NO KEY UPDATE, as the balances' UPDATE takes
        .cte("locked")
        .prefix_with("MATERIALIZED")
    )
    return (
        select(held, func.sum(locked.c.balance).label("balance"))
        .join(locked, locked.c.account_id == held.c.id)
        .group_by(*held.c)
    )


def holdings_from_rows(rows: Sequence[AnyRow]) -> dict[AccountKey, tuple[Account, int]]:
    """:func:`holdings_of`'s rows by account key."""
    found = ((account_from_row(row), int(row.balance)) for row in rows)
    return {(account.kind, account.owner): (account, balance) for account, balance in found}
