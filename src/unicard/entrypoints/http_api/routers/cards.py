"""``/api/v1/card-batches`` and ``/api/v1/cards``: produce, dispatch and receive card batches;
block a lost card and produce its replacement."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, status

from unicard.domain.operators.operator import Operator, Role
from unicard.entrypoints.http_api.deps import ContainerDep
from unicard.entrypoints.http_api.schemas.cards import (
    ArrivalOut,
    BatchOut,
    BatchProduction,
    BlockedOut,
    CardBlock,
    Replacement,
)
from unicard.entrypoints.http_api.security import requires
from unicard.services.cards import batches as card_batches
from unicard.services.cards import blocking as card_blocking

router = APIRouter(tags=["cards"])

Admin = Annotated[Operator, Depends(requires(Role.ADMIN))]
Clerk = Annotated[Operator, Depends(requires(Role.POST_CLERK))]
_READERS = requires(Role.ADMIN, Role.POST_CLERK, Role.AUDITOR)
Blocker = Annotated[Operator, Depends(requires(Role.ADMIN, Role.POST_CLERK))]


@router.post("/card-batches", status_code=status.HTTP_201_CREATED, summary="Produce a batch of cards")
def produce_batch(actor: Admin, container: ContainerDep, body: BatchProduction) -> BatchOut:
    batch = card_batches.produce_batch(
        container.uow_factory(),
        container.clock,
        container.card_bureau,
        container.card_production,
        actor,
        governorate=body.governorate,
        office_id=body.office_id,
        limit=body.limit,
    )
    return BatchOut.of(batch)


@router.get(
    "/card-batches/{batch_id}", summary="A card batch and where it is", dependencies=[Depends(_READERS)]
)
def get_batch(container: ContainerDep, batch_id: int) -> BatchOut:
    return BatchOut.of(card_batches.get_batch(container.uow_factory.reading(), batch_id))


@router.post("/card-batches/{batch_id}/dispatched", summary="The batch left for its post office")
def dispatch_batch(actor: Admin, container: ContainerDep, batch_id: int) -> BatchOut:
    return BatchOut.of(card_batches.dispatch_batch(container.uow_factory(), container.clock, actor, batch_id))


@router.post(
    "/card-batches/{batch_id}/arrived",
    summary="The post office received the batch: each holder gets the pickup notice",
)
def batch_arrived(actor: Clerk, container: ContainerDep, batch_id: int) -> ArrivalOut:
    arrival = card_batches.batch_arrived(
        container.uow_factory(), container.clock, container.card_production, actor, batch_id
    )
    return ArrivalOut(**BatchOut.of(arrival.batch).model_dump(), notified=arrival.notified)


@router.post("/cards/{token}/block", summary="Block a lost or stolen card at once")
def block_card(actor: Blocker, container: ContainerDep, token: str, body: CardBlock) -> BlockedOut:
    blocked = card_blocking.block_by_clerk(
        container.uow_factory(), container.clock, actor, token, body.reason, body.note
    )
    return BlockedOut(token=blocked.token, last4=blocked.last4, status="blocked")


@router.post(
    "/cards/{token}/replacement",
    status_code=status.HTTP_201_CREATED,
    summary="Produce the replacement of a blocked card (a one-card batch)",
)
def replace_card(actor: Blocker, container: ContainerDep, token: str, body: Replacement) -> BatchOut:
    batch = card_batches.produce_replacement(
        container.uow_factory(),
        container.clock,
        container.card_bureau,
        container.card_production,
        actor,
        token=token,
        office_id=body.office_id,
    )
    return BatchOut.of(batch)
