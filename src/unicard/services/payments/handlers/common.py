"""Lookups several handlers share."""

from __future__ import annotations

from unicard.domain.cards.card import Card
from unicard.domain.payments.decisions import Declined
from unicard.domain.payments.response_codes import ResponseCode
from unicard.services.payments.context import Context
from unicard.services.payments.ports import HouseholdFacts, PeriodRecord


def card_of(ctx: Context) -> Card:
    if ctx.card is None:
        raise Declined(ResponseCode.INVALID_CARD_NUMBER, "card.unknown")
    return ctx.card


def household_and_period(ctx: Context) -> tuple[HouseholdFacts, PeriodRecord]:
    """The cardholder's household and this month, locked: one draw at a time per family.

    The engine read both (and took the lock) while building the context."""
    card_of(ctx)
    household = ctx.household
    if household is None or household.status == "closed":
        raise Declined(ResponseCode.NOT_PERMITTED_TO_CARDHOLDER, "supply.no_household")
    period = ctx.period
    if period is None:  # the engine opens the month before it gets here
        raise Declined(ResponseCode.SYSTEM_MALFUNCTION, "supply.period_not_open")
    return household, period
