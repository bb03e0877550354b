"""``/api/v1/pickup``: the post-office desk hands a card to its holder.

Find the card by national ID; check the person (national ID + registered mobile) and send a
one-time code; then, with the code, the fingerprint reference and the PIN, hand it over.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from unicard.domain.operators.operator import Operator, Role
from unicard.entrypoints.http_api.deps import ContainerDep, canonical_national_id
from unicard.entrypoints.http_api.schemas.cards import (
    CardOut,
    CodeSent,
    PickupCheck,
    PickupHandover,
    PickupOut,
    PinUnlock,
    PinUnlocked,
)
from unicard.entrypoints.http_api.security import requires
from unicard.services.cards import pickup as card_pickup

router = APIRouter(prefix="/pickup", tags=["cards"])

Clerk = Annotated[Operator, Depends(requires(Role.POST_CLERK))]


@router.get("/{national_id}", summary="The citizen's card waiting at the post office")
def find_card(actor: Clerk, container: ContainerDep, national_id: str) -> PickupOut:
    view = card_pickup.find_for_pickup(
        container.uow_factory.reading(), actor, canonical_national_id(national_id)
    )
    return PickupOut(
        token=view.token,
        last4=view.last4,
        national_id=view.national_id,
        status=view.status.value,
        office_id=view.office_id,
        batch_id=view.batch_id,
        batch_status=view.batch_status,
        ready=view.ready,
    )


@router.post(
    "/{national_id}/code", summary="Check the person and send a one-time code to the registered mobile"
)
def send_code(actor: Clerk, container: ContainerDep, national_id: str, body: PickupCheck) -> CodeSent:
    sent_to = card_pickup.send_pickup_code(
        container.uow_factory(),
        container.pickup_codes,
        actor,
        national_id=canonical_national_id(national_id),
        card_token=body.card_token,
        mobile=body.mobile,
    )
    return CodeSent(sent_to=sent_to)


@router.post(
    "/{national_id}/handover", summary="Verify the code, enrol fingerprint and PIN, activate the card"
)
def hand_over(actor: Clerk, container: ContainerDep, national_id: str, body: PickupHandover) -> CardOut:
    card = card_pickup.hand_over(
        container.uow_factory(),
        container.clock,
        container.pickup_codes,
        container.card_keys,
        actor,
        national_id=canonical_national_id(national_id),
        handover=card_pickup.Handover(
            body.card_token, body.mobile, body.code, body.fingerprint_ref, body.pin, body.pan
        ),
    )
    return CardOut(
        token=card.token,
        last4=card.last4,
        status=card.status.value,
        expires_on=card.expires_on,
        sequence_number=card.sequence_number,
    )


@router.post(
    "/{national_id}/pin-unlock",
    summary="Unlock the PIN of the holder's card after too many wrong tries (response 75)",
)
def unlock_pin(actor: Clerk, container: ContainerDep, national_id: str, body: PinUnlock) -> PinUnlocked:
    unlocked = card_pickup.unlock_pin(
        container.uow_factory(),
        container.clock,
        actor,
        national_id=canonical_national_id(national_id),
        pan=body.pan,
    )
    return PinUnlocked(unlocked=unlocked)
