"""Operator access tokens: short-lived HS256 JWTs signed with the deployment's secret key.

The token only says who the bearer is; the HTTP layer reloads the operator from the database on
every request, so a disabled account or a withdrawn role takes effect at once, not at expiry.
Expiry is checked against the injected clock (not PyJWT's wall clock), like every other time.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

import jwt

from unicard.domain.operators.operator import Operator
from unicard.services.operators import AuthenticationFailed
from unicard.services.ports import Clock

ALGORITHM = "HS256"
_REQUIRED_CLAIMS = ("sub", "iat", "exp", "jti")


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: str
    expires_in: int  # seconds


@dataclass(frozen=True, slots=True)
class TokenClaims:
    subject: str  # the operator's username
    roles: tuple[str, ...]
    governorates: tuple[str, ...]
    issued_at: dt.datetime
    expires_at: dt.datetime
    token_id: str


class JwtTokens:
    def __init__(self, secret_key: str, ttl_seconds: int, clock: Clock) -> None:
        self._key = secret_key
        self._ttl = ttl_seconds
        self._clock = clock

    def issue(self, operator: Operator) -> IssuedToken:
        claims = {
            "sub": operator.username,
            "roles": sorted(operator.roles),
            "governorates": sorted(operator.governorates),
        }
        return sign(claims, self._key, self._ttl, self._clock)

    def read(self, token: str) -> TokenClaims:
        """The claims of a token this deployment signed; :class:`AuthenticationFailed` otherwise."""
        return verify(token, self._key, self._clock, _claims, required=_REQUIRED_CLAIMS)


class _Expiring(Protocol):
    @property
    def expires_at(self) -> dt.datetime: ...


_T = TypeVar("_T", bound=_Expiring)


def sign(claims: Mapping[str, object], key: str | bytes, ttl: int, clock: Clock) -> IssuedToken:
    """``claims`` signed with ``key``, issued now by ``clock``, expiring ``ttl`` seconds later."""
    issued = int(clock.now().timestamp())
    stamped = {**claims, "iat": issued, "exp": issued + ttl, "jti": uuid.uuid4().hex}
    return IssuedToken(jwt.encode(stamped, key, algorithm=ALGORITHM), ttl)


def verify(
    token: str,
    key: str | bytes,
    clock: Clock,
    parse: Callable[[dict[str, object]], _T],
    *,
    required: Sequence[str],
    audience: str | None = None,
) -> _T:
    """``parse`` of the claims of a token signed with ``key`` and not expired by ``clock``;
    :class:`AuthenticationFailed` otherwise."""
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],  # never "none", never an algorithm the token picks
            audience=audience,
            options={"require": list(required), "verify_exp": False, "verify_iat": False},
        )
        read = parse(claims)
    except (jwt.InvalidTokenError, TypeError, ValueError):
        raise AuthenticationFailed("auth.token_invalid") from None
    if read.expires_at <= clock.now():
        raise AuthenticationFailed("auth.token_expired")
    return read


def _claims(claims: dict[str, object]) -> TokenClaims:
    subject, token_id = claims["sub"], claims["jti"]
    if not isinstance(subject, str) or not isinstance(token_id, str):
        raise TypeError("sub and jti must be strings")
    return TokenClaims(
        subject=subject,
        roles=_strings(claims.get("roles", [])),
        governorates=_strings(claims.get("governorates", [])),
        issued_at=instant(claims["iat"]),
        expires_at=instant(claims["exp"]),
        token_id=token_id,
    )


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise TypeError("expected a list of strings")
    return tuple(value)


def instant(value: object) -> dt.datetime:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("expected a NumericDate")
    return dt.datetime.fromtimestamp(value, dt.UTC)
