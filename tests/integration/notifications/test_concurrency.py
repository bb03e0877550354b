"""Dispatchers side by side never send one row twice (SKIP LOCKED on PostgreSQL; SQLite takes turns)."""

from __future__ import annotations

import threading
import time

from tests.fakes import FakeSmsGateway, FixedClock
from tests.integration.notifications.conftest import dispatch, queue, recipient
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.domain.notifications import DeliveryStatus
from unicard.services.notifications import DispatchReport, delivery_counts

ROWS = 60


class SlowGateway(FakeSmsGateway):
    """A real SMSC takes a while to answer: long enough for the other dispatcher to come by."""

    def send(self, to_e164: str, text: str, *, reference: str) -> str:
        time.sleep(0.002)
        return super().send(to_e164, text, reference=reference)


def test_two_dispatchers_never_send_one_row_twice(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    for n in range(ROWS):
        queue(uow_factory, clock, to=recipient(n))
    gateway = SlowGateway()
    start = threading.Barrier(2)
    reports: list[DispatchReport] = []
    errors: list[BaseException] = []

    def dispatcher() -> None:
        start.wait()
        try:
            total = DispatchReport()
            while (report := dispatch(uow_factory, gateway, clock, batch=7)).handled:
                total += report
            reports.append(total)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=dispatcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(gateway.references) == sorted(set(gateway.references))
    assert gateway.count == ROWS == sum(report.sent for report in reports)
    assert delivery_counts(uow_factory())[DeliveryStatus.SENT] == ROWS
