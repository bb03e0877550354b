"""Notifications on a real database of each dialect: queue through ``notify``, deliver through
``dispatch_due``, with a FakeSmsGateway that remembers what it was handed."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping

import pytest

from tests.fakes import FakeSmsGateway
from tests.integration.http.conftest import app, client, container, sign_in  # noqa: F401 (shared fixtures)
from tests.unit.domain.notifications.examples import TYPICAL
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.domain.notifications import Channel, Notification, Recipient, RetryPolicy, TemplateId
from unicard.services.notifications import DispatchReport, SmsGateway, dispatch_due, notify
from unicard.services.ports import Clock

AHMED_MOBILE = "+201012345678"
AHMED = Recipient("28503140300137", AHMED_MOBILE)
RETRY = RetryPolicy(max_attempts=4)
_transactions = itertools.count(1)


@pytest.fixture
def gateway() -> FakeSmsGateway:
    return FakeSmsGateway()


def recipient(n: int) -> Recipient:
    """The n-th of a crowd of distinct citizens, each with a mobile."""
    return Recipient(f"285031403{n:05d}", f"+20101{n:07d}")


def queue(
    uow_factory: SqlUnitOfWorkFactory,
    clock: Clock,
    *,
    to: Recipient = AHMED,
    key: str | None = None,
    template: str = TemplateId.WALLET_DEBIT,
    params: Mapping[str, object] | None = None,
    channels: Iterable[Channel] | None = (Channel.SMS,),
    language: str = "ar",
) -> tuple[Notification, ...]:
    """Queue one notification in its own committed transaction (as a business transaction would)."""
    with uow_factory() as uow:
        queued = notify(
            uow,
            template=template,
            to=to,
            params=TYPICAL[template] if params is None else params,
            dedupe_key=key or f"txn:{next(_transactions)}:{template}",
            at=clock.now(),
            language=language,  # type: ignore[arg-type]
            channels=channels,
        )
        uow.commit()
    return queued


def dispatch(
    uow_factory: SqlUnitOfWorkFactory, gateway: SmsGateway, clock: Clock, **options: object
) -> DispatchReport:
    return dispatch_due(uow_factory, gateway, clock, retry=RETRY, **options)  # type: ignore[arg-type]
