"""Card production batches: produce the cards a governorate's post office will hand out, send
the batch on its way, and tell each holder to come when it arrives.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from unicard.domain.cards.card import CardStatus
from unicard.domain.cards.pickup import PickupWindow
from unicard.domain.cards.production import (
    BatchStatus,
    CardBatch,
    CardSpec,
    check_bin,
    check_limit,
    expiry,
    pan_for,
)
from unicard.domain.merchants import MerchantKind
from unicard.domain.merchants.merchant import Merchant, parse_governorate
from unicard.domain.notifications import Bilingual, TemplateId
from unicard.domain.notifications.catalog import template
from unicard.domain.operators.operator import Operator
from unicard.domain.payments.types import CardService
from unicard.domain.registry.citizen import ADULT_AGE
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.errors import Conflict, Forbidden, InvalidValue, NotFound
from unicard.services import audit_trail
from unicard.services.cards.ports import CardIssuanceUnitOfWork, Holder, NewBatch, PersonalisationBureau
from unicard.services.ports import Clock


@dataclass(frozen=True, slots=True)
class CardProduction:
    """How new cards are made (from settings): the issuer BIN, their life, the services on them,
    and how long the pickup window a notice names stays open."""

    bin: str = "507803"
    validity_years: int = 5
    services: frozenset[CardService] = frozenset(CardService)
    pickup_days: int = 30


@dataclass(frozen=True, slots=True)
class BatchArrival:
    batch: CardBatch
    notified: int  # cards whose holders were told to come


def produce_batch(
    uow: CardIssuanceUnitOfWork,
    clock: Clock,
    bureau: PersonalisationBureau,
    production: CardProduction,
    actor: Operator,
    *,
    governorate: str,
    office_id: str,
    limit: int | None = None,
) -> CardBatch:
    """Cards (status produced) for the living adults of ``governorate`` with a registered mobile
    and no live card, to be collected at post office ``office_id``; at most ``limit`` of them.

    Each gets a new PAN (BIN, next account number, Luhn digit), a PAN sequence number (how many
    cards the citizen had before), the expiry and the service flags. The PANs go to ``bureau``
    once the batch is committed; the database keeps only their keyed hashes.
    """
    governorate = parse_governorate(governorate)
    check_limit(limit)
    check_bin(production.bin)
    now = clock.now()
    today = cairo_date(now)
    with uow:
        office = _post_office(uow, office_id, governorate)
        _check_scope(actor, governorate)
        first = uow.card_batches.lock_sequence(production.bin)  # before choosing holders
        holders = uow.card_batches.holders_without_card(governorate, _born_by(today), limit)
        if not holders:
            raise Conflict("batch.nobody", governorate=governorate)
        uow.card_batches.advance_sequence(production.bin, first + len(holders))
        specs = [_spec(production, holder, first + index, today) for index, holder in enumerate(holders)]
        batch_id = uow.card_batches.add_batch(
            NewBatch(governorate, office.id, len(specs), actor.username, now)
        )
        uow.card_batches.add_cards(batch_id, specs, now)
        _audit(uow, actor, "card_batch.produce", batch_id, now, office=office.id, cards=len(specs))
        batch = _batch(uow, batch_id)
        uow.commit()
    bureau.personalise(batch_id, specs)
    return batch


def produce_replacement(
    uow: CardIssuanceUnitOfWork,
    clock: Clock,
    bureau: PersonalisationBureau,
    production: CardProduction,
    actor: Operator,
    *,
    token: str,
    office_id: str | None = None,
) -> CardBatch:
    """A one-card batch replacing blocked card ``token`` for the same citizen: a new PAN, token and
    PSN, picked up the same way (at ``office_id``, by default the office of the old card). The
    old card becomes ``replaced``; accounts and entitlements belong to the citizen and household,
    so nothing moves."""
    now = clock.now()
    today = cairo_date(now)
    with uow:
        first = uow.card_batches.lock_sequence(production.bin)  # before reading the old card
        old = uow.card_batches.card(token)
        if old is None:
            raise NotFound("batch.card_not_found", token=token)
        if old.status is not CardStatus.BLOCKED:
            raise Conflict("batch.replace_not_blocked", last4=old.last4, status=old.status.value)
        citizen = uow.citizens.get(old.citizen_national_id)
        if citizen is None:  # a card always has its citizen (foreign key)
            raise NotFound("citizen.not_found", national_id=old.citizen_national_id)
        governorate = citizen.residence_governorate
        _check_scope(actor, governorate)
        issued = uow.card_batches.issuance(token)
        chosen = office_id or (issued.office_id if issued else None)
        if chosen is None:
            raise InvalidValue("batch.office_missing", field="office_id")
        office = _post_office(uow, chosen, governorate)
        holder = Holder(
            old.citizen_national_id, citizen.name_ar, len(uow.cards.of_citizen(citizen.national_id.value))
        )
        uow.card_batches.advance_sequence(production.bin, first + 1)
        spec = _spec(production, holder, first, today)
        batch_id = uow.card_batches.add_batch(NewBatch(governorate, office.id, 1, actor.username, now))
        uow.card_batches.add_cards(batch_id, [spec], now, replaces=token)
        uow.card_batches.set_status(token, CardStatus.REPLACED, now)
        _audit(uow, actor, "card.replace", batch_id, now, office=office.id, replaces=token, card=spec.token)
        batch = _batch(uow, batch_id)
        uow.commit()
    bureau.personalise(batch_id, [spec])
    return batch


def dispatch_batch(uow: CardIssuanceUnitOfWork, clock: Clock, actor: Operator, batch_id: int) -> CardBatch:
    """The batch left the bureau for its post office."""
    now = clock.now()
    with uow:
        batch = _batch(uow, batch_id)
        _check_scope(actor, batch.governorate)
        batch.moved_to(BatchStatus.DISPATCHED)
        uow.card_batches.mark_dispatched(batch_id, now)
        _audit(uow, actor, "card_batch.dispatch", batch_id, now)
        moved = _batch(uow, batch_id)
        uow.commit()
    return moved


def batch_arrived(
    uow: CardIssuanceUnitOfWork, clock: Clock, production: CardProduction, actor: Operator, batch_id: int
) -> BatchArrival:
    """The post office has the batch: each holder gets the pickup notice (SMS and app, naming the
    office and the window; one per card, whatever is retried) and the cards become notified."""
    now = clock.now()
    with uow:
        batch = _batch(uow, batch_id)
        _check_scope(actor, batch.governorate)
        batch.moved_to(BatchStatus.AT_OFFICE)
        office = uow.merchants.get(batch.office_id)
        if office is None:  # a batch's office is a foreign key
            raise NotFound("merchant.not_found", merchant_id=batch.office_id)
        window = PickupWindow.starting(cairo_date(now), production.pickup_days)
        uow.card_batches.mark_arrived(batch_id, now, window.opens, window.closes)
        params = template(TemplateId.CARD_PICKUP).encode(
            {"office": Bilingual(office.name_ar, office.name_en), "window": window.text()}
        )
        notified = uow.card_batches.queue_pickup_notices(batch_id, TemplateId.CARD_PICKUP, params, now)
        _audit(uow, actor, "card_batch.arrive", batch_id, now, office=office.id, notified=notified)
        moved = _batch(uow, batch_id)
        uow.commit()
    return BatchArrival(moved, notified)


def get_batch(uow: CardIssuanceUnitOfWork, batch_id: int) -> CardBatch:
    with uow:
        return _batch(uow, batch_id)


def _batch(uow: CardIssuanceUnitOfWork, batch_id: int) -> CardBatch:
    batch = uow.card_batches.get(batch_id)
    if batch is None:
        raise NotFound("batch.not_found", batch=batch_id)
    return batch


def _post_office(uow: CardIssuanceUnitOfWork, office_id: str, governorate: str) -> Merchant:
    office = uow.merchants.get(office_id.strip())
    if office is None:
        raise NotFound("merchant.not_found", merchant_id=office_id)
    if office.kind is not MerchantKind.POST_COUNTER or not office.is_active:
        raise InvalidValue("batch.office_kind", field="office_id", merchant_id=office.id)
    if office.governorate != governorate:
        raise InvalidValue(
            "batch.office_governorate", field="office_id", merchant_id=office.id, governorate=governorate
        )
    return office


def _check_scope(actor: Operator, governorate: str) -> None:
    if not actor.covers(governorate):
        raise Forbidden("batch.governorate_scope", governorate=governorate)


def _born_by(today: dt.date) -> dt.date:
    """The latest birth date of an adult today (29 February counts as 28 in a common year)."""
    try:
        return today.replace(year=today.year - ADULT_AGE)
    except ValueError:
        return today.replace(year=today.year - ADULT_AGE, day=28)


def _spec(production: CardProduction, holder: Holder, account: int, today: dt.date) -> CardSpec:
    return CardSpec(
        token=secrets.token_hex(16),
        pan=pan_for(production.bin, account),
        sequence_number=holder.cards_had,
        expires_on=expiry(today, production.validity_years),
        services=production.services,
        national_id=holder.national_id,
        name_ar=holder.name_ar,
    )


def _audit(
    uow: CardIssuanceUnitOfWork,
    actor: Operator,
    action: str,
    batch_id: int,
    at: dt.datetime,
    **details: object,
) -> None:
    audit_trail.record(
        uow, actor=actor.username, action=action, subject=f"card_batch:{batch_id}", at=at, details=details
    )
