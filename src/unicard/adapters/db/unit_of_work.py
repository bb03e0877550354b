"""The unit of work: one database transaction, the repositories bound to it, one commit point."""

from __future__ import annotations

import secrets
from functools import cached_property
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError

from unicard.adapters.db.appeals import SqlAppealStore
from unicard.adapters.db.audit import SqlAuditLog
from unicard.adapters.db.card_batches import SqlCardBatchStore
from unicard.adapters.db.card_security import SqlCardSecurityStore
from unicard.adapters.db.cards import SqlCardStore
from unicard.adapters.db.citizen_events import SqlCitizenEvents
from unicard.adapters.db.citizens import SqlCitizenRepository
from unicard.adapters.db.eligibility import SqlEligibilityStore
from unicard.adapters.db.engine import read_only
from unicard.adapters.db.entitlements import SqlEntitlementStore
from unicard.adapters.db.facts import SqlFactStore
from unicard.adapters.db.households import SqlHouseholdRepository
from unicard.adapters.db.inbound_sms import SqlInboundSmsLog
from unicard.adapters.db.integrity import conflict_from
from unicard.adapters.db.ledger import SqlLedgerStore
from unicard.adapters.db.legacy_cards import SqlLegacyCardStore
from unicard.adapters.db.merchants import SqlMerchantRepository
from unicard.adapters.db.operators import SqlOperatorRepository
from unicard.adapters.db.otp_codes import SqlOtpStore
from unicard.adapters.db.outbox import SqlOutbox
from unicard.adapters.db.policies import SqlPolicyStore, forget_cached_book
from unicard.adapters.db.rollout import SqlRolloutStore, forget_cached_schedule
from unicard.adapters.db.rollout_notices import SqlSwitchOnNotices
from unicard.adapters.db.transactions import SqlTransactionLog
from unicard.adapters.db.wallets import SqlWalletBook


class SqlUnitOfWork:
    citizens: SqlCitizenRepository
    households: SqlHouseholdRepository
    operators: SqlOperatorRepository
    audit: SqlAuditLog
    ledger: SqlLedgerStore
    policies: SqlPolicyStore
    merchants: SqlMerchantRepository
    cards: SqlCardStore
    transactions: SqlTransactionLog
    entitlements: SqlEntitlementStore
    rollout: SqlRolloutStore
    card_security: SqlCardSecurityStore

    def __init__(
        self, engine: Engine, card_lookup_key: bytes | None = None, *, reading: bool = False
    ) -> None:
        self._engine = engine
        # Without a key (bulk units of work that never touch cards), one for this object only.
        self._card_lookup_key = card_lookup_key or secrets.token_bytes(32)
        self._connection: Connection | None = None
        self._reading = reading

    def __enter__(self) -> Self:
        connection = self._engine.connect()
        if self._reading:
            read_only(connection)
        connection.begin()
        self._connection = connection
        self.citizens = SqlCitizenRepository(connection)
        self.households = SqlHouseholdRepository(connection)
        self.operators = SqlOperatorRepository(connection)
        self.audit = SqlAuditLog(connection)
        self.ledger, self.policies = SqlLedgerStore(connection), SqlPolicyStore(connection)
        self.merchants = SqlMerchantRepository(connection)
        self.cards = SqlCardStore(connection, self._card_lookup_key)
        self.transactions = SqlTransactionLog(connection)
        self.entitlements = SqlEntitlementStore(connection)
        self.rollout = SqlRolloutStore(connection)
        self.card_security = SqlCardSecurityStore(connection)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        if connection.in_transaction():
            if self._reading and exc is None:
                connection.commit()  # changes nothing, and keeps the prepared statements
            else:
                # Anything not committed explicitly is rolled back: a crash never half-applies.
                connection.rollback()
        connection.close()
        if isinstance(exc, IntegrityError):
            raise conflict_from(exc) from exc

    def commit(self) -> None:
        if self._connection is None:
            raise RuntimeError("commit() outside the unit of work")
        if self._reading:
            raise RuntimeError("commit() in a unit of work that only reads")
        try:
            self._connection.commit()
        except IntegrityError as error:
            raise conflict_from(error) from error
        if self.policies.added:
            forget_cached_book(self._engine)
            self.policies = SqlPolicyStore(self._connection)
        if self.rollout.changed:
            forget_cached_schedule(self._engine)
            self.rollout = SqlRolloutStore(self._connection)
        self._connection.begin()

    @property
    def connection(self) -> Connection:
        """For bulk adapters (imports, the demo loader) that work set-wise inside this transaction."""
        if self._connection is None:
            raise RuntimeError("the unit of work is not open")
        return self._connection

    @property
    def outbox(self) -> SqlOutbox:
        return SqlOutbox(self.connection)

    @property
    def eligibility(self) -> SqlEligibilityStore:
        return SqlEligibilityStore(self.connection)

    @property
    def card_batches(self) -> SqlCardBatchStore:
        return SqlCardBatchStore(self.connection, self._card_lookup_key)

    @property
    def citizen_events(self) -> SqlCitizenEvents:
        return SqlCitizenEvents(self.connection)

    @property
    def facts(self) -> SqlFactStore:
        return SqlFactStore(self.connection)

    @property
    def appeals(self) -> SqlAppealStore:
        return SqlAppealStore(self.connection)

    @property
    def otp(self) -> SqlOtpStore:
        return SqlOtpStore(self.connection)

    @property
    def wallets(self) -> SqlWalletBook:
        return SqlWalletBook(self.connection)

    @property
    def inbound_sms(self) -> SqlInboundSmsLog:
        return SqlInboundSmsLog(self.connection)

    @property
    def legacy_cards(self) -> SqlLegacyCardStore:
        return SqlLegacyCardStore(self.connection)

    @property
    def switch_on_notices(self) -> SqlSwitchOnNotices:
        return SqlSwitchOnNotices(self.connection)


class SqlUnitOfWorkFactory:
    def __init__(
        self, engine: Engine, card_lookup_key: bytes | None = None, *, reading: bool = False
    ) -> None:
        """``card_lookup_key`` keys the PAN hashes cards are found by; without one (tests), a key
        for this process only, so cards registered by another process will not be found."""
        self.engine = engine
        self.card_lookup_key = card_lookup_key or secrets.token_bytes(32)
        self._reading = reading

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, self.card_lookup_key, reading=self._reading)

    @cached_property
    def reading(self) -> SqlUnitOfWorkFactory:
        """Units of work that only read (views, sign-in checks): on SQLite they never wait for
        the write lock, so a balance shown on a phone does not queue behind a batch of sales;
        a write inside one fails, and it cannot commit."""
        return SqlUnitOfWorkFactory(self.engine, self.card_lookup_key, reading=True)
