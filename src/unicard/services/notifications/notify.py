"""Queueing a notification, from inside the caller's business transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from unicard.domain.notifications import Channel, Notification, Recipient, compose
from unicard.domain.shared.money import Language
from unicard.services.ports import UnitOfWork


def notify(
    uow: UnitOfWork,
    *,
    template: str,
    to: Recipient,
    params: Mapping[str, object],
    dedupe_key: str,
    at: dt.datetime,
    language: Language = "ar",
    channels: Iterable[Channel] | None = None,
) -> tuple[Notification, ...]:
    """Queue ``template`` for ``to`` in ``uow``, which the caller has open and will commit.

    Nothing is sent here: the rows go out through the dispatcher once the caller commits, and
    vanish with a rollback. One row per channel (``dedupe_key`` + ``:sms`` / ``:app``); a key
    already queued is skipped, so a retried transaction notifies once. Returns what was newly
    queued. A wrong template id or param raises ``InvalidValue`` (a bug in the caller).
    """
    notifications = compose(
        template, to, params, dedupe_key=dedupe_key, at=at, language=language, channels=channels
    )
    return tuple(notification for notification in notifications if uow.outbox.add(notification))
