"""The rollout schedule: governorate × card service × the first day the service works there.

A service with no entry for a governorate has not been announced there, so it is not rolled out:
the pilot starts in one governorate and reaches the others one announcement at a time (M12).
Days are Africa/Cairo business days; a service works from the first minute of its ``starts_on``.

A date that has come is history: moving it would rewrite which transactions were allowed, so it
is refused. A date still ahead may be moved, to any day from today on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from unicard.domain.payments.types import CardService
from unicard.domain.shared.errors import Conflict, InvalidValue
from unicard.domain.shared.governorates import RESIDENCE_CODES


def parse_rollout_governorate(raw: str) -> str:
    code = raw.strip()
    if code not in RESIDENCE_CODES:
        raise InvalidValue("rollout.unknown_governorate", field="governorate", value=raw)
    return code


def parse_service(raw: str) -> CardService:
    try:
        return CardService(raw.strip().lower())
    except ValueError:
        known = ", ".join(service.value for service in CardService)
        raise InvalidValue("rollout.unknown_service", field="service", value=raw, known=known) from None


@dataclass(frozen=True, slots=True)
class RolloutEntry:
    governorate: str
    service: CardService
    starts_on: dt.date

    def started(self, today: dt.date) -> bool:
        return self.starts_on <= today


@dataclass(frozen=True, slots=True)
class RolloutSchedule:
    """Every entry, keyed by (governorate, service). Small: 27 governorates × 3 services at most."""

    entries: Mapping[tuple[str, CardService], dt.date]

    @classmethod
    def of(cls, entries: Iterable[RolloutEntry]) -> RolloutSchedule:
        return cls({(entry.governorate, entry.service): entry.starts_on for entry in entries})

    def starts_on(self, governorate: str | None, service: CardService) -> dt.date | None:
        if governorate is None:
            return None
        return self.entries.get((governorate, service))

    def started(self, governorate: str | None, service: CardService, today: dt.date) -> bool:
        starts_on = self.starts_on(governorate, service)
        return starts_on is not None and starts_on <= today

    def __iter__(self) -> Iterator[RolloutEntry]:
        for (governorate, service), starts_on in sorted(self.entries.items()):
            yield RolloutEntry(governorate, service, starts_on)

    def __len__(self) -> int:
        return len(self.entries)

    def check_change(self, wanted: RolloutEntry, *, today: dt.date) -> None:
        """Refuse a change that would rewrite the past: a date already come, or a new one before today."""
        current = self.starts_on(wanted.governorate, wanted.service)
        params = {"governorate": wanted.governorate, "service": wanted.service.value}
        if current is not None and current <= today and current != wanted.starts_on:
            raise Conflict("rollout.date_passed", starts_on=current.isoformat(), **params)
        if wanted.starts_on < today and current != wanted.starts_on:
            raise InvalidValue(
                "rollout.date_in_past",
                field="starts_on",
                value=wanted.starts_on.isoformat(),
                today=today.isoformat(),
                **params,
            )


#: How a switch-on notice names each service (Arabic, English).
SERVICE_NAMES: dict[CardService, tuple[str, str]] = {
    CardService.PAYMENTS: ("المدفوعات الإلكترونية", "electronic payments"),
    CardService.SUPPLY: ("التموين", "supply"),
    CardService.HEALTH: ("التأمين الصحي الشامل", "health insurance"),
}
