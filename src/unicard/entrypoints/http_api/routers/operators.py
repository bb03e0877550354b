"""``/api/v1/auth/token`` (sign in) and ``/api/v1/operators`` (who am I, create an operator)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, status

from unicard.domain.operators.operator import Operator, Role
from unicard.entrypoints.http_api.deps import ContainerDep, TokensDep
from unicard.entrypoints.http_api.schemas.operators import (
    AccessToken,
    Credentials,
    OperatorCreation,
    OperatorOut,
)
from unicard.entrypoints.http_api.security import requires
from unicard.services import operators

router = APIRouter(tags=["operators"])

AnyOperator = Annotated[Operator, Depends(requires(*Role))]
Admin = Annotated[Operator, Depends(requires(Role.ADMIN))]


@router.post("/auth/token", summary="Sign in: exchange a username and password for an access token")
def sign_in(container: ContainerDep, tokens: TokensDep, body: Credentials) -> AccessToken:
    operator = operators.authenticate(
        container.uow_factory(),
        container.clock,
        container.password_hasher,
        body.username,
        body.password.get_secret_value(),
    )
    issued = tokens.issue(operator)
    return AccessToken(access_token=issued.token, expires_in=issued.expires_in)


@router.get("/operators/me", summary="The signed-in operator")
def who_am_i(actor: AnyOperator) -> OperatorOut:
    return OperatorOut.of(actor)


@router.post("/operators", status_code=status.HTTP_201_CREATED, summary="Create an operator account")
def create_operator(actor: Admin, container: ContainerDep, body: OperatorCreation) -> OperatorOut:
    created = operators.create_operator(
        container.uow_factory(),
        container.clock,
        container.password_hasher,
        actor=actor.username,
        actor_governorates=actor.governorates,
        username=body.username,
        display_name=body.display_name,
        roles=frozenset(body.roles),
        governorates=frozenset(body.governorates),
        password=body.password.get_secret_value(),
    )
    return OperatorOut.of(created)
