"""Delivering one claimed outbox row on its channel, and saying how it went."""

from __future__ import annotations

from dataclasses import dataclass

from unicard.domain.notifications import Channel, CitizenEvent, Delivery, Notification, template
from unicard.domain.shared.errors import DomainError
from unicard.services.notifications.ports import SmsGateway, SmsPermanentFailure, SmsTemporaryFailure
from unicard.services.ports import UnitOfWork

_ERROR_WIDTH = 500  # of last_error: enough to diagnose, bounded whatever a gateway says


@dataclass(frozen=True, slots=True)
class Outcome:
    accepted: bool
    provider_ref: str | None = None
    temporary: bool = False  # when not accepted: worth another attempt
    error: str | None = None

    @classmethod
    def refused(cls, error: str, *, temporary: bool) -> Outcome:
        return cls(False, temporary=temporary, error=error[:_ERROR_WIDTH])


def deliver(uow: UnitOfWork, gateway: SmsGateway, delivery: Delivery) -> Outcome:
    notification = delivery.notification
    try:
        if notification.channel is Channel.APP:
            return _to_app(uow, delivery.id, notification)
        return _by_sms(gateway, delivery.id, notification)
    except DomainError as error:
        # The row names a template or params this version cannot render: no retry will help.
        return Outcome.refused(f"{error.code}: {error}", temporary=False)


def _by_sms(gateway: SmsGateway, delivery_id: int, notification: Notification) -> Outcome:
    text = template(notification.template).render(notification.params, notification.language)
    try:
        provider_ref = gateway.send(notification.recipient, text, reference=str(delivery_id))
    except SmsPermanentFailure as error:
        return Outcome.refused(f"permanent: {error}", temporary=False)
    except SmsTemporaryFailure as error:
        return Outcome.refused(f"temporary: {error}", temporary=True)
    except Exception as error:
        # An adapter should map its library's errors to the two above; anything it missed is
        # retried (and recorded) rather than left to crash the dispatcher on every pass.
        return Outcome.refused(f"unexpected: {type(error).__name__}: {error}", temporary=True)
    return Outcome(accepted=True, provider_ref=provider_ref)


def _to_app(uow: UnitOfWork, delivery_id: int, notification: Notification) -> Outcome:
    chosen = template(notification.template)
    payload = {
        "template": notification.template,
        "params": dict(notification.params),
        "text": {language: chosen.render(notification.params, language) for language in ("ar", "en")},
    }
    event = CitizenEvent(
        national_id=notification.recipient,
        kind=notification.template,
        payload=payload,
        created_at=notification.created_at,
        outbox_id=delivery_id,
    )
    event_id = uow.citizen_events.append(event)
    return Outcome(accepted=True, provider_ref=None if event_id is None else f"event:{event_id}")
