"""Data-scope checks shared by the use cases: an operator acts only in their governorates."""

from __future__ import annotations

from unicard.domain.operators.operator import Operator
from unicard.domain.shared.errors import Forbidden, InvalidValue


def require_scope(actor: Operator, governorate: str) -> None:
    if not actor.covers(governorate):
        raise Forbidden("operator.out_of_scope", governorate=governorate, username=actor.username)


def require_reason(reason: str) -> str:
    """Every change to the registry says why; the reason is kept with the version."""
    cleaned = " ".join(reason.split())
    if not cleaned:
        raise InvalidValue("change.reason_missing", field="reason")
    return cleaned
