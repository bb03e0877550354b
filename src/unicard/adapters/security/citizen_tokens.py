"""Citizen app tokens: short-lived HS256 JWTs for the ``citizen`` audience.

Signed with a key of their own (derived from the deployment's secret for this purpose only)
and carrying ``aud: citizen``, so a citizen token is no operator token and an operator token
is no citizen token — each side's reader refuses the other's signature, and this one refuses
any other audience. Expiry is checked against the injected clock, like every other time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from unicard.adapters.security.tokens import IssuedToken, instant, sign, verify
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
        return sign({"sub": national_id, "aud": AUDIENCE}, self._key, self._ttl, self._clock)

    def read(self, token: str) -> CitizenClaims:
        """The claims of a citizen token this deployment signed; :class:`AuthenticationFailed` otherwise."""
        return verify(token, self._key, self._clock, _claims, required=_REQUIRED_CLAIMS, audience=AUDIENCE)


def _claims(claims: dict[str, object]) -> CitizenClaims:
    subject, token_id = claims["sub"], claims["jti"]
    if not isinstance(subject, str) or not isinstance(token_id, str):
        raise TypeError("sub and jti must be strings")
    return CitizenClaims(subject, instant(claims["iat"]), instant(claims["exp"]), token_id)
