"""``rollout announce``: tell every cardholder once that a service has switched on where they live.

Idempotent and cheap to repeat, so it can run daily (cron, or the worker): for each schedule
entry whose day has come, the notices are queued set-wise into the outbox under per-citizen
dedupe keys; citizens already told are skipped by the database. A citizen who collects a card
after the switch-on is told on the next run. The dispatcher then sends the SMS (Arabic) and
writes the in-app event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from unicard.domain.notifications import Bilingual, TemplateId
from unicard.domain.notifications.catalog import template
from unicard.domain.rollout import SERVICE_NAMES, RolloutEntry
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.governorates import GOVERNORATES
from unicard.services import audit_trail
from unicard.services.ports import Clock
from unicard.services.rollout.ports import Queued, SwitchOnNotices
from unicard.services.rollout.schedule import RolloutUnitOfWork


class AnnounceUnitOfWork(RolloutUnitOfWork, Protocol):
    @property
    def switch_on_notices(self) -> SwitchOnNotices: ...


@dataclass(frozen=True, slots=True)
class Announced:
    entry: RolloutEntry
    queued: Queued


@dataclass(frozen=True, slots=True)
class AnnounceReport:
    announced: Sequence[Announced]

    @property
    def sms(self) -> int:
        return sum(item.queued.sms for item in self.announced)

    @property
    def app(self) -> int:
        return sum(item.queued.app for item in self.announced)


def announce_rollouts(uow: AnnounceUnitOfWork, clock: Clock, *, actor: str) -> AnnounceReport:
    """Queue the switch-on notices not sent yet, for every service whose day has come (Cairo).

    One transaction: a failure queues nothing. One audit record when anything was queued.
    """
    now = clock.now()
    today = cairo_date(now)
    spec = template(TemplateId.SERVICE_SWITCHED_ON)
    announced = []
    with uow:
        for entry in uow.rollout.schedule():
            if not entry.started(today):
                continue
            service_ar, service_en = SERVICE_NAMES[entry.service]
            place = GOVERNORATES[entry.governorate]
            params = spec.encode(
                {
                    "service": Bilingual(service_ar, service_en),
                    "governorate": Bilingual(place.name_ar, place.name_en),
                }
            )
            queued = uow.switch_on_notices.queue(entry, spec.id, params, at=now)
            announced.append(Announced(entry, queued))
        report = AnnounceReport(announced)
        if report.sms or report.app:
            audit_trail.record(
                uow,
                actor=actor,
                action="rollout.announce",
                subject="rollout",
                at=now,
                details={
                    f"{item.entry.governorate}:{item.entry.service.value}": [item.queued.sms, item.queued.app]
                    for item in announced
                    if item.queued.sms or item.queued.app
                },
            )
        uow.commit()
    return report
