"""The bad input "an SMS gateway that is down": through the outbox dispatcher and the SMPP
gateway, on each database, the row waits while the SMSC is away and goes out exactly once when
it is back."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine
from typer.testing import CliRunner

from tests.fakes import FixedClock
from tests.integration.notifications.conftest import AHMED_MOBILE, dispatch, queue
from tests.integration.sms.conftest import SECRET, TestSmsc, reassembled
from unicard.adapters.clock import SystemClock
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.adapters.sms.smpp import SmppSmsGateway
from unicard.domain.notifications import Bilingual, Delivery, DeliveryStatus, TemplateId
from unicard.entrypoints.cli.main import app
from unicard.services.notifications import deliveries

runner = CliRunner()

PICKUP = Bilingual(
    "بطاقتك الموحدة جاهزة. استلمها مجاناً من مكتب بريد بورسعيد الرئيسي من ٢٣ إلى ٣٠ نوفمبر، "
    "ومعك بطاقة الرقم القومي والموبايل المسجل باسمك.",
    "Your unified card is ready at Port Said main post office, 23-30 November.",
)


def queue_pickup(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    queue(uow_factory, clock, template=TemplateId.SERVICE_MESSAGE, params={"text": PICKUP})


def only(uow_factory: SqlUnitOfWorkFactory) -> Delivery:
    [row] = deliveries(uow_factory(), "txn:")
    return row


class TestSmscDown:
    def test_the_row_waits_and_goes_out_once_when_the_smsc_is_back(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, smsc: TestSmsc, gateway: SmppSmsGateway
    ) -> None:
        assert len(PICKUP.ar) > 70  # two UCS-2 parts
        queue_pickup(uow_factory, clock)

        report = dispatch(uow_factory, gateway, clock)  # no SMSC listening
        assert (report.sent, report.retrying, report.failed) == (0, 1, 0)
        row = only(uow_factory)
        assert (row.status, row.attempts) == (DeliveryStatus.PENDING, 1)
        assert row.last_error is not None
        assert row.last_error.startswith("temporary: cannot bind to SMSC")

        smsc.start()
        assert dispatch(uow_factory, gateway, clock).handled == 0  # not due before its back-off
        clock.advance(dt.timedelta(hours=1))
        assert dispatch(uow_factory, gateway, clock).sent == 1
        clock.advance(dt.timedelta(days=1))
        assert dispatch(uow_factory, gateway, clock).handled == 0

        parts = smsc.accepted()
        assert reassembled(parts) == PICKUP.ar
        assert {part["destination_addr"] for part in parts} == {AHMED_MOBILE.removeprefix("+")}
        row = only(uow_factory)
        assert (row.status, row.attempts) == (DeliveryStatus.SENT, 2)
        assert row.provider_ref == ",".join(str(part["message_id"]) for part in parts)

    def test_a_row_accepted_before_its_commit_was_lost_is_not_sent_twice(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, smsc: TestSmsc, gateway: SmppSmsGateway
    ) -> None:
        queue_pickup(uow_factory, clock)
        row = only(uow_factory)
        smsc.start()
        # A dispatcher hands the row to the SMSC and dies before marking it sent…
        first = gateway.send(AHMED_MOBILE, PICKUP.ar, reference=str(row.id))
        smsc.stop()  # …and the connection goes with it.
        smsc.start()
        assert dispatch(uow_factory, gateway, clock).sent == 1  # the row, still pending, again
        assert only(uow_factory).provider_ref == first
        assert len(smsc.accepted()) == 2  # the two parts, once


class TestWorkerCommand:
    def test_the_worker_sends_through_smpp_when_told(
        self, database_url: str, engine: Engine, uow_factory: SqlUnitOfWorkFactory, smsc: TestSmsc
    ) -> None:
        queue_pickup(uow_factory, FixedClock(SystemClock().now()))  # the command runs on the real clock
        smsc.start()
        env = {
            "UNICARD_DATABASE_URL": database_url,
            "UNICARD_SMS_GATEWAY": "console",  # the option wins
            "UNICARD_SMPP_PORT": str(smsc.port),
            "UNICARD_SMPP_SYSTEM_ID": "unicard",
            "UNICARD_SMPP_PASSWORD": SECRET,
        }
        result = runner.invoke(app, ["worker", "run", "--once", "--sms-gateway", "smpp"], env=env)
        assert result.exit_code == 0, result.output
        assert "sent 1, retrying 0, failed 0" in result.output
        assert "SMS to" not in result.output  # not the console gateway
        assert SECRET not in result.output
        assert reassembled(smsc.accepted()) == PICKUP.ar

    def test_smpp_without_a_login_is_a_configuration_error(self, database_url: str, engine: Engine) -> None:
        env = {"UNICARD_DATABASE_URL": database_url, "UNICARD_SMPP_SYSTEM_ID": ""}
        result = runner.invoke(app, ["worker", "run", "--once", "--sms-gateway", "smpp"], env=env)
        assert result.exit_code == 2
        assert "UNICARD_SMPP_SYSTEM_ID must be set" in result.output

    def test_the_setting_alone_selects_smpp(self, database_url: str, engine: Engine) -> None:
        env = {
            "UNICARD_DATABASE_URL": database_url,
            "UNICARD_SMS_GATEWAY": "smpp",
            "UNICARD_SMPP_SYSTEM_ID": "",
            "UNICARD_SMPP_PASSWORD": SECRET,
        }
        result = runner.invoke(app, ["worker", "status"], env=env)
        assert result.exit_code == 2
        assert "UNICARD_SMPP_SYSTEM_ID must be set" in result.output
        assert SECRET not in result.output
