"""What delivering notifications needs from the outside: the outbox, an SMS gateway, the
citizens' event stream.

The cut between the outbox and the gateway is the point of the design: a business transaction
only writes a row (in its own database transaction, so a rollback leaves no ghost SMS), and the
dispatcher alone talks to the network, after the commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Protocol

from unicard.domain.notifications import CitizenEvent, Delivery, DeliveryStatus, Notification


class SmsFailure(Exception):
    """The gateway did not take the message. Adapters raise one of the two kinds below, mapping
    their library's errors (an SMPP status, a socket error) in one place."""


class SmsTemporaryFailure(SmsFailure):
    """Try again later: the gateway is down, busy or throttling (SMPP ``ESME_RTHROTTLED``)."""


class SmsPermanentFailure(SmsFailure):
    """Trying again cannot help: the number or the text is refused (SMPP ``ESME_RINVDSTADR``)."""


class SmsGateway(Protocol):
    def send(self, to_e164: str, text: str, *, reference: str) -> str:
        """Hand ``text`` to the network for ``to_e164``; returns the provider's message id.

        Raises :class:`SmsTemporaryFailure` or :class:`SmsPermanentFailure`.

        Delivery is at least once: if the process dies after the gateway accepted a message but
        before the outbox row is marked sent, the row is sent again, with the same
        ``reference`` (the outbox id). An adapter whose provider can deduplicate by a client
        reference should pass it on (SMPP: ``user_message_reference``, or a reference → message
        id map kept across reconnects); one that cannot will, in that rare window, send twice.
        Long texts are the adapter's to split (:func:`unicard.domain.notifications.split`).
        """
        ...


class Outbox(Protocol):
    """Notifications waiting to go out, written in the same transaction as what they report."""

    def add(self, notification: Notification) -> bool:
        """Queue it in the caller's transaction; False (and nothing written) if its dedupe key
        is already queued — a retried business transaction queues nothing twice."""
        ...

    def claim_next(self, now: dt.datetime) -> Delivery | None:
        """The oldest pending row due by ``now``, locked for this transaction; rows another
        dispatcher holds are skipped, not waited for."""
        ...

    def mark_sent(self, delivery_id: int, *, at: dt.datetime, provider_ref: str | None) -> None: ...
    def reschedule(self, delivery_id: int, *, next_attempt_at: dt.datetime, error: str) -> None:
        """One more failed attempt; try again at ``next_attempt_at``."""
        ...

    def mark_failed(self, delivery_id: int, *, error: str) -> None:
        """One more failed attempt, and the last."""
        ...

    def get(self, delivery_id: int) -> Delivery | None: ...
    def find(self, dedupe_key_prefix: str) -> Sequence[Delivery]:
        """Rows whose dedupe key starts with the prefix (``txn:<id>:`` finds a transaction's)."""
        ...

    def counts(self) -> Mapping[DeliveryStatus, int]: ...


class CitizenEventSink(Protocol):
    def append(self, event: CitizenEvent) -> int | None:
        """Write the event; its id, or None if an event of the same outbox row is there already."""
        ...


class CitizenEvents(CitizenEventSink, Protocol):
    def after(self, national_id: str, after_id: int, limit: int) -> Sequence[CitizenEvent]:
        """The citizen's events with an id above ``after_id``, oldest first."""
        ...
