"""Whether an authenticated terminal may transact now: the status rules of terminal authentication.

The refusals share one class so that a channel can map them all at once (the terminal API to
HTTP 401, the ISO 8583 listener to response 58); the ``code`` says which rule refused.
"""

from __future__ import annotations

from unicard.domain.merchants.merchant import Merchant, MerchantStatus
from unicard.domain.merchants.terminal import Terminal, TerminalStatus
from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.shared.errors import DomainError

#: Unknown terminal or wrong secret: one code, so that a caller cannot probe which ids exist.
BAD_CREDENTIALS = "terminal.bad_credentials"


class TerminalRefused(DomainError):
    """A terminal may not send requests. Codes: ``terminal.bad_credentials``,
    ``terminal.suspended``, ``terminal.retired``, ``terminal.merchant_suspended``,
    ``terminal.merchant_closed``."""

    #: What an ISO 8583 answer says: "58 transaction not permitted to terminal".
    response = ResponseCode.NOT_PERMITTED_TO_TERMINAL


def check_may_transact(terminal: Terminal, merchant: Merchant) -> None:
    """Refuse a suspended or retired terminal, or one of a suspended or closed merchant.

    Call only once the secret is verified: the statuses are told to holders of the secret only.
    """
    if terminal.status is TerminalStatus.RETIRED:
        raise TerminalRefused("terminal.retired", terminal_id=terminal.id)
    if terminal.status is TerminalStatus.SUSPENDED:
        raise TerminalRefused("terminal.suspended", terminal_id=terminal.id)
    if merchant.status is MerchantStatus.CLOSED:
        raise TerminalRefused("terminal.merchant_closed", terminal_id=terminal.id, merchant_id=merchant.id)
    if merchant.status is MerchantStatus.SUSPENDED:
        raise TerminalRefused("terminal.merchant_suspended", terminal_id=terminal.id, merchant_id=merchant.id)
