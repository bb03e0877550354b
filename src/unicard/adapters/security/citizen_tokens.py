"""Citizen app tokens: short-lived HS256 JWTs for the ``citizen`` audience.

Signed with a key of their own (derived from the deployment's secret for this purpose only)
and carrying ``aud: citizen``, so a citizen token is no operator token and an operator token
is no citizen token — each side's reader refuses the other's signature, and this one refuses
any other audience. Expiry is checked against the injected clock, like every other time.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import jwt

from unicard.adapters.security.tokens import ALGORITHM, IssuedToken
from unicard.services.operators import AuthenticationFailed
from unicard.services.ports import Clock

AUDIENCE = "citizen"
_REQUIRED_CLAIMS = ("sub", "aud", "iat", "exp", "jti")


@dataclass(frozen=True, slots=True)
class CitizenClaims:
    national_id: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    token_id: str


class CitizenTokens:
    def __init__(self, key: bytes, ttl_seconds: int, clock: Clock) -> None:
        self._key = key
        self._ttl = ttl_seconds
        self._clock = clock

    def issue(self, national_id: str) -> IssuedToken:
        issued = int(self._clock.now().timestamp())
        claims = {
            "sub": national_id,
            "aud": AUDIENCE,
            "iat": issued,
            "exp": issued + self._ttl,
            "jti": uuid.uuid4().hex,
        }
        return IssuedToken(jwt.encode(claims, self._key, algorithm=ALGORITHM), self._ttl)

    def read(self, token: str) -> CitizenClaims:
        """The claims of a citizen token this deployment signed; :class:`AuthenticationFailed` otherwise."""
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[ALGORITHM],
                audience=AUDIENCE,
                options={"require": list(_REQUIRED_CLAIMS), "verify_exp": False, "verify_iat": False},
            )
            read = _claims(claims)
        except (jwt.InvalidTokenError, TypeError, ValueError):
            raise AuthenticationFailed("auth.token_invalid") from None
        if read.expires_at <= self._clock.now():
            raise AuthenticationFailed("auth.token_expired")
        return read


def _claims(claims: dict[str, object]) -> CitizenClaims:
    subject, token_id = claims["sub"], claims["jti"]
    if not isinstance(subject, str) or not isinstance(token_id, str):
        raise TypeError("sub and jti must be strings")
    return CitizenClaims(subject, _instant(claims["iat"]), _instant(claims["exp"]), token_id)


def _instant(value: object) -> dt.datetime:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("expected a NumericDate")
    return dt.datetime.fromtimestamp(value, dt.UTC)
