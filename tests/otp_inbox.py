"""The test hook for one-time codes: read the code from its SMS in the outbox, as a phone would.

Nothing logs or returns a code; the SMS row (template ``one_time_code``, dedupe key
``otp:<id>:sms``) is the only place it exists until the dispatcher delivers it.
"""

from __future__ import annotations

from unicard.domain.notifications import TemplateId
from unicard.domain.shared.mobile import MobileNumber
from unicard.services.ports import UnitOfWorkFactory


def codes_sent_to(uow_factory: UnitOfWorkFactory, mobile: str) -> list[str]:
    """Every code texted to ``mobile`` (any form), oldest first, in ASCII digits."""
    e164 = MobileNumber.parse(mobile).e164
    with uow_factory() as uow:
        rows = uow.outbox.find("otp:")
    return [
        _ascii(row.notification.params["code"])
        for row in rows
        if row.notification.recipient == e164 and row.notification.template == TemplateId.ONE_TIME_CODE
    ]


def last_code_sent_to(uow_factory: UnitOfWorkFactory, mobile: str) -> str:
    codes = codes_sent_to(uow_factory, mobile)
    assert codes, f"no code was texted to {mobile}"
    return codes[-1]


def _ascii(stored: object) -> str:
    assert isinstance(stored, dict), stored
    return str(stored["en"])
