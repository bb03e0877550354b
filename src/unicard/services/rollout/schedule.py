"""Reading and changing the rollout schedule (admins; every change audited)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from unicard.domain.rollout import RolloutEntry, RolloutSchedule, parse_rollout_governorate, parse_service
from unicard.domain.shared.clock import cairo_date
from unicard.services import audit_trail
from unicard.services.ports import Clock, UnitOfWork
from unicard.services.rollout.ports import RolloutStore


class RolloutUnitOfWork(UnitOfWork, Protocol):
    @property
    def rollout(self) -> RolloutStore: ...


def rollout_schedule(uow: RolloutUnitOfWork) -> RolloutSchedule:
    with uow:
        return uow.rollout.schedule()


def set_rollout(
    uow: RolloutUnitOfWork, clock: Clock, *, actor: str, governorate: str, service: str, starts_on: dt.date
) -> RolloutEntry:
    """Schedule ``service`` to start in ``governorate`` on ``starts_on`` (a Cairo day).

    Refused: an unknown governorate or service (``InvalidValue``), a date that has already come
    (``Conflict`` ``rollout.date_passed``: it governed transactions already), a new date before
    today (``rollout.date_in_past``). Setting the date it already has changes nothing.
    """
    wanted = RolloutEntry(parse_rollout_governorate(governorate), parse_service(service), starts_on)
    now = clock.now()
    with uow:
        schedule = uow.rollout.schedule()
        current = schedule.starts_on(wanted.governorate, wanted.service)
        schedule.check_change(wanted, today=cairo_date(now))
        if current == wanted.starts_on:
            return wanted
        uow.rollout.set(wanted, changed_by=actor, at=now)
        audit_trail.record(
            uow,
            actor=actor,
            action="rollout.set",
            subject=f"rollout:{wanted.governorate}:{wanted.service.value}",
            at=now,
            before={"starts_on": current.isoformat()} if current else None,
            after={"starts_on": wanted.starts_on.isoformat()},
            details={
                "governorate": wanted.governorate,
                "service": wanted.service.value,
                "starts_on": wanted.starts_on.isoformat(),
                "previous": current.isoformat() if current else None,
            },
        )
        uow.commit()
    return wanted
