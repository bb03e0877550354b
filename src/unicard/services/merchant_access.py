"""Who may see and manage which merchants: by role for the kind, by governorate for the place.

Supply offices run the bread and ration network (bakeries and grocers) of their governorates;
every other kind is the admin's. Auditors see every kind, read-only. The HTTP gates admit the
roles; these checks add what a gate cannot know before the merchant is read: its kind and place.
"""

from __future__ import annotations

from unicard.domain.merchants import MerchantKind
from unicard.domain.operators.operator import Operator, Role
from unicard.domain.shared.errors import Forbidden
from unicard.services.access import require_scope

EVERY_KIND = frozenset(MerchantKind)
SUPPLY_KINDS = frozenset({MerchantKind.BAKERY, MerchantKind.GROCER})


def kinds_managed_by(actor: Operator) -> frozenset[MerchantKind]:
    if Role.ADMIN in actor.roles:
        return EVERY_KIND
    return SUPPLY_KINDS if Role.SUPPLY_OFFICER in actor.roles else frozenset()


def kinds_seen_by(actor: Operator) -> frozenset[MerchantKind]:
    if Role.AUDITOR in actor.roles:
        return EVERY_KIND
    return kinds_managed_by(actor)


def require_manage(actor: Operator, kind: MerchantKind, governorate: str) -> None:
    _require(actor, kind, governorate, kinds_managed_by(actor))


def require_view(actor: Operator, kind: MerchantKind, governorate: str) -> None:
    _require(actor, kind, governorate, kinds_seen_by(actor))


def _require(actor: Operator, kind: MerchantKind, governorate: str, allowed: frozenset[MerchantKind]) -> None:
    if kind not in allowed:
        raise Forbidden("merchant.kind_forbidden", kind=kind.value, username=actor.username)
    require_scope(actor, governorate)
