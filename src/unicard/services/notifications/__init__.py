"""Notifications: queue them inside a business transaction (:func:`notify`), deliver them after
it commits (:func:`dispatch_due`), read what was sent. Ports in :mod:`.ports`."""

from unicard.services.notifications.dispatch import DispatchReport, dispatch_due
from unicard.services.notifications.notify import notify
from unicard.services.notifications.ports import (
    CitizenEvents,
    CitizenEventSink,
    Outbox,
    SmsFailure,
    SmsGateway,
    SmsPermanentFailure,
    SmsTemporaryFailure,
)
from unicard.services.notifications.queries import citizen_events, deliveries, delivery_counts

__all__ = [
    "CitizenEventSink",
    "CitizenEvents",
    "DispatchReport",
    "Outbox",
    "SmsFailure",
    "SmsGateway",
    "SmsPermanentFailure",
    "SmsTemporaryFailure",
    "citizen_events",
    "deliveries",
    "delivery_counts",
    "dispatch_due",
    "notify",
]
