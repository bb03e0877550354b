"""The cards world with the host's EMV card authentication ON, for the journey and its attacks.

The container is the cards folder's (a MemoryBureau keeps what the personalisation bureau
received) plus ``EmvCardholderVerifier(SoftwareKeyStore.demo(), clock)`` as in
tests/integration/card_security/conftest.py. The tests act as the card: a ``VirtualCard`` made
from the demo issuer keys and the PAN and PSN the bureau received (``Cardholder`` from
tests/integration/card_security). The clock starts in Port Said's pilot month, before the
shipped dates of docs/rollout.md, so the schedule can still be set through the admin API.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine
from typer.testing import CliRunner, Result

from tests.fakes import FixedClock
from tests.integration.card_security.test_card_authentication import PIN, Cardholder
from tests.integration.cards.conftest import Desk
from tests.integration.cards.test_pickup import ask_code, hand_over, local
from tests.integration.http.conftest import bearer, make_container, seed_operator
from tests.otp_inbox import last_code_sent_to
from unicard.adapters.cards.bureau import MemoryBureau
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.adapters.security.key_store import SoftwareKeyStore
from unicard.bootstrap import Container, derived_key
from unicard.domain.operators.operator import Role
from unicard.domain.shared.clock import CAIRO
from unicard.entrypoints.cli.main import app
from unicard.services.cards.security.verifier import EmvCardholderVerifier

PICKUP = "/api/v1/pickup"
SECRET_KEY = "the server's secret key, shared with the CLI"
#: The pilot's last days before launch: Port Said's shipped payments and supply start is 2024-03-01.
PILOT_EVE = dt.datetime(2024, 2, 28, 9, 0, tzinfo=CAIRO)


# What the test modules' ``clock``, ``uow_factory`` and ``container`` fixtures return (each module
# declares them: fixtures imported into a module would be shadowed by the tests' parameters).


def pilot_clock() -> FixedClock:
    return FixedClock(PILOT_EVE)


def shared_key_uow_factory(engine: Engine) -> SqlUnitOfWorkFactory:
    """Cards found by the keyed PAN hash the CLI derives from the same secret key."""
    return SqlUnitOfWorkFactory(engine, card_lookup_key=derived_key(SECRET_KEY, "card-lookup"))


def emv_container(engine: Engine, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> Container:
    made = make_container(engine, uow_factory, clock)
    made.card_bureau = MemoryBureau()
    made.cardholder_verifier = EmvCardholderVerifier(SoftwareKeyStore.demo(), clock)
    return made


def later(desk: Desk, delta: dt.timedelta) -> None:
    """Time passes: the desk's sessions have expired, so the day's admin and clerks sign in."""
    clock = desk.container.clock
    assert isinstance(clock, FixedClock)
    clock.advance(delta)
    desk.admin.update(bearer(desk.client, seed_operator(desk.container, Role.ADMIN)))
    for headers, governorate in ((desk.clerk, "03"), (desk.far_clerk, "19")):
        clerk = seed_operator(desk.container, Role.POST_CLERK, governorates=frozenset({governorate}))
        headers.update(bearer(desk.client, clerk))


def card_in_hand(desk: Desk, token: str) -> Cardholder:
    """The chip the bureau made for ``token``: demo keys, its PAN and PSN, the PIN ``PIN``."""
    [spec] = [spec for specs in desk.bureau.batches.values() for spec in specs if spec.token == token]
    return Cardholder(desk.container, spec.pan.value, psn=f"{spec.sequence_number:02d}")


def collect(desk: Desk, national_id: str, token: str, *, pin: str = PIN) -> dict[str, Any]:
    """At the desk: the person, a code to the registered mobile (read from the outbox as the
    phone would), then the hand-over with the code, fingerprint reference, PIN and the card
    in the reader."""
    mobile = desk.town.mobiles[national_id]
    sent = ask_code(desk, national_id, token, local(mobile))
    assert sent.status_code == 200, sent.text
    code = last_code_sent_to(desk.container.uow_factory, mobile)
    done = hand_over(desk, national_id, token, code, pin=pin)
    assert done.status_code == 200, done.text
    return dict(done.json())


def unlock(desk: Desk, national_id: str, pan: str, headers: dict[str, str] | None = None) -> Any:
    return desk.client.post(
        f"{PICKUP}/{national_id}/pin-unlock", json={"pan": pan}, headers=headers or desk.clerk
    )


def cli(database_url: str, *args: str) -> Result:
    env = {
        "UNICARD_DATABASE_URL": database_url,
        "UNICARD_SECRET_KEY": SECRET_KEY,
        "UNICARD_OPERATOR": "salma",
    }
    return CliRunner().invoke(app, list(args), env=env)
