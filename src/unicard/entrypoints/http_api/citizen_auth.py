"""Who is calling the citizen app: a citizen bearer token (audience ``citizen``), reloaded per request.

``AppCitizen`` is the one dependency of every ``/api/v1/app/`` route that needs a signed-in
citizen; its value is the citizen's national ID. Operator tokens are refused here (another key,
another audience), and citizen tokens are refused by the operators' role gates the same way.
"""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from unicard.adapters.security.citizen_tokens import CitizenTokens
from unicard.entrypoints.http_api.deps import get_container
from unicard.services.app.session import signed_in_citizen
from unicard.services.operators import AuthenticationFailed

_bearer = HTTPBearer(
    scheme_name="CitizenBearer",
    auto_error=False,  # a missing token is our own problem+json, not FastAPI's plain 403/401
    bearerFormat="JWT",
    description="A citizen token from POST /api/v1/app/session (audience citizen).",
)


def get_citizen_tokens(request: Request) -> CitizenTokens:
    return cast("CitizenTokens", request.app.state.citizen_tokens)


class CitizenGate:
    """The dependency admitting a signed-in, living citizen; its result is the national ID."""

    def __call__(
        self,
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> str:
        if credentials is None:
            raise AuthenticationFailed("auth.token_missing")
        claims = get_citizen_tokens(request).read(credentials.credentials)
        return signed_in_citizen(get_container(request).uow_factory.reading, claims.national_id)


async def _citizen_tokens(request: Request) -> CitizenTokens:
    return get_citizen_tokens(request)  # async: no thread-pool hop (see deps.py)


citizen_gate = CitizenGate()

#: The authenticated citizen's national ID.
AppCitizen = Annotated[str, Depends(citizen_gate)]
CitizenTokensDep = Annotated[CitizenTokens, Depends(_citizen_tokens)]
