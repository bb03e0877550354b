"""The composition root: the one place that picks adapters and hands them to the use cases."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import Engine

from unicard.adapters.cards.bureau import FileBureau
from unicard.adapters.clock import SystemClock
from unicard.adapters.db.authorization_batch import SqlAuthorizationBatches
from unicard.adapters.db.engine import make_engine
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.adapters.security.key_store import SoftwareKeyStore
from unicard.adapters.security.otp_codes import HmacCodeKeeper
from unicard.adapters.security.passwords import Argon2PasswordHasher
from unicard.adapters.security.terminal_secrets import HmacTerminalSecrets
from unicard.config import DEMO_KEY_ENVIRONMENTS, Settings
from unicard.services.cards.batches import CardProduction
from unicard.services.cards.pickup import OtpPickupCodes, PickupCodes
from unicard.services.cards.ports import PersonalisationBureau
from unicard.services.cards.security.ports import CardKeys
from unicard.services.cards.security.verifier import EmvCardholderVerifier
from unicard.services.payments.engine import AuthorizationEngine
from unicard.services.payments.group_commit import Authorizer, GroupCommitAuthorizer
from unicard.services.payments.ports import CardholderVerifier, NoCardholderVerification
from unicard.services.payments.terminal_gate import CachedTerminalGate
from unicard.services.ports import Clock, PasswordHasher
from unicard.services.terminal_auth import TerminalAuthCache


def derived_key(secret_key: str, purpose: str) -> bytes:
    """One key per purpose from the one configured secret, so no two uses share a key."""
    return hmac.new(secret_key.encode(), purpose.encode(), hashlib.sha256).digest()


@dataclass
class Container:
    """Everything an entrypoint (HTTP app, CLI, worker, tests) needs, wired once."""

    settings: Settings
    engine: Engine
    uow_factory: SqlUnitOfWorkFactory
    clock: Clock = field(default_factory=SystemClock)
    password_hasher: PasswordHasher = field(default_factory=Argon2PasswordHasher)
    # The cards issue plugs EMV cryptogram, PIN and fingerprint checks in here.
    cardholder_verifier: CardholderVerifier = field(default_factory=NoCardholderVerification)

    @cached_property
    def terminal_secrets(self) -> HmacTerminalSecrets:
        return HmacTerminalSecrets.from_secret_key(self.settings.secret_key)

    @cached_property
    def card_production(self) -> CardProduction:
        return CardProduction(
            bin=self.settings.card_issuer_bin,
            validity_years=self.settings.card_validity_years,
            pickup_days=self.settings.card_pickup_days,
        )

    @cached_property
    def card_bureau(self) -> PersonalisationBureau:
        """Where produced cards' data goes (tests and the demo assign a MemoryBureau)."""
        return FileBureau(self.settings.data_dir / "personalisation")

    @cached_property
    def otp_codes(self) -> HmacCodeKeeper:
        """Makes and checks one-time codes (``services.app.otp``)."""
        return HmacCodeKeeper(derived_key(self.settings.secret_key, "otp-codes"))

    @property
    def pickup_codes(self) -> PickupCodes:
        """One-time codes for the pickup desk, through the OTP service."""
        return OtpPickupCodes(self.uow_factory, self.clock, self.otp_codes)

    @cached_property
    def card_keys(self) -> CardKeys:
        return card_keys(self.settings)

    @cached_property
    def terminal_auth(self) -> TerminalAuthCache:
        return TerminalAuthCache(self.uow_factory.reading, self.terminal_secrets)

    @cached_property
    def authorization(self) -> Authorizer:
        """The one authorization engine every channel calls, behind group commit if configured."""
        engine = AuthorizationEngine(
            uow_factory=self.uow_factory,
            clock=self.clock,
            terminals=CachedTerminalGate(self.terminal_auth),
            verifier=self.cardholder_verifier,
        )
        if self.settings.group_commit <= 1:
            return engine
        batches = SqlAuthorizationBatches(self.engine, self.uow_factory.card_lookup_key)
        # Two batches in flight on PostgreSQL (one reads while the other commits); SQLite has
        # a single writer anyway.
        writers = 2 if self.engine.dialect.name == "postgresql" else 1
        return GroupCommitAuthorizer(engine, batches, max_batch=self.settings.group_commit, writers=writers)


def card_keys(settings: Settings) -> CardKeys:
    """The issuer's key store: the key file, else (demo and test only) the published demo keys."""
    if settings.issuer_keys_file is not None:
        store = SoftwareKeyStore.from_file(settings.issuer_keys_file)
    else:
        store = SoftwareKeyStore.demo()
    # Settings refuse this already; a second lock where the keys are actually loaded.
    if store.uses_demo_keys and settings.environment.value not in DEMO_KEY_ENVIRONMENTS:
        raise RuntimeError(f"the published demo issuer keys are refused in {settings.environment.value}")
    return store


def bootstrap(settings: Settings | None = None, *, clock: Clock | None = None) -> Container:
    settings = settings or Settings()
    engine = make_engine(settings.database_url)
    uow_factory = SqlUnitOfWorkFactory(
        engine, card_lookup_key=derived_key(settings.secret_key, "card-lookup")
    )
    container = Container(settings=settings, engine=engine, uow_factory=uow_factory)
    if clock is not None:
        container.clock = clock
    return with_card_authentication(container)


def with_card_authentication(container: Container) -> Container:
    """``container`` checking every card request's EMV cryptogram and cardholder if its settings
    say ``card_authentication = emv``. The issuer keys are loaded now either way: a bad key file
    stops the start, not a payment."""
    keys = container.card_keys
    if container.settings.card_authentication == "emv":
        container.cardholder_verifier = EmvCardholderVerifier(keys, container.clock)
    return container
