"""Who is calling, and may they: bearer tokens, operators reloaded per request, and role gates.

Every protected route takes exactly one :func:`requires` dependency. The gate remembers its
roles, so :func:`endpoints` can read them back from the app's routes: tests prove every other
role gets 403, and the OpenAPI document lists them as ``x-roles``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from unicard.domain.operators.operator import Operator, Role
from unicard.domain.shared.errors import Forbidden
from unicard.entrypoints.http_api.deps import get_container, get_tokens
from unicard.services.operators import AuthenticationFailed

_bearer = HTTPBearer(
    auto_error=False,  # a missing token is our own problem+json, not FastAPI's plain 403/401
    bearerFormat="JWT",
    description="An access token from POST /api/v1/auth/token.",
)


class RoleGate:
    """A dependency admitting operators with any of ``roles``; its result is the operator."""

    def __init__(self, roles: frozenset[Role]) -> None:
        self.roles = roles

    def __call__(
        self,
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> Operator:
        operator = _operator_of(request, credentials)
        if not operator.has_any_role(self.roles):
            raise Forbidden("auth.role_forbidden", allowed=", ".join(sorted(self.roles)))
        return operator


def requires(*roles: Role) -> RoleGate:
    if not roles:
        raise ValueError("a route admits at least one role; public routes take no gate")
    return RoleGate(frozenset(roles))


def _operator_of(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Operator:
    if credentials is None:
        raise AuthenticationFailed("auth.token_missing")
    claims = get_tokens(request).read(credentials.credentials)
    # Reloaded on every request: disabling an account or withdrawing a role works at once.
    with get_container(request).uow_factory.reading() as uow:
        operator = uow.operators.get(claims.subject)
    if operator is None or not operator.active:
        raise AuthenticationFailed("auth.operator_inactive")
    return operator


@dataclass(frozen=True, slots=True)
class Endpoint:
    method: str
    path: str  # the template, e.g. /api/v1/citizens/{national_id}
    roles: frozenset[Role] | None  # None: a public endpoint


def endpoints(app: FastAPI) -> list[Endpoint]:
    """Every API endpoint of ``app`` with the roles it admits, read back from its gates."""
    found: list[Endpoint] = []
    # FastAPI keeps included routers as a tree; iter_route_contexts walks it with full paths.
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, APIRoute):
            gates = _gates(route.dependant)
            # Two gates on one route: both must pass, so only roles in both are admitted.
            roles = frozenset.intersection(*(gate.roles for gate in gates)) if gates else None
            found.extend(
                Endpoint(method, str(route.path_format), roles) for method in sorted(route.methods or ())
            )
    return found


def _gates(dependant: Dependant) -> list[RoleGate]:
    found = [dependant.call] if isinstance(dependant.call, RoleGate) else []
    return found + [gate for child in dependant.dependencies for gate in _gates(child)]
