"""Wallets in SQL: the ledger's wallet account of a citizen (found, never created here) and the
record of its opening at a post counter (table ``wallet_openings``)."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select

from unicard.adapters.db.ledger_accounts import find_accounts
from unicard.adapters.db.tables_app import wallet_openings
from unicard.domain.ledger import Account
from unicard.domain.wallets.opening import WalletOpening
from unicard.services.payments import accounts as keys


class SqlWalletBook:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def account(self, national_id: str) -> Account | None:
        key = keys.wallet(national_id)
        return find_accounts(self._db, [key]).get(key)

    def opening(self, national_id: str) -> WalletOpening | None:
        row = self._db.execute(
            select(wallet_openings).where(wallet_openings.c.national_id == national_id)
        ).first()
        if row is None:
            return None
        return WalletOpening(
            national_id=row.national_id,
            account_id=str(row.account_id),
            mobile=row.mobile,
            governorate=row.governorate,
            opened_by=row.opened_by,
            opened_at=row.opened_at,
        )

    def add(self, opening: WalletOpening) -> None:
        self._db.execute(
            insert(wallet_openings).values(
                national_id=opening.national_id,
                account_id=int(opening.account_id),
                mobile=opening.mobile,
                governorate=opening.governorate,
                opened_by=opening.opened_by,
                opened_at=opening.opened_at,
            )
        )
