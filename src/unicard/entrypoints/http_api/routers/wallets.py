"""``/api/v1/wallets``: a post clerk opens a citizen's personal wallet account at the counter."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status

from unicard.domain.operators.operator import Operator
from unicard.domain.shared.mobile import MobileNumber
from unicard.entrypoints.http_api.deps import ContainerDep, national_id_in
from unicard.entrypoints.http_api.masking import Disclosure
from unicard.entrypoints.http_api.schemas.wallets import WalletOpened, WalletOpeningRequest
from unicard.entrypoints.http_api.security import requires
from unicard.services import wallets

router = APIRouter(prefix="/wallets", tags=["accounts"])

Clerk = Annotated[Operator, Depends(requires(*wallets.COUNTER_ROLES))]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Open a citizen's personal wallet account (national ID + the registered mobile)",
)
def open_wallet(
    actor: Clerk, container: ContainerDep, body: WalletOpeningRequest, request: Request, response: Response
) -> WalletOpened:
    national_id = national_id_in(body.national_id, "national_id")
    mobile = MobileNumber.parse(body.mobile)
    opened = wallets.open_wallet(
        container.uow_factory(), container.clock, actor, national_id=national_id, mobile=mobile
    )
    response.headers["Location"] = request.app.url_path_for("citizen_wallet", national_id=national_id)
    return WalletOpened.of(opened, Disclosure.for_viewer(actor))
