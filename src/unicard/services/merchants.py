"""Use cases on merchants: register one, list them, look one up, rename, suspend or close it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from unicard.domain.merchants import (
    Merchant,
    MerchantKind,
    MerchantStatus,
    Terminal,
    merchant_id,
    parse_governorate,
)
from unicard.domain.operators.operator import ALL_GOVERNORATES, Operator
from unicard.domain.shared.errors import Conflict, Forbidden, NotFound
from unicard.services import audit_trail
from unicard.services.access import require_reason
from unicard.services.merchant_access import kinds_seen_by, require_manage, require_view
from unicard.services.merchant_ports import MerchantQuery
from unicard.services.payments.accounts import merchant_accounts
from unicard.services.ports import Clock, UnitOfWork
from unicard.services.terminal_auth import credentials_changed

#: Two clerks registering merchants of one kind and governorate at once may draw the same serial;
#: the loser draws again, this many times at most.
_ID_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class MerchantDetails:
    """A registration as a clerk or a file states it. No ``id``: the next serial is drawn."""

    kind: MerchantKind
    name_ar: str
    governorate: str
    name_en: str | None = None
    id: str | None = None


@dataclass(frozen=True, slots=True)
class MerchantChanges:
    name_ar: str | None = None
    name_en: str | None = None
    clear_name_en: bool = False
    status: MerchantStatus | None = None


@dataclass(frozen=True, slots=True)
class MerchantView:
    merchant: Merchant
    terminals: Sequence[Terminal]


def create_merchant(
    uow: UnitOfWork, clock: Clock, actor: Operator, details: MerchantDetails, reason: str = "new merchant"
) -> Merchant:
    now = clock.now()
    governorate = parse_governorate(details.governorate)
    require_manage(actor, details.kind, governorate)
    reason = require_reason(reason)
    with uow:
        merchant = _add(uow, details, governorate, now)
        _audit(uow, actor, "merchant.create", now, reason, None, merchant)
        uow.commit()
    return merchant


def list_merchants(uow: UnitOfWork, actor: Operator, query: MerchantQuery) -> Sequence[Merchant]:
    """The merchants the actor may see, narrowed by the query; asking for more is refused."""
    scoped = MerchantQuery(
        kinds=_kinds(actor, query.kinds),
        governorates=_governorates(actor, query.governorates),
        limit=max(1, min(query.limit, 200)),
        offset=max(0, query.offset),
    )
    with uow:
        return uow.merchants.search(scoped)


def get_merchant(uow: UnitOfWork, actor: Operator, merchant_id: str) -> MerchantView:
    with uow:
        merchant = require_merchant(uow, merchant_id)
        require_view(actor, merchant.kind, merchant.governorate)
        return MerchantView(merchant, uow.merchants.terminals_of(merchant.id))


def update_merchant(
    uow: UnitOfWork, clock: Clock, actor: Operator, merchant_id: str, changes: MerchantChanges, reason: str
) -> Merchant:
    now = clock.now()
    reason = require_reason(reason)
    with uow:
        before = require_merchant(uow, merchant_id)
        require_manage(actor, before.kind, before.governorate)
        after = before
        if changes.name_ar is not None or changes.name_en is not None or changes.clear_name_en:
            after = after.renamed(
                name_ar=changes.name_ar, name_en=changes.name_en, clear_name_en=changes.clear_name_en
            )
        if changes.status is not None:
            after = after.with_status(changes.status)
        if after == before:
            return before
        uow.merchants.update(before, after)
        _audit(uow, actor, "merchant.update", now, reason, before, after)
        uow.commit()
    credentials_changed(merchant_id=after.id)
    return after


def require_merchant(uow: UnitOfWork, raw_id: str) -> Merchant:
    merchant = uow.merchants.get(raw_id.strip().upper())
    if merchant is None:
        raise NotFound("merchant.not_found", merchant_id=raw_id)
    return merchant


def _add(uow: UnitOfWork, details: MerchantDetails, governorate: str, now: dt.datetime) -> Merchant:
    if details.id:
        merchant = _build(details, details.id, governorate)
        if uow.merchants.get(merchant.id) is not None:
            raise Conflict("merchant.duplicate", merchant_id=merchant.id)
        uow.merchants.add([merchant], now)
        open_merchant_accounts(uow, [merchant])
        return merchant
    for _ in range(_ID_ATTEMPTS):
        serial = uow.merchants.last_serial(details.kind, governorate) + 1
        merchant = _build(details, merchant_id(details.kind, governorate, serial), governorate)
        try:
            uow.merchants.add([merchant], now)
        except Conflict as error:
            if error.code != "merchant.duplicate":
                raise
            continue
        open_merchant_accounts(uow, [merchant])
        return merchant
    raise Conflict("merchant.busy", kind=details.kind.value, governorate=governorate)


def open_merchant_accounts(uow: UnitOfWork, merchants: Sequence[Merchant]) -> None:
    """A merchant trades from registration on: its accounts come with it, in its transaction."""
    uow.ledger.open_accounts(merchant_accounts((merchant.kind, merchant.id) for merchant in merchants))


def _build(details: MerchantDetails, id_: str, governorate: str) -> Merchant:
    return Merchant.create(
        id=id_, kind=details.kind, name_ar=details.name_ar, governorate=governorate, name_en=details.name_en
    )


def _kinds(actor: Operator, asked: frozenset[MerchantKind] | None) -> frozenset[MerchantKind]:
    allowed = kinds_seen_by(actor)
    if asked is None:
        return allowed
    refused = asked - allowed
    if refused:
        raise Forbidden("merchant.kind_forbidden", kind=", ".join(sorted(refused)), username=actor.username)
    return asked


def _governorates(actor: Operator, asked: frozenset[str] | None) -> frozenset[str] | None:
    if ALL_GOVERNORATES in actor.governorates:
        return asked
    if asked is None:
        return actor.governorates
    outside = asked - actor.governorates
    if outside:
        raise Forbidden(
            "operator.out_of_scope", governorate=", ".join(sorted(outside)), username=actor.username
        )
    return asked


def _audit(
    uow: UnitOfWork,
    actor: Operator,
    action: str,
    at: dt.datetime,
    reason: str,
    before: Merchant | None,
    after: Merchant,
) -> None:
    audit_trail.record_change(
        uow,
        actor=actor,
        action=action,
        subject=f"merchant:{after.id}",
        at=at,
        before=before,
        after=after,
        reason=reason,
    )
