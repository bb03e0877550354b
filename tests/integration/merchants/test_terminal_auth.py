"""Terminals: installed with a secret shown once, authenticated on every request, rotated, barred."""

from __future__ import annotations

import base64
import hashlib

import pytest
from sqlalchemy import Engine, select, update

from tests.fakes import FixedClock
from tests.integration.merchants.conftest import ADMIN, register
from unicard.adapters.db.tables import audit_log
from unicard.adapters.db.tables_payments import terminals as terminal_rows
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.adapters.security.terminal_secrets import HmacTerminalSecrets
from unicard.domain.merchants import Merchant, MerchantKind, MerchantStatus, TerminalRefused, TerminalStatus
from unicard.domain.shared.errors import Conflict, InvalidValue, NotFound
from unicard.services import merchants, terminals
from unicard.services.merchants import MerchantChanges
from unicard.services.terminal_auth import TerminalAuthCache, authenticate_terminal
from unicard.services.terminals import IssuedTerminal


@pytest.fixture
def bakery(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> Merchant:
    return register(uow_factory, clock)


@pytest.fixture
def issued(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, secrets: HmacTerminalSecrets, bakery: Merchant
) -> IssuedTerminal:
    return terminals.add_terminal(uow_factory(), clock, secrets, ADMIN, bakery.id)


def refusal(
    uow_factory: SqlUnitOfWorkFactory, secrets: HmacTerminalSecrets, terminal_id: str, secret: str
) -> str:
    with pytest.raises(TerminalRefused) as refused:
        authenticate_terminal(uow_factory(), secrets, terminal_id, secret)
    return refused.value.code


def set_terminal(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, terminal_id: str, status: TerminalStatus
) -> None:
    terminals.set_terminal_status(uow_factory(), clock, ADMIN, terminal_id, status, "test")


def set_merchant(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, merchant_id: str, status: MerchantStatus
) -> None:
    merchants.update_merchant(
        uow_factory(), clock, ADMIN, merchant_id, MerchantChanges(status=status), "test"
    )


class TestInstall:
    def test_the_secret_is_256_random_bits_in_base64url(self, issued: IssuedTerminal) -> None:
        assert len(issued.secret) == 43
        assert len(base64.urlsafe_b64decode(issued.secret + "=")) == 32
        assert issued.terminal.id == "T-BKR-03-000001-01"
        assert "secret=<hidden>" in repr(issued)

    def test_numbers_continue_after_a_retired_terminal(
        self,
        uow_factory: SqlUnitOfWorkFactory,
        clock: FixedClock,
        secrets: HmacTerminalSecrets,
        bakery: Merchant,
        issued: IssuedTerminal,
    ) -> None:
        set_terminal(uow_factory, clock, issued.terminal.id, TerminalStatus.RETIRED)
        second = terminals.add_terminal(uow_factory(), clock, secrets, ADMIN, bakery.id)
        assert second.terminal.id == "T-BKR-03-000001-02"
        assert second.secret != issued.secret

    def test_the_database_keeps_only_a_peppered_hash(
        self, engine: Engine, secrets: HmacTerminalSecrets, issued: IssuedTerminal
    ) -> None:
        with engine.connect() as connection:
            stored = connection.execute(select(terminal_rows.c.secret_hash)).scalar_one()
        assert len(stored) == 64
        assert issued.secret not in stored
        # Not a plain hash: without the pepper, a copy of the database cannot test a guess.
        assert stored != hashlib.sha256(issued.secret.encode()).hexdigest()
        assert secrets.matches(issued.secret, stored)

    def test_a_closed_merchant_gets_no_terminal(
        self,
        uow_factory: SqlUnitOfWorkFactory,
        clock: FixedClock,
        secrets: HmacTerminalSecrets,
        bakery: Merchant,
    ) -> None:
        set_merchant(uow_factory, clock, bakery.id, MerchantStatus.CLOSED)
        with pytest.raises(Conflict, match=r"merchant\.closed"):
            terminals.add_terminal(uow_factory(), clock, secrets, ADMIN, bakery.id)

    def test_neither_secret_nor_hash_reaches_the_audit_log(
        self,
        engine: Engine,
        uow_factory: SqlUnitOfWorkFactory,
        clock: FixedClock,
        secrets: HmacTerminalSecrets,
        issued: IssuedTerminal,
    ) -> None:
        rotated = terminals.rotate_terminal_secret(
            uow_factory(), clock, secrets, ADMIN, issued.terminal.id, "lost"
        )
        with engine.connect() as connection:
            stored = connection.execute(select(terminal_rows.c.secret_hash)).scalar_one()
            records = [" ".join(map(str, row)) for row in connection.execute(select(audit_log))]
        actions = [record for record in records if "terminal." in record]
        assert len(actions) == 2
        for secret in (issued.secret, rotated.secret, stored):
            assert not any(secret in record for record in records)


class TestAuthenticate:
    def test_the_right_secret_admits_the_terminal_and_names_its_merchant(
        self,
        uow_factory: SqlUnitOfWorkFactory,
        secrets: HmacTerminalSecrets,
        bakery: Merchant,
        issued: IssuedTerminal,
    ) -> None:
        terminal, merchant = authenticate_terminal(
            uow_factory(), secrets, issued.terminal.id.lower(), issued.secret
        )
        assert terminal == issued.terminal
        assert merchant == bakery

    def test_a_wrong_secret_and_an_unknown_terminal_are_refused_alike(
        self, uow_factory: SqlUnitOfWorkFactory, secrets: HmacTerminalSecrets, issued: IssuedTerminal
    ) -> None:
        other = secrets.issue().secret
        assert refusal(uow_factory, secrets, issued.terminal.id, other) == "terminal.bad_credentials"
        assert (
            refusal(uow_factory, secrets, "T-BKR-03-000001-09", issued.secret) == "terminal.bad_credentials"
        )
        assert refusal(uow_factory, secrets, issued.terminal.id, "") == "terminal.bad_credentials"
        assert refusal(uow_factory, secrets, issued.terminal.id, "x" * 10_000) == "terminal.bad_credentials"

    def test_a_secret_from_another_deployment_is_refused(
        self, uow_factory: SqlUnitOfWorkFactory, issued: IssuedTerminal
    ) -> None:
        elsewhere = HmacTerminalSecrets.from_secret_key("another deployment's key")
        assert (
            refusal(uow_factory, elsewhere, issued.terminal.id, issued.secret) == "terminal.bad_credentials"
        )

    @pytest.mark.parametrize(
        ("status", "code"),
        [(TerminalStatus.SUSPENDED, "terminal.suspended"), (TerminalStatus.RETIRED, "terminal.retired")],
    )
    def test_a_barred_terminal_is_refused(
        self,
        uow_factory: SqlUnitOfWorkFactory,
        clock: FixedClock,
        secrets: HmacTerminalSecrets,
        issued: IssuedTerminal,
        status: TerminalStatus,
        code: str,
    ) -> None:
        set_terminal(uow_factory, clock, issued.terminal.id, status)
        assert refusal(uow_factory, secrets, issued.terminal.id, issued.secret) == code

    @pytest.mark.parametrize(
        ("status", "code"),
        [
            (MerchantStatus.SUSPENDED, "terminal.merchant_suspended"),
            (MerchantStatus.CLOSED, "terminal.merchant_closed"),
        ],
    )
    def test_a_terminal_of_a_barred_merchant_is_refused(
        self,
        uow_factory: SqlUnitOfWorkFactory,
        clock: FixedClock,
        secrets: HmacTerminalSecrets,
        bakery: Merchant,
        issued: IssuedTerminal,
        status: MerchantStatus,
        code: str,
    ) -> None:
        set_merchant(uow_factory, clock, bakery.id, status)
        assert refusal(uow_factory, secrets, issued.terminal.id, issued.secret) == code

    def test_a_status_is_told_only_to_the_holder_of_the_secret(
        self,
        uow_factory: SqlUnitOfWorkFactory,
        clock: FixedClock,
        secrets: HmacTerminalSecrets,
        issued: IssuedTerminal,
    ) -> None:
        set_terminal(uow_factory, clock, issued.terminal.id, TerminalStatus.SUSPENDED)
        assert refusal(uow_factory, secrets, issued.terminal.id, "guess") == "terminal.bad_credentials"

    def test_a_suspended_terminal_comes_back(
        self,
        uow_factory: SqlUnitOfWorkFactory,
        clock: FixedClock,
        secrets: HmacTerminalSecrets,
        issued: IssuedTerminal,
    ) -> None:
        set_terminal(uow_factory, clock, issued.terminal.id, TerminalStatus.SUSPENDED)
        set_terminal(uow_factory, clock, issued.terminal.id, TerminalStatus.ACTIVE)
        assert authenticate_terminal(uow_factory(), secrets, issued.terminal.id, issued.secret)


class TestRotate:
    def test_rotation_invalidates_the_old_secret(
        self,
        uow_factory: SqlUnitOfWorkFactory,
        clock: FixedClock,
        secrets: HmacTerminalSecrets,
        issued: IssuedTerminal,
    ) -> None:
        rotated = terminals.rotate_terminal_secret(
            uow_factory(), clock, secrets, ADMIN, issued.terminal.id, "stolen"
        )
        assert rotated.terminal == issued.terminal
        assert refusal(uow_factory, secrets, issued.terminal.id, issued.secret) == "terminal.bad_credentials"
        assert authenticate_terminal(uow_factory(), secrets, issued.terminal.id, rotated.secret)

    def test_an_unknown_or_malformed_terminal(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, secrets: HmacTerminalSecrets
    ) -> None:
        with pytest.raises(NotFound, match=r"terminal\.not_found"):
            terminals.rotate_terminal_secret(uow_factory(), clock, secrets, ADMIN, "T-BKR-03-000009-01", "x")
        with pytest.raises(InvalidValue, match=r"terminal\.id_format"):
            terminals.rotate_terminal_secret(uow_factory(), clock, secrets, ADMIN, "T-1", "x")

    def test_a_retired_terminal_stays_retired(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, issued: IssuedTerminal
    ) -> None:
        set_terminal(uow_factory, clock, issued.terminal.id, TerminalStatus.RETIRED)
        with pytest.raises(Conflict, match=r"terminal\.retired_for_good"):
            set_terminal(uow_factory, clock, issued.terminal.id, TerminalStatus.ACTIVE)


class Ticks:
    """A monotonic clock that moves when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class TestCache:
    @pytest.fixture
    def ticks(self) -> Ticks:
        return Ticks()

    @pytest.fixture
    def cache(
        self, uow_factory: SqlUnitOfWorkFactory, secrets: HmacTerminalSecrets, ticks: Ticks
    ) -> TerminalAuthCache:
        return TerminalAuthCache(uow_factory, secrets, ttl_seconds=30, monotonic=ticks)

    def test_checks_the_secret_on_every_call(self, cache: TerminalAuthCache, issued: IssuedTerminal) -> None:
        assert cache.authenticate(issued.terminal.id, issued.secret)[0] == issued.terminal
        with pytest.raises(TerminalRefused, match=r"terminal\.bad_credentials"):
            cache.authenticate(issued.terminal.id, "wrong")

    def test_known_answers_from_memory_only(
        self, cache: TerminalAuthCache, issued: IssuedTerminal, engine: Engine, ticks: Ticks
    ) -> None:
        assert cache.known(issued.terminal.id, issued.secret) is None  # never read: nothing known
        cache.authenticate(issued.terminal.id, issued.secret)
        found = cache.known(issued.terminal.id.lower(), issued.secret)
        assert found is not None
        assert found[0] == issued.terminal
        with pytest.raises(TerminalRefused, match=r"terminal\.bad_credentials"):
            cache.known(issued.terminal.id, "wrong")
        engine.dispose()  # the database may be gone: known reads nothing
        ticks.now += 31
        assert cache.known(issued.terminal.id, issued.secret) is None  # expired: must be read

    def test_a_change_made_elsewhere_is_seen_when_the_entry_expires(
        self, cache: TerminalAuthCache, issued: IssuedTerminal, engine: Engine, ticks: Ticks
    ) -> None:
        cache.authenticate(issued.terminal.id, issued.secret)
        with engine.begin() as connection:  # another process suspends the terminal
            connection.execute(update(terminal_rows).values(status="suspended"))
        ticks.now += 29
        assert cache.authenticate(issued.terminal.id, issued.secret)  # stale, as documented
        ticks.now += 2
        with pytest.raises(TerminalRefused, match=r"terminal\.suspended"):
            cache.authenticate(issued.terminal.id, issued.secret)

    def test_a_change_made_in_this_process_is_seen_at_once(
        self,
        cache: TerminalAuthCache,
        uow_factory: SqlUnitOfWorkFactory,
        clock: FixedClock,
        secrets: HmacTerminalSecrets,
        bakery: Merchant,
        issued: IssuedTerminal,
    ) -> None:
        cache.authenticate(issued.terminal.id, issued.secret)
        rotated = terminals.rotate_terminal_secret(
            uow_factory(), clock, secrets, ADMIN, issued.terminal.id, "lost"
        )
        with pytest.raises(TerminalRefused, match=r"terminal\.bad_credentials"):
            cache.authenticate(issued.terminal.id, issued.secret)
        assert cache.authenticate(issued.terminal.id, rotated.secret)
        set_merchant(uow_factory, clock, bakery.id, MerchantStatus.SUSPENDED)
        with pytest.raises(TerminalRefused, match=r"terminal\.merchant_suspended"):
            cache.authenticate(issued.terminal.id, rotated.secret)

    def test_a_new_terminal_works_at_once(
        self,
        cache: TerminalAuthCache,
        uow_factory: SqlUnitOfWorkFactory,
        clock: FixedClock,
        secrets: HmacTerminalSecrets,
        bakery: Merchant,
    ) -> None:
        with pytest.raises(TerminalRefused):
            cache.authenticate("T-BKR-03-000001-01", "anything")
        issued = terminals.add_terminal(uow_factory(), clock, secrets, ADMIN, bakery.id)
        assert cache.authenticate(issued.terminal.id, issued.secret)


class TestSecrets:
    def test_the_pepper_comes_from_the_secret_key(self) -> None:
        one, same = HmacTerminalSecrets.from_secret_key("k1"), HmacTerminalSecrets.from_secret_key("k1")
        other = HmacTerminalSecrets.from_secret_key("k2")
        issued = one.issue()
        assert same.matches(issued.secret, issued.secret_hash)
        assert not other.matches(issued.secret, issued.secret_hash)
        assert "hidden" in repr(issued)
        assert issued.secret not in repr(issued)

    def test_a_short_pepper_is_refused(self) -> None:
        with pytest.raises(ValueError, match="32 bytes"):
            HmacTerminalSecrets(b"short")


def test_retail_and_post_kinds_get_terminals_too(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, secrets: HmacTerminalSecrets
) -> None:
    atm = register(uow_factory, clock, MerchantKind.POST_ATM, name_ar="صراف البريد")
    issued = terminals.add_terminal(uow_factory(), clock, secrets, ADMIN, atm.id)
    assert authenticate_terminal(uow_factory(), secrets, issued.terminal.id, issued.secret)[1].kind is (
        MerchantKind.POST_ATM
    )
