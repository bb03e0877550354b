"""Read-only: a household's entitlements and history, a citizen's wallet and history.

Households: supply officers and admins. Wallets: post clerks, admins and auditors (national IDs
masked for auditors). Every read is scoped to the operator's governorates.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from unicard.domain.operators.operator import Operator, Role
from unicard.entrypoints.http_api.deps import ContainerDep, canonical_national_id
from unicard.entrypoints.http_api.masking import Disclosure
from unicard.entrypoints.http_api.schemas.accounts import EntitlementsOut, HistoryOut, StatementOut, WalletOut
from unicard.entrypoints.http_api.security import requires
from unicard.services.payments import queries

router = APIRouter(tags=["accounts"])

SupplyReader = Annotated[Operator, Depends(requires(Role.ADMIN, Role.SUPPLY_OFFICER))]
WalletReader = Annotated[Operator, Depends(requires(Role.ADMIN, Role.POST_CLERK, Role.AUDITOR))]
Before = Annotated[str | None, Query(description="Cursor: the next_before of the previous page.")]
After = Annotated[int | None, Query(description="Cursor: the next_after of the previous page.")]
Limit = Annotated[int, Query(ge=1, le=queries.MAX_PAGE, description="Transactions per page.")]


@router.get("/households/{number}/entitlements", summary="This month's bread, ration credit and points")
def household_entitlements(actor: SupplyReader, container: ContainerDep, number: str) -> EntitlementsOut:
    view = queries.household_entitlements(container.uow_factory.reading(), container.clock, actor, number)
    return EntitlementsOut.of(view)


@router.get("/households/{number}/transactions", summary="A household's transactions, newest first")
def household_transactions(
    actor: SupplyReader, container: ContainerDep, number: str, before: Before = None, limit: Limit = 20
) -> HistoryOut:
    page = queries.household_history(
        container.uow_factory.reading(), actor, number, before=before, limit=limit
    )
    return HistoryOut.of(page, Disclosure.for_viewer(actor))


@router.get("/citizens/{national_id}/wallet", summary="A citizen's wallet balance")
def citizen_wallet(actor: WalletReader, container: ContainerDep, national_id: str) -> WalletOut:
    nid = canonical_national_id(national_id)
    view = queries.citizen_wallet(container.uow_factory.reading(), container.clock, actor, nid)
    return WalletOut.of(view, Disclosure.for_viewer(actor))


@router.get(
    "/citizens/{national_id}/wallet/statement",
    summary="Every movement of a citizen's wallet, G2P credits included, oldest first",
)
def citizen_wallet_statement(
    actor: WalletReader, container: ContainerDep, national_id: str, after: After = None, limit: Limit = 20
) -> StatementOut:
    nid = canonical_national_id(national_id)
    page = queries.wallet_statement(container.uow_factory.reading(), actor, nid, after=after, limit=limit)
    return StatementOut.of(nid, page, Disclosure.for_viewer(actor))


@router.get("/citizens/{national_id}/transactions", summary="A citizen's transactions, newest first")
def citizen_transactions(
    actor: WalletReader, container: ContainerDep, national_id: str, before: Before = None, limit: Limit = 20
) -> HistoryOut:
    nid = canonical_national_id(national_id)
    page = queries.citizen_history(container.uow_factory.reading(), actor, nid, before=before, limit=limit)
    return HistoryOut.of(page, Disclosure.for_viewer(actor))
