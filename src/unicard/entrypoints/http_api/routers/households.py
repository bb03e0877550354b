"""``/api/v1/households``: create a ration-card family, view it, add and remove members, name the head."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status

from unicard.bootstrap import Container
from unicard.domain.operators.operator import Operator, Role
from unicard.entrypoints.http_api.deps import ContainerDep, canonical_national_id, national_id_in
from unicard.entrypoints.http_api.masking import Disclosure
from unicard.entrypoints.http_api.schemas.common import REASON
from unicard.entrypoints.http_api.schemas.households import (
    HeadChange,
    HouseholdCreation,
    HouseholdOut,
    MemberAddition,
)
from unicard.entrypoints.http_api.security import requires
from unicard.services import households

router = APIRouter(prefix="/households", tags=["households"])

Reader = Annotated[
    Operator, Depends(requires(Role.ADMIN, Role.SUPPLY_OFFICER, Role.POST_CLERK, Role.AUDITOR))
]
Registrar = Annotated[Operator, Depends(requires(Role.ADMIN, Role.SUPPLY_OFFICER))]


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create a household with its head and members")
def create_household(
    actor: Registrar, container: ContainerDep, body: HouseholdCreation, request: Request, response: Response
) -> HouseholdOut:
    household = households.create_household(
        container.uow_factory(),
        container.clock,
        actor,
        number=body.number,
        governorate=body.governorate,
        head=national_id_in(body.head, "head"),
        members=[
            (national_id_in(member.national_id, f"members.{index}.national_id"), member.relation)
            for index, member in enumerate(body.members)
        ],
        reason=body.reason,
    )
    response.headers["Location"] = request.app.url_path_for("get_household", number=household.number)
    return _view(container, actor, household.number)


@router.get("/{number}", summary="A household with its members")
def get_household(actor: Reader, container: ContainerDep, number: str) -> HouseholdOut:
    return _view(container, actor, number)


@router.post("/{number}/members", summary="Add a citizen to a household")
def add_member(actor: Registrar, container: ContainerDep, number: str, body: MemberAddition) -> HouseholdOut:
    nid = canonical_national_id(body.national_id)
    households.add_member(
        container.uow_factory(), container.clock, actor, number, nid, body.relation, body.reason
    )
    return _view(container, actor, number)


@router.delete("/{number}/members/{national_id}", summary="Remove a member from a household")
def remove_member(
    actor: Registrar,
    container: ContainerDep,
    number: str,
    national_id: str,
    reason: Annotated[str, Query(description=REASON.description)],
) -> HouseholdOut:
    nid = canonical_national_id(national_id)
    households.remove_member(container.uow_factory(), container.clock, actor, number, nid, reason)
    return _view(container, actor, number)


@router.put("/{number}/head", summary="Name a member as the head of the household")
def set_head(actor: Registrar, container: ContainerDep, number: str, body: HeadChange) -> HouseholdOut:
    households.set_head(
        container.uow_factory(),
        container.clock,
        actor,
        number,
        canonical_national_id(body.national_id),
        body.reason,
        body.former_head_relation,
    )
    return _view(container, actor, number)


def _view(container: Container, actor: Operator, number: str) -> HouseholdOut:
    view = households.view_household(container.uow_factory.reading(), actor, number)
    return HouseholdOut.of(view, Disclosure.for_viewer(actor))
