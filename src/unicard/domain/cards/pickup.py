"""The pickup desk's checks: the window named in the notice, fingerprint references and PINs."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from unicard.domain.cards.card import Card, CardStatus
from unicard.domain.notifications.params import Bilingual
from unicard.domain.shared.errors import Conflict, Forbidden, InvalidValue
from unicard.domain.shared.money import to_arabic_digits

_MONTHS_AR = (
    "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
    "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
)  # fmt: skip
# A reference to the template the desk's reader keeps (or its SHA-256): short and plain. A raw
# image or a full template (kilobytes of base64) is refused: the host never holds biometrics.
_FINGERPRINT_REF = re.compile(r"^[A-Za-z0-9:_-]{16,128}$")
_PIN = re.compile(r"^[0-9]{4,6}$")


@dataclass(frozen=True, slots=True)
class PickupWindow:
    opens: dt.date
    closes: dt.date

    @classmethod
    def starting(cls, day: dt.date, days: int) -> PickupWindow:
        return cls(day, day + dt.timedelta(days=days - 1))

    def text(self) -> Bilingual:
        """ "من ٥ ديسمبر إلى ٤ يناير" / "5 December to 4 January", for the notice."""
        ar = f"{_ar(self.opens)} إلى {_ar(self.closes)}"
        en = f"{self.opens.day} {self.opens:%B} to {self.closes.day} {self.closes:%B}"
        return Bilingual(ar, en)


def _ar(day: dt.date) -> str:
    return f"{to_arabic_digits(str(day.day))} {_MONTHS_AR[day.month - 1]}"


def check_awaiting_pickup(card: Card) -> None:
    """Only a card whose batch reached the office (its holder notified) can be handed over."""
    if card.status is CardStatus.PRODUCED:
        raise Conflict("pickup.not_arrived", last4=card.last4)
    if card.status is not CardStatus.NOTIFIED:
        raise Conflict("pickup.not_awaiting", last4=card.last4, status=card.status.value)


def check_holder(card: Card, national_id: str) -> None:
    if card.citizen_national_id != national_id:
        raise Forbidden("pickup.not_holder", last4=card.last4)


def check_fingerprint_ref(value: str) -> str:
    if not _FINGERPRINT_REF.match(value):
        raise InvalidValue("pickup.fingerprint_ref", field="fingerprint_ref", length=len(value))
    return value


def check_pin(value: str) -> str:
    if not _PIN.match(value):
        raise InvalidValue("pickup.pin_format", field="pin")
    return value
