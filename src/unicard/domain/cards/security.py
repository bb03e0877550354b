"""What the issuer host keeps per card to authenticate it: the last ATC, the PIN's state."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from unicard.domain.cards.pin import PinTries


@dataclass(frozen=True, slots=True)
class CardSecurity:
    card_token: str
    last_atc: int | None = None  # the highest ATC of a genuine cryptogram seen so far
    pin_value: str | None = None  # the PIN verification value; None until a PIN is set
    pin_tries: PinTries = field(default_factory=PinTries)

    def accepts_atc(self, atc: int) -> bool:
        """Only a counter above every one seen: a replayed or cloned cryptogram is not."""
        return self.last_atc is None or atc > self.last_atc

    def with_atc(self, atc: int) -> CardSecurity:
        return dataclasses.replace(self, last_atc=atc if self.accepts_atc(atc) else self.last_atc)

    def with_pin(self, value: str) -> CardSecurity:
        """A new PIN: its value, and a clean counter."""
        return dataclasses.replace(self, pin_value=value, pin_tries=PinTries())

    def with_tries(self, tries: PinTries) -> CardSecurity:
        return dataclasses.replace(self, pin_tries=tries)
