"""Notifications: templates as data, their rendering in Arabic and English, SMS segment counting,
and the delivery rules of the outbox (dedupe keys, statuses, retry back-off). Pure."""

from unicard.domain.notifications.catalog import TEMPLATES, TemplateId, template
from unicard.domain.notifications.notification import (
    CitizenEvent,
    Delivery,
    DeliveryStatus,
    Notification,
    Recipient,
    compose,
)
from unicard.domain.notifications.params import Bilingual, Param, ParamKind
from unicard.domain.notifications.retry import RetryPolicy
from unicard.domain.notifications.segments import SmsEncoding, SmsLength, measure, split
from unicard.domain.notifications.templates import Channel, Template

__all__ = [
    "TEMPLATES",
    "Bilingual",
    "Channel",
    "CitizenEvent",
    "Delivery",
    "DeliveryStatus",
    "Notification",
    "Param",
    "ParamKind",
    "Recipient",
    "RetryPolicy",
    "SmsEncoding",
    "SmsLength",
    "Template",
    "TemplateId",
    "compose",
    "measure",
    "split",
    "template",
]
