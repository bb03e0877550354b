"""SMS gateways, one module each, chosen by ``UNICARD_SMS_GATEWAY``.

Adding one is a module beside ``console`` and ``smpp`` that implements
:class:`unicard.services.notifications.SmsGateway`, a name in ``Settings.sms_gateway``'s
``Literal``, and a line in :func:`sms_gateway_from`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from unicard.adapters.sms.console import ConsoleSmsGateway
from unicard.adapters.sms.smpp import SmppConfig, SmppSmsGateway
from unicard.config import Settings
from unicard.services.notifications import SmsGateway


def sms_gateway_from(settings: Settings) -> SmsGateway:
    """The gateway the settings name (the whole settings: the SMPP adapter needs its host, login…).
    An SMPP gateway holds a connection: prefer :func:`open_sms_gateway`, which closes it."""
    if settings.sms_gateway == "console":
        return ConsoleSmsGateway()
    if settings.sms_gateway == "smpp":
        return SmppSmsGateway(smpp_config_from(settings))
    raise ValueError(f"no SMS gateway named {settings.sms_gateway!r}")


@contextmanager
def open_sms_gateway(settings: Settings) -> Iterator[SmsGateway]:
    """The gateway for the length of a ``with`` block; an SMPP bind is unbound at its end."""
    gateway = sms_gateway_from(settings)
    try:
        yield gateway
    finally:
        if isinstance(gateway, SmppSmsGateway):
            gateway.close()


def smpp_config_from(settings: Settings) -> SmppConfig:
    settings.check_sms_gateway()
    return SmppConfig(
        host=settings.smpp_host,
        port=settings.smpp_port,
        system_id=settings.smpp_system_id,
        password=settings.smpp_password.get_secret_value(),
        source_addr=settings.smpp_source_addr,
        system_type=settings.smpp_system_type,
        timeout_seconds=settings.smpp_timeout_seconds,
        enquire_link_seconds=settings.smpp_enquire_link_seconds,
        throttle_retries=settings.smpp_throttle_retries,
        backoff_seconds=settings.smpp_backoff_seconds,
        backoff_max_seconds=settings.smpp_backoff_max_seconds,
    )
