"""A notification on its way to a citizen: one channel, one recipient, one outbox row.

A business transaction queues one notification per channel, each under its own dedupe key
(the caller's key and the channel: ``txn:<id>:wallet_debit:sms``). The key is unique in the
outbox, so a retried transaction queues nothing twice.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from unicard.domain.notifications.catalog import template as template_named
from unicard.domain.notifications.params import Stored
from unicard.domain.notifications.templates import Channel
from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.mobile import MobileNumber
from unicard.domain.shared.money import Language

DEDUPE_KEY_MAX = 96  # the outbox column's width
_KEY = re.compile(r"^[A-Za-z0-9_.:/-]+$")
_NATIONAL_ID = re.compile(r"^\d{14}$")


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for its first or next attempt
    SENT = "sent"  # accepted by the SMS gateway, or written to the citizen's event stream
    FAILED = "failed"  # refused for good, or out of attempts


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who hears of it: by national ID in the app, and by SMS if a mobile is registered."""

    national_id: str
    mobile: str | None = None  # E.164, as the registry keeps it


@dataclass(frozen=True, slots=True)
class Notification:
    channel: Channel
    recipient: str  # E.164 for SMS, national ID for the app
    template: str
    params: Mapping[str, Stored]
    language: Language
    dedupe_key: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Delivery:
    """An outbox row: the notification and how its delivery stands."""

    id: int
    notification: Notification
    status: DeliveryStatus
    attempts: int
    next_attempt_at: dt.datetime
    sent_at: dt.datetime | None = None
    provider_ref: str | None = None
    last_error: str | None = None


@dataclass(frozen=True, slots=True)
class CitizenEvent:
    """What the citizen's app shows; ``outbox_id`` is unique, so a redelivery cannot repeat it."""

    national_id: str
    kind: str
    payload: Mapping[str, object]
    created_at: dt.datetime
    outbox_id: int | None = None
    id: int | None = field(default=None, compare=False)


def compose(
    template_id: str,
    to: Recipient,
    values: Mapping[str, object],
    *,
    dedupe_key: str,
    at: dt.datetime,
    language: Language = "ar",
    channels: Iterable[Channel] | None = None,
) -> tuple[Notification, ...]:
    """The notifications to queue: one per channel the template (or the caller) names and that
    ``to`` can be reached on. Without a mobile there is no SMS, only the app event."""
    chosen = _template_channels(template_id, channels)
    params = template_named(template_id).encode(values)
    _check_key(dedupe_key)
    national_id = _national_id(to.national_id)
    addresses = {Channel.APP: national_id, Channel.SMS: _e164(to.mobile)}
    return tuple(
        Notification(channel, address, template_id, params, language, f"{dedupe_key}:{channel}", at)
        for channel in chosen
        if (address := addresses[channel]) is not None
    )


def _template_channels(template_id: str, channels: Iterable[Channel] | None) -> tuple[Channel, ...]:
    offered = template_named(template_id).channels
    if channels is None:
        return offered
    asked = tuple(dict.fromkeys(channels))
    refused = [channel for channel in asked if channel not in offered]
    if refused or not asked:
        raise InvalidValue("notification.channel", field="channels", value=", ".join(map(str, refused)))
    return asked


def _check_key(key: str) -> None:
    # The widest channel suffix (":sms", ":app") must still fit the column.
    if not _KEY.match(key) or len(key) + 4 > DEDUPE_KEY_MAX:
        raise InvalidValue("notification.dedupe_key", field="dedupe_key", value=key, max=DEDUPE_KEY_MAX - 4)


def _national_id(value: str) -> str:
    if not _NATIONAL_ID.match(value):
        raise InvalidValue("notification.recipient", field="national_id", value=value)
    return value


def _e164(mobile: str | None) -> str | None:
    return MobileNumber.parse(mobile).e164 if mobile else None
