"""``/api/v1/policies``: the benefit policy versions — read them, and (admins) add one."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query, status

from unicard.adapters.policy_files import policy_from_plain, policy_to_plain
from unicard.domain.operators.operator import Operator, Role
from unicard.domain.shared.clock import cairo_date
from unicard.entrypoints.http_api.deps import ContainerDep
from unicard.entrypoints.http_api.schemas.policies import PolicyDocument, PolicyVersionList, PolicyVersionOut
from unicard.entrypoints.http_api.security import requires
from unicard.services import policies

router = APIRouter(prefix="/policies", tags=["policies"])

_READERS = requires(Role.ADMIN, Role.SUPPLY_OFFICER, Role.HEALTH_OFFICER, Role.AUDITOR)
Admin = Annotated[Operator, Depends(requires(Role.ADMIN))]


@router.get("", summary="Every policy version, by effective date", dependencies=[Depends(_READERS)])
def list_versions(container: ContainerDep) -> PolicyVersionList:
    listing = policies.policy_listing(container.uow_factory.reading(), cairo_date(container.clock.now()))
    items = [PolicyVersionOut.of(r, in_force=r.version == listing.in_force) for r in listing.records]
    return PolicyVersionList(items=items, in_force=listing.in_force)


# Declared before /{version}, which would otherwise take "in-force" for a version id.
@router.get(
    "/in-force",
    summary="The version governing a business day (Africa/Cairo)",
    dependencies=[Depends(_READERS)],
)
def in_force(
    container: ContainerDep,
    on: Annotated[dt.date | None, Query(description="YYYY-MM-DD; today (Cairo) when absent.")] = None,
) -> PolicyDocument:
    day = on or cairo_date(container.clock.now())
    return policy_to_plain(policies.policy_in_force(container.uow_factory.reading(), day))


@router.get("/{version}", summary="One version as its JSON document", dependencies=[Depends(_READERS)])
def get_version(container: ContainerDep, version: str) -> PolicyDocument:
    return policy_to_plain(policies.policy_version(container.uow_factory.reading(), version))


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Add a policy version",
    description=(
        "The body is a whole version, as `GET /policies/{version}` returns one. A refused value "
        "is a 422 problem whose `field` is its key path (e.g. `bread.loaf_cost`). A version must "
        "start after today (Africa/Cairo): one dated today or earlier would change the rules of "
        "days already decided, and is refused with 409 `policy.retroactive` unless the request "
        "says `?retroactive=true` — which only an admin can send, since only admins may add a "
        "version. The audit log records who added it and whether it was retroactive."
    ),
)
def add_version(
    actor: Admin,
    container: ContainerDep,
    document: Annotated[PolicyDocument, Body(description="The version's JSON document.")],
    retroactive: Annotated[bool, Query(description="Allow an effective date of today or earlier.")] = False,
) -> PolicyVersionOut:
    record = policies.add_policy_version(
        container.uow_factory(),
        container.clock,
        actor=actor.username,
        policy=policy_from_plain(document),
        retroactive=retroactive,
    )
    # A retroactive version governs today only if no later one already does.
    listing = policies.policy_listing(container.uow_factory.reading(), cairo_date(container.clock.now()))
    return PolicyVersionOut.of(record, in_force=listing.in_force == record.version)
