"""A declined request, as the engine's rules say it: an ISO 8583 code and our own reason."""

from __future__ import annotations

from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.shared.errors import DomainError


class Declined(DomainError):
    """The request is answered, not approved. ``code`` is the reason (e.g. ``bread.daily_quota``);
    ``response`` the ISO 8583 code a terminal understands."""

    def __init__(self, response: ResponseCode, reason: str, /, **params: object) -> None:
        super().__init__(reason, **params)
        self.response = response
