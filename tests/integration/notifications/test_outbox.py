"""The outbox: written with the business transaction, once per dedupe key, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest

from tests.fakes import FakeSmsGateway, FixedClock
from tests.integration.notifications.conftest import AHMED, dispatch, queue
from tests.unit.domain.notifications.examples import TYPICAL
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.domain.notifications import Channel, DeliveryStatus, TemplateId
from unicard.services.notifications import deliveries, delivery_counts, notify


class TestQueueing:
    def test_a_notification_waits_pending_with_no_attempts(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        queue(uow_factory, clock, key="txn:t1:wallet_debit", channels=None)
        rows = deliveries(uow_factory(), "txn:t1:")
        assert [(row.notification.channel, row.status, row.attempts) for row in rows] == [
            (Channel.SMS, DeliveryStatus.PENDING, 0),
            (Channel.APP, DeliveryStatus.PENDING, 0),
        ]
        assert rows[0].next_attempt_at == clock.now()
        assert rows[0].notification.params["amount"] == 5000

    def test_a_retried_transaction_queues_nothing_twice(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        first = queue(uow_factory, clock, key="txn:t2:wallet_debit", channels=None)
        again = queue(uow_factory, clock, key="txn:t2:wallet_debit", channels=None)
        assert (len(first), again) == (2, ())
        assert len(deliveries(uow_factory(), "txn:t2:")) == 2

    def test_the_same_key_twice_in_one_transaction_is_one_row(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        with uow_factory() as uow:
            for _ in range(2):
                notify(
                    uow,
                    template=TemplateId.SERVICE_MESSAGE,
                    to=AHMED,
                    params={"text": "مرحبا"},
                    dedupe_key="svc:hello",
                    at=clock.now(),
                )
            uow.commit()
        assert len(deliveries(uow_factory(), "svc:hello:")) == 2  # its SMS and its app event

    def test_concurrent_retries_of_one_transaction_queue_one_row(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        # On PostgreSQL the later inserts wait on the unique index, then do nothing; none fails.
        start = threading.Barrier(8)
        errors: list[BaseException] = []

        def retry() -> None:
            start.wait()
            try:
                queue(uow_factory, clock, key="txn:t3:wallet_debit")
            except BaseException as error:
                errors.append(error)

        threads = [threading.Thread(target=retry) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert len(deliveries(uow_factory(), "txn:t3:")) == 1

    def test_a_prefix_with_like_wildcards_matches_only_itself(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        queue(uow_factory, clock, key="txn:a_b:wallet_debit")
        queue(uow_factory, clock, key="txn:axb:wallet_debit")
        assert [row.notification.dedupe_key for row in deliveries(uow_factory(), "txn:a_b:")] == [
            "txn:a_b:wallet_debit:sms"
        ]


class TestNoGhostSms:
    def test_rows_of_a_rolled_back_transaction_are_never_sent(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, gateway: FakeSmsGateway
    ) -> None:
        with pytest.raises(RuntimeError, match="declined after all"):
            _notify_then_fail(uow_factory, clock)
        assert dispatch(uow_factory, gateway, clock).handled == 0
        assert gateway.sent == {}
        assert deliveries(uow_factory(), "txn:ghost:") == []

    def test_rows_not_committed_are_rolled_back_with_the_unit_of_work(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, gateway: FakeSmsGateway
    ) -> None:
        with uow_factory() as uow:
            notify(
                uow,
                template=TemplateId.WALLET_DEBIT,
                to=AHMED,
                params=TYPICAL[TemplateId.WALLET_DEBIT],
                dedupe_key="txn:forgot:wallet_debit",
                at=clock.now(),
            )
            # no commit
        dispatch(uow_factory, gateway, clock)
        assert gateway.count == 0
        assert delivery_counts(uow_factory())[DeliveryStatus.PENDING] == 0


def _notify_then_fail(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    """A business transaction that queues its SMS, then fails before committing."""
    with uow_factory() as uow:
        notify(
            uow,
            template=TemplateId.WALLET_DEBIT,
            to=AHMED,
            params=TYPICAL[TemplateId.WALLET_DEBIT],
            dedupe_key="txn:ghost:wallet_debit",
            at=clock.now(),
        )
        raise RuntimeError("declined after all")


class TestCounts:
    def test_counts_every_status(self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
        queue(uow_factory, clock, channels=None)
        assert delivery_counts(uow_factory()) == {
            DeliveryStatus.PENDING: 2,
            DeliveryStatus.SENT: 0,
            DeliveryStatus.FAILED: 0,
        }
