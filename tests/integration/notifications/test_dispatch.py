"""The dispatcher: delivers due rows once, retries with back-off, gives up for good, and never
duplicates an app event."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, text, update

from tests.fakes import FakeSmsGateway, FixedClock
from tests.integration.notifications.conftest import AHMED, AHMED_MOBILE, RETRY, dispatch, queue, recipient
from unicard.adapters.db.tables_payments import outbox
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.domain.notifications import Channel, Delivery, DeliveryStatus, Notification, TemplateId
from unicard.services.notifications import deliveries, dispatch_due

ARABIC_DEBIT = "خصم ٥٠٫٠٠ ج.م. من محفظتك لدى مخبز الأمل. رصيدك ١٬٢٥٠٫٥٠ ج.م."


def only(uow_factory: SqlUnitOfWorkFactory, prefix: str = "txn:") -> Delivery:
    rows = deliveries(uow_factory(), prefix)
    assert len(rows) == 1, rows
    return rows[0]


class TestDelivery:
    def test_sends_what_is_due_and_marks_it_sent(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, gateway: FakeSmsGateway
    ) -> None:
        queue(uow_factory, clock)
        assert dispatch(uow_factory, gateway, clock).sent == 1
        assert gateway.sent == {AHMED_MOBILE: [ARABIC_DEBIT]}
        row = only(uow_factory)
        assert (row.status, row.attempts, row.sent_at, row.provider_ref) == (
            DeliveryStatus.SENT,
            1,
            clock.now(),
            "fake-1",
        )
        assert gateway.references == [str(row.id)]  # the outbox id: what an SMSC can dedupe by

    def test_sent_rows_are_not_sent_again(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, gateway: FakeSmsGateway
    ) -> None:
        queue(uow_factory, clock)
        dispatch(uow_factory, gateway, clock)
        clock.advance(dt.timedelta(days=1))
        assert dispatch(uow_factory, gateway, clock).handled == 0
        assert gateway.count == 1

    def test_english_rows_are_rendered_in_english(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, gateway: FakeSmsGateway
    ) -> None:
        queue(uow_factory, clock, language="en")
        dispatch(uow_factory, gateway, clock)
        assert gateway.sent[AHMED_MOBILE] == [
            "EGP 50.00 paid from your wallet at Al Amal Bakery. Balance EGP 1,250.50"
        ]

    def test_a_batch_stops_at_its_size(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, gateway: FakeSmsGateway
    ) -> None:
        for n in range(5):
            queue(uow_factory, clock, to=recipient(n))
        assert dispatch(uow_factory, gateway, clock, batch=2).sent == 2
        assert dispatch(uow_factory, gateway, clock).sent == 3

    def test_a_stop_request_is_honoured_between_rows(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, gateway: FakeSmsGateway
    ) -> None:
        for n in range(3):
            queue(uow_factory, clock, to=recipient(n))
        report = dispatch(uow_factory, gateway, clock, should_stop=lambda: gateway.count >= 1)
        assert (report.sent, gateway.count) == (1, 1)

    def test_rows_queued_for_later_wait(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, gateway: FakeSmsGateway
    ) -> None:
        queue(uow_factory, clock)
        clock.advance(dt.timedelta(seconds=-1))  # a dispatcher whose clock is a second behind
        assert dispatch(uow_factory, gateway, clock).handled == 0


class TestTemporaryFailure:
    def test_is_retried_after_a_back_off(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, gateway: FakeSmsGateway
    ) -> None:
        queue(uow_factory, clock)
        gateway.fail_next(1)
        assert dispatch(uow_factory, gateway, clock).retrying == 1
        row = only(uow_factory)
        assert (row.status, row.attempts) == (DeliveryStatus.PENDING, 1)
        assert "temporary" in (row.last_error or "")
        step = RETRY.step(1)
        assert clock.now() + step / 2 <= row.next_attempt_at <= clock.now() + step

        assert dispatch(uow_factory, gateway, clock).handled == 0  # not before its time
        clock.advance(step)
        assert dispatch(uow_factory, gateway, clock).sent == 1
        row = only(uow_factory)
        assert (row.status, row.attempts, row.last_error) == (DeliveryStatus.SENT, 2, None)
        assert gateway.sent == {AHMED_MOBILE: [ARABIC_DEBIT]}

    def test_waits_grow_with_each_failure(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, gateway: FakeSmsGateway
    ) -> None:
        queue(uow_factory, clock)
        gateway.fail_next(2)
        dispatch(uow_factory, gateway, clock, jitter=lambda: 0.0)
        first_wait = only(uow_factory).next_attempt_at - clock.now()
        clock.advance(first_wait)
        dispatch(uow_factory, gateway, clock, jitter=lambda: 0.0)
        second_wait = only(uow_factory).next_attempt_at - clock.now()
        assert (first_wait, second_wait) == (RETRY.step(1) / 2, RETRY.step(2) / 2)

    def test_gives_up_after_the_last_attempt(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, gateway: FakeSmsGateway
    ) -> None:
        queue(uow_factory, clock)
        gateway.fail_next(RETRY.max_attempts)
        reports = []
        for _ in range(RETRY.max_attempts):
            reports.append(dispatch(uow_factory, gateway, clock))
            clock.advance(RETRY.max_delay)
        assert [report.retrying for report in reports] == [1] * (RETRY.max_attempts - 1) + [0]
        assert reports[-1].failed == 1
        row = only(uow_factory)
        assert (row.status, row.attempts) == (DeliveryStatus.FAILED, RETRY.max_attempts)
        assert gateway.sent == {}

    def test_an_unexpected_gateway_error_is_retried_not_fatal(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        class Broken:
            def send(self, to_e164: str, text: str, *, reference: str) -> str:
                raise ConnectionResetError("peer reset")

        queue(uow_factory, clock)
        assert dispatch(uow_factory, Broken(), clock).retrying == 1
        assert "ConnectionResetError: peer reset" in (only(uow_factory).last_error or "")


class TestPermanentFailure:
    def test_fails_at_once_and_is_never_retried(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, gateway: FakeSmsGateway
    ) -> None:
        queue(uow_factory, clock)
        gateway.fail_next(1, permanent=True)
        assert dispatch(uow_factory, gateway, clock).failed == 1
        clock.advance(dt.timedelta(days=1))
        assert dispatch(uow_factory, gateway, clock).handled == 0
        row = only(uow_factory)
        assert (row.status, row.attempts, gateway.attempts) == (DeliveryStatus.FAILED, 1, 1)
        assert "permanent" in (row.last_error or "")

    def test_a_row_this_version_cannot_render_fails(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, gateway: FakeSmsGateway
    ) -> None:
        # A template withdrawn while rows of it were still queued.
        with uow_factory() as uow:
            uow.outbox.add(
                Notification(
                    Channel.SMS, "+201012345678", "retired_template", {}, "ar", "old:1:sms", clock.now()
                )
            )
            uow.commit()
        assert dispatch(uow_factory, gateway, clock).failed == 1
        assert "notification.unknown_template" in (only(uow_factory, "old:").last_error or "")
        assert gateway.attempts == 0


class TestOutage:
    def test_a_gateway_down_for_a_while_then_up_delivers_everything_exactly_once(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, gateway: FakeSmsGateway
    ) -> None:
        crowd = [recipient(n) for n in range(12)]
        for person in crowd:
            queue(uow_factory, clock, to=person)
        gateway.fail_next(30)  # every row fails at least twice, some three times
        passes = 0
        while gateway.count < len(crowd):
            dispatch(uow_factory, gateway, clock)
            clock.advance(RETRY.max_delay)
            passes += 1
            assert passes < 10, "still not delivered"
        assert gateway.sent == {str(person.mobile): [ARABIC_DEBIT] for person in crowd}
        assert len(set(gateway.references)) == len(crowd)
        assert {row.status for row in deliveries(uow_factory(), "txn:")} == {DeliveryStatus.SENT}


class Crash(BaseException):
    """The process dying: not an error anything catches."""


class CrashAfterAccepting:
    """A gateway that accepts the message, then the process dies before the commit."""

    def __init__(self, inner: FakeSmsGateway) -> None:
        self.inner = inner

    def send(self, to_e164: str, text: str, *, reference: str) -> str:
        self.inner.send(to_e164, text, reference=reference)
        raise Crash


class TestAtLeastOnce:
    def test_a_crash_after_the_gateway_accepted_resends_with_the_same_reference(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, gateway: FakeSmsGateway
    ) -> None:
        queue(uow_factory, clock)
        with pytest.raises(Crash):
            dispatch(uow_factory, CrashAfterAccepting(gateway), clock)
        row = only(uow_factory)
        assert (row.status, row.attempts) == (DeliveryStatus.PENDING, 0)  # the claim rolled back
        dispatch(uow_factory, gateway, clock)
        # The documented window: sent twice, under one reference an SMSC adapter can dedupe by.
        assert gateway.references == [str(row.id), str(row.id)]
        assert only(uow_factory).status is DeliveryStatus.SENT


class TestAppChannel:
    def test_an_app_notification_becomes_one_citizen_event(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, gateway: FakeSmsGateway
    ) -> None:
        queue(uow_factory, clock, channels=[Channel.APP])
        assert dispatch(uow_factory, gateway, clock).sent == 1
        with uow_factory() as uow:
            events = uow.citizen_events.after(AHMED.national_id, 0, 10)
        assert len(events) == 1
        event = events[0]
        assert (event.kind, event.outbox_id, event.created_at) == (
            "wallet_debit",
            only(uow_factory).id,
            clock.now(),
        )
        assert event.payload["text"] == {
            "ar": ARABIC_DEBIT,
            "en": "EGP 50.00 paid from your wallet at Al Amal Bakery. Balance EGP 1,250.50",
        }
        assert event.payload["params"]["amount"] == 5000  # type: ignore[index]
        assert gateway.count == 0
        assert only(uow_factory).provider_ref == f"event:{event.id}"

    def test_a_redelivered_row_does_not_repeat_the_event(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, gateway: FakeSmsGateway, engine: Engine
    ) -> None:
        queue(uow_factory, clock, channels=[Channel.APP])
        dispatch(uow_factory, gateway, clock)
        with engine.begin() as connection:  # as if the mark had been lost after the event was written
            connection.execute(update(outbox).values(status="pending"))
        assert dispatch(uow_factory, gateway, clock).sent == 1
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM citizen_events")).scalar_one() == 1

    def test_sms_and_app_each_deliver_once(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, gateway: FakeSmsGateway
    ) -> None:
        queue(uow_factory, clock, channels=None, template=TemplateId.ENTITLEMENT_CREDITED)
        for _ in range(3):
            dispatch_due(uow_factory, gateway, clock)
        with uow_factory() as uow:
            assert len(uow.citizen_events.after(AHMED.national_id, 0, 10)) == 1
        assert gateway.sent == {
            AHMED_MOBILE: ["مقررات نوفمبر ٢٠٢٦: رصيد تموين ١٧٥٫٠٠ ج.م.، وعدد الأرغفة يوميًا ٢٥"]
        }
