"""``/api/v1/merchants`` and ``/api/v1/terminals``: register merchants, install terminals, rotate
secrets; ``PUT /api/v1/households/{number}/grocer`` assigns a household to its grocer.

The gates admit admins and supply officers to change, auditors too to read; the use cases then
hold supply officers to bakeries and grocers, and everyone to their governorates.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status

from unicard.adapters.security.terminal_secrets import HmacTerminalSecrets
from unicard.domain.merchants import MerchantKind, parse_governorate
from unicard.domain.operators.operator import Operator, Role
from unicard.entrypoints.http_api.deps import ContainerDep
from unicard.entrypoints.http_api.masking import Disclosure
from unicard.entrypoints.http_api.schemas.households import HouseholdOut
from unicard.entrypoints.http_api.schemas.merchants import (
    GrocerAssignment,
    IssuedTerminalOut,
    MerchantCreation,
    MerchantDetail,
    MerchantOut,
    MerchantPage,
    MerchantUpdate,
    SecretRotation,
    TerminalCreation,
    TerminalOut,
    TerminalUpdate,
)
from unicard.entrypoints.http_api.security import requires
from unicard.services import grocers, households, merchants, terminals
from unicard.services.merchant_ports import MerchantQuery

router = APIRouter(tags=["merchants"])

Reader = Annotated[Operator, Depends(requires(Role.ADMIN, Role.SUPPLY_OFFICER, Role.AUDITOR))]
Manager = Annotated[Operator, Depends(requires(Role.ADMIN, Role.SUPPLY_OFFICER))]


def _secrets(container: ContainerDep) -> HmacTerminalSecrets:
    return HmacTerminalSecrets.from_secret_key(container.settings.secret_key)


Secrets = Annotated[HmacTerminalSecrets, Depends(_secrets)]


@router.post("/merchants", status_code=status.HTTP_201_CREATED, summary="Register a merchant")
def create_merchant(
    actor: Manager, container: ContainerDep, body: MerchantCreation, request: Request, response: Response
) -> MerchantDetail:
    merchant = merchants.create_merchant(
        container.uow_factory(), container.clock, actor, body.details(), body.reason
    )
    response.headers["Location"] = request.app.url_path_for("get_merchant", merchant_id=merchant.id)
    return _detail(container, actor, merchant.id)


@router.get("/merchants", summary="Merchants in the operator's governorates, by id")
def list_merchants(
    actor: Reader,
    container: ContainerDep,
    kind: Annotated[MerchantKind | None, Query()] = None,
    governorate: Annotated[str | None, Query(description="Two-digit code, e.g. 03.")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> MerchantPage:
    query = MerchantQuery(
        kinds=frozenset({kind}) if kind else None,
        governorates=frozenset({parse_governorate(governorate)}) if governorate else None,
        limit=limit,
        offset=offset,
    )
    found = merchants.list_merchants(container.uow_factory.reading(), actor, query)
    return MerchantPage(items=[MerchantOut.of(m) for m in found], limit=limit, offset=offset)


@router.get("/merchants/{merchant_id}", summary="A merchant with its terminals")
def get_merchant(actor: Reader, container: ContainerDep, merchant_id: str) -> MerchantDetail:
    return _detail(container, actor, merchant_id)


@router.patch("/merchants/{merchant_id}", summary="Rename, suspend, reactivate or close a merchant")
def update_merchant(
    actor: Manager, container: ContainerDep, merchant_id: str, body: MerchantUpdate
) -> MerchantDetail:
    merchant = merchants.update_merchant(
        container.uow_factory(), container.clock, actor, merchant_id, body.changes(), body.reason
    )
    return _detail(container, actor, merchant.id)


@router.post(
    "/merchants/{merchant_id}/terminals",
    status_code=status.HTTP_201_CREATED,
    summary="Install a terminal; its secret is in this answer and never again",
)
def add_terminal(
    actor: Manager,
    container: ContainerDep,
    secrets: Secrets,
    merchant_id: str,
    response: Response,
    body: TerminalCreation | None = None,
) -> IssuedTerminalOut:
    reason = body.reason if body else TerminalCreation().reason
    issued = terminals.add_terminal(
        container.uow_factory(), container.clock, secrets, actor, merchant_id, reason
    )
    response.headers["Cache-Control"] = "no-store"
    return IssuedTerminalOut.of(issued)


@router.post(
    "/terminals/{terminal_id}/rotate-secret",
    summary="Give a terminal a new secret; the old one stops working",
)
def rotate_terminal_secret(
    actor: Manager,
    container: ContainerDep,
    secrets: Secrets,
    terminal_id: str,
    body: SecretRotation,
    response: Response,
) -> IssuedTerminalOut:
    issued = terminals.rotate_terminal_secret(
        container.uow_factory(), container.clock, secrets, actor, terminal_id, body.reason
    )
    response.headers["Cache-Control"] = "no-store"
    return IssuedTerminalOut.of(issued)


@router.patch("/terminals/{terminal_id}", summary="Suspend, reactivate or retire a terminal")
def update_terminal(
    actor: Manager, container: ContainerDep, terminal_id: str, body: TerminalUpdate
) -> TerminalOut:
    terminal = terminals.set_terminal_status(
        container.uow_factory(), container.clock, actor, terminal_id, body.status, body.reason
    )
    return TerminalOut.of(terminal)


@router.put("/households/{number}/grocer", summary="Assign a household to its grocer")
def assign_grocer(
    actor: Manager, container: ContainerDep, number: str, body: GrocerAssignment
) -> HouseholdOut:
    grocers.assign_grocer(
        container.uow_factory(), container.clock, actor, number, body.grocer_id, body.reason
    )
    view = households.view_household(container.uow_factory.reading(), actor, number)
    return HouseholdOut.of(view, Disclosure.for_viewer(actor))


def _detail(container: ContainerDep, actor: Operator, merchant_id: str) -> MerchantDetail:
    return MerchantDetail.of_view(merchants.get_merchant(container.uow_factory.reading(), actor, merchant_id))
