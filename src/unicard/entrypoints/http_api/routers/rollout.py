"""``/api/v1/rollout``: which card service starts in which governorate, and when (admins)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends

from unicard.domain.operators.operator import Operator, Role
from unicard.domain.shared.clock import cairo_date
from unicard.entrypoints.http_api.deps import ContainerDep
from unicard.entrypoints.http_api.schemas.rollout import RolloutEntryIn, RolloutEntryOut, RolloutScheduleOut
from unicard.entrypoints.http_api.security import requires
from unicard.services.rollout.schedule import rollout_schedule, set_rollout

router = APIRouter(prefix="/rollout", tags=["rollout"])

Admin = Annotated[Operator, Depends(requires(Role.ADMIN))]


@router.get("", summary="The rollout schedule", dependencies=[Depends(requires(Role.ADMIN))])
def get_schedule(container: ContainerDep) -> RolloutScheduleOut:
    today = cairo_date(container.clock.now())
    schedule = rollout_schedule(container.uow_factory.reading())
    return RolloutScheduleOut(items=[RolloutEntryOut.of(entry, today) for entry in schedule], today=today)


@router.put(
    "",
    summary="Schedule a service's start in a governorate",
    description=(
        "Adds the entry, or moves its date while that date is still ahead. A date that has "
        "already come is refused with 409 `rollout.date_passed` (transactions were decided by "
        "it); a new date before today with 422 `rollout.date_in_past`; an unknown governorate or "
        "service with 422 naming it. Every change is in the audit log."
    ),
)
def put_entry(
    actor: Admin,
    container: ContainerDep,
    body: Annotated[RolloutEntryIn, Body()],
) -> RolloutEntryOut:
    entry = set_rollout(
        container.uow_factory(),
        container.clock,
        actor=actor.username,
        governorate=body.governorate,
        service=body.service,
        starts_on=body.starts_on,
    )
    return RolloutEntryOut.of(entry, cairo_date(container.clock.now()))
