"""``/api/v1/citizens``: look up, search, register, update, record a death, history, move."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status

from unicard.bootstrap import Container
from unicard.domain.operators.operator import Operator, Role
from unicard.entrypoints.http_api.deps import ContainerDep, canonical_national_id, field_named
from unicard.entrypoints.http_api.masking import Disclosure
from unicard.entrypoints.http_api.schemas.citizens import (
    CitizenDetail,
    CitizenMove,
    CitizenOut,
    CitizenPage,
    CitizenRegistration,
    CitizenUpdate,
    CitizenVersionOut,
    DeathRecord,
)
from unicard.entrypoints.http_api.schemas.households import HouseholdMoveOut, HouseholdOut
from unicard.entrypoints.http_api.security import requires
from unicard.services import citizens, households
from unicard.services.ports import CitizenQuery

router = APIRouter(prefix="/citizens", tags=["citizens"])

Reader = Annotated[
    Operator,
    Depends(requires(Role.ADMIN, Role.SUPPLY_OFFICER, Role.POST_CLERK, Role.HEALTH_OFFICER, Role.AUDITOR)),
]
Searcher = Annotated[Operator, Depends(requires(Role.ADMIN, Role.SUPPLY_OFFICER, Role.POST_CLERK))]
HistoryReader = Annotated[Operator, Depends(requires(Role.ADMIN, Role.SUPPLY_OFFICER, Role.AUDITOR))]
Registrar = Annotated[Operator, Depends(requires(Role.ADMIN, Role.SUPPLY_OFFICER))]


@router.get("/{national_id}", summary="Look up a citizen by national ID")
def get_citizen(actor: Reader, container: ContainerDep, national_id: str) -> CitizenDetail:
    return _detail(container, actor, canonical_national_id(national_id))


@router.get("", summary="Search citizens in the operator's governorates")
def search_citizens(
    actor: Searcher,
    container: ContainerDep,
    name: Annotated[
        str | None, Query(description="Any part of the Arabic or Latin name, as a prefix.")
    ] = None,
    national_id: Annotated[str | None, Query(description="Exact national ID.")] = None,
    mobile: Annotated[str | None, Query(description="Registered mobile number.")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> CitizenPage:
    query = CitizenQuery(
        national_id=canonical_national_id(national_id) if national_id else None,
        mobile=mobile,
        name=name,
        limit=limit,
        offset=offset,
    )
    found = citizens.search_citizens(container.uow_factory.reading(), actor, query)
    disclosure = Disclosure.for_viewer(actor)
    items = [CitizenOut.of(citizen.snapshot(), disclosure) for citizen in found]
    return CitizenPage(items=items, limit=limit, offset=offset)


@router.post("", status_code=status.HTTP_201_CREATED, summary="Register a citizen")
def register_citizen(
    actor: Registrar, container: ContainerDep, body: CitizenRegistration, request: Request, response: Response
) -> CitizenDetail:
    citizen = citizens.register_citizen(
        container.uow_factory(), container.clock, actor, body.details(), body.reason
    )
    response.headers["Location"] = request.app.url_path_for(
        "get_citizen", national_id=citizen.national_id.value
    )
    return _detail(container, actor, citizen.national_id.value)


@router.patch("/{national_id}", summary="Change a citizen's record (a new version, with the reason)")
def update_citizen(
    actor: Registrar, container: ContainerDep, national_id: str, body: CitizenUpdate
) -> CitizenDetail:
    nid = canonical_national_id(national_id)
    citizens.update_citizen(container.uow_factory(), container.clock, actor, nid, body.changes(), body.reason)
    return _detail(container, actor, nid)


@router.post("/{national_id}/death", summary="Record a death; the citizen leaves their household")
def record_death(
    actor: Registrar, container: ContainerDep, national_id: str, body: DeathRecord
) -> CitizenDetail:
    nid = canonical_national_id(national_id)
    with field_named("deceased_on", "date"):
        citizens.mark_deceased(container.uow_factory(), container.clock, actor, nid, body.date, body.reason)
    return _detail(container, actor, nid)


@router.get("/{national_id}/history", summary="Every version of a citizen's record, oldest first")
def citizen_history(
    actor: HistoryReader, container: ContainerDep, national_id: str
) -> list[CitizenVersionOut]:
    versions = citizens.citizen_history(
        container.uow_factory.reading(), actor, canonical_national_id(national_id)
    )
    disclosure = Disclosure.for_viewer(actor)
    return [
        CitizenVersionOut(
            version=version.version,
            changed_by=version.note.actor,
            changed_at=version.note.at,
            reason=version.note.reason,
            record=CitizenOut.of(version.snapshot, disclosure),
        )
        for version in versions
    ]


@router.post("/{national_id}/move", summary="Move a citizen to another household in one step")
def move_citizen(
    actor: Registrar, container: ContainerDep, national_id: str, body: CitizenMove
) -> HouseholdMoveOut:
    nid = canonical_national_id(national_id)
    left, joined = households.move_member(
        container.uow_factory(), container.clock, actor, nid, body.to_household, body.relation, body.reason
    )
    disclosure = Disclosure.for_viewer(actor)
    return HouseholdMoveOut(
        left=HouseholdOut.of(
            households.view_household(container.uow_factory.reading(), actor, left.number), disclosure
        ),
        joined=HouseholdOut.of(
            households.view_household(container.uow_factory.reading(), actor, joined.number), disclosure
        ),
    )


def _detail(container: Container, actor: Operator, national_id: str) -> CitizenDetail:
    citizen, household = citizens.get_citizen(container.uow_factory.reading(), actor, national_id)
    return CitizenDetail.of(citizen.snapshot(), Disclosure.for_viewer(actor), household_number=household)
