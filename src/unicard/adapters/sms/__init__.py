"""SMS gateways, one module each, chosen by ``UNICARD_SMS_GATEWAY``.

Adding one (the SMPP adapter of the cards issue) is a module beside ``console`` that implements
:class:`unicard.services.notifications.SmsGateway`, a name in ``Settings.sms_gateway``'s
``Literal``, and a line in :func:`sms_gateway_from`.
"""

from __future__ import annotations

from unicard.adapters.sms.console import ConsoleSmsGateway
from unicard.config import Settings
from unicard.services.notifications import SmsGateway


def sms_gateway_from(settings: Settings) -> SmsGateway:
    """The gateway the settings name (the whole settings: an SMPP adapter needs its host, login…)."""
    if settings.sms_gateway == "console":
        return ConsoleSmsGateway()
    raise ValueError(f"no SMS gateway named {settings.sms_gateway!r}")
