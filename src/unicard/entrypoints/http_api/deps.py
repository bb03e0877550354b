"""What the routes get from the app: the container (wired once in ``create_app``) and the tokens."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, cast

from fastapi import Depends, Request

from unicard.adapters.security.tokens import JwtTokens
from unicard.bootstrap import Container
from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.national_id import NationalId


def get_container(request: Request) -> Container:
    return cast("Container", request.app.state.container)


def get_tokens(request: Request) -> JwtTokens:
    return cast("JwtTokens", request.app.state.tokens)


# FastAPI runs a plain ``def`` dependency in its thread pool: a hop there and back for every
# request, for what is an attribute lookup. So the dependencies themselves are ``async``.
async def _container(request: Request) -> Container:
    return get_container(request)


async def _tokens(request: Request) -> JwtTokens:
    return get_tokens(request)


ContainerDep = Annotated[Container, Depends(_container)]
TokensDep = Annotated[JwtTokens, Depends(_tokens)]


def canonical_national_id(raw: str) -> str:
    """A national ID from a URL in its stored form (Arabic digits, spaces, dashes allowed).

    A malformed one is refused here with the precise reason, rather than looked up and not found.
    """
    return NationalId.parse(raw).value


@contextmanager
def field_named(domain_field: str, request_field: str) -> Iterator[None]:
    """Problems the domain reports on ``domain_field`` name the request's ``request_field``.

    The domain names the value it checks (``deceased_on``); a client needs the field it sent
    (``date``, ``members.2.national_id``).
    """
    try:
        yield
    except InvalidValue as error:
        if error.params.get("field") != domain_field:
            raise
        raise InvalidValue(error.code, **{**error.params, "field": request_field}) from error


def national_id_in(raw: str, request_field: str) -> str:
    """:func:`canonical_national_id` of a body field, its problems naming that field."""
    with field_named("national_id", request_field):
        return canonical_national_id(raw)
