"""Notifications: refusals of a notification a use case tried to queue.

Each one reports a bug in the calling code (a template or param it got wrong), not anything a
citizen did, so they name the template and the params exactly.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "notification.unknown_template": (
        "لا يوجد قالب إشعار باسم {value}",
        "there is no notification template {value}",
    ),
    "notification.param_missing": (
        "القالب {template} يحتاج إلى القيم: {names}",
        "template {template} needs the params: {names}",
    ),
    "notification.param_unknown": (
        "القالب {template} لا يعرف القيم: {names}",
        "template {template} has no params named: {names}",
    ),
    "notification.param_type": (
        "القيمة {field} يجب أن تكون من نوع {kind}، ووصلت {value}",
        "param {field} must be of kind {kind}, got {value}",
    ),
    "notification.channel": (
        "لا يُرسل هذا القالب عبر القناة: {value}",
        "this template is not sent on the channel: {value}",
    ),
    "notification.dedupe_key": (
        "مفتاح منع التكرار {value} غير صالح: حروف لاتينية وأرقام و_.:/- فقط، وبحد أقصى {max} حرفًا",
        "dedupe key {value} is not usable: Latin letters, digits and _.:/- only, at most {max} characters",
    ),
    "notification.recipient": (
        "الرقم القومي للمستلم {value} يجب أن يتكون من ١٤ رقمًا",
        "the recipient's national ID {value} must be 14 digits",
    ),
}
