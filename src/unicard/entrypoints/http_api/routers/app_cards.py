"""``/api/v1/app/cards``: the signed-in citizen blocks a lost or stolen card of theirs at once."""

from __future__ import annotations

from fastapi import APIRouter

from unicard.entrypoints.http_api.citizen_auth import AppCitizen
from unicard.entrypoints.http_api.deps import ContainerDep
from unicard.entrypoints.http_api.schemas.cards import AppCardBlock, BlockedOut
from unicard.services.cards import blocking as card_blocking

router = APIRouter(prefix="/app/cards", tags=["citizen app"])


@router.post("/block", summary="Block my card (the one named, or every live card of mine)")
def block_my_card(citizen: AppCitizen, container: ContainerDep, body: AppCardBlock) -> list[BlockedOut]:
    blocked = card_blocking.block_by_citizen(
        container.uow_factory(), container.clock, citizen, body.card_token, body.reason
    )
    return [BlockedOut(token=card.token, last4=card.last4, status="blocked") for card in blocked]
