"""Which card a request presents: a unified card by its PAN, or a legacy ration card by its number."""

from __future__ import annotations

import datetime as dt

from unicard.domain.cards.card import Card
from unicard.domain.payments.bread import PayWith
from unicard.domain.payments.decisions import Declined
from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.payments.types import CardService
from unicard.services.payments.ports import CardholderVerifier
from unicard.services.payments.requests import AuthorizationRequest
from unicard.services.payments.unit_of_work import PaymentsUnitOfWork


def presented_card(
    uow: PaymentsUnitOfWork, verifier: CardholderVerifier, request: AuthorizationRequest, today: dt.date
) -> Card:
    """The checked card, or :class:`Declined`."""
    if request.legacy_card is not None:
        if request.pan:
            raise Declined(ResponseCode.FORMAT_ERROR, "legacy.two_credentials")
        return _legacy(uow, request, today)
    card = uow.cards.find_by_pan(request.pan) if request.pan else None
    if card is None:
        raise Declined(ResponseCode.INVALID_CARD_NUMBER, "card.unknown")
    card.check_usable_for(request.type, today=today, rollout=uow.rollout.schedule())
    verifier.verify(uow, card, request)
    return card


def _legacy(uow: PaymentsUnitOfWork, request: AuthorizationRequest, today: dt.date) -> Card:
    # The old card works whatever the schedule says (it is the old system); it carries no keys,
    # so there is no cryptogram or PIN for the verifier to check — as with the old terminals.
    number = request.legacy_card or ""
    legacy = uow.legacy_cards.find(number)
    if legacy is None:
        raise Declined(ResponseCode.INVALID_CARD_NUMBER, "legacy.unknown", last4=number[-4:])
    superseded = uow.rollout.schedule().started(
        legacy.governorate, CardService.SUPPLY, today
    ) and uow.legacy_cards.member_has_active_card_with(legacy.household_number, CardService.SUPPLY)
    legacy.check_usable_for(
        request.type,
        wallet_asked=request.pay_with is PayWith.WALLET or request.use_wallet,
        superseded=superseded,
    )
    return legacy.as_card()
