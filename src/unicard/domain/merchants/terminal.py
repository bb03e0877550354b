"""A terminal: a device (POS, ATM, counter PC) through which a merchant sends requests.

Its secret is not part of it: the services keep only a keyed hash, apart, so that no copy of a
terminal can carry the hash into a response, a log line or an audit record.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from unicard.domain.merchants.ids import parse_terminal_id, terminal_id
from unicard.domain.merchants.merchant import Merchant, MerchantStatus
from unicard.domain.shared.errors import Conflict, InvalidValue


class TerminalStatus(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"  # e.g. reported stolen until found; may come back
    RETIRED = "retired"  # for good; its id is never given to another terminal


@dataclass(frozen=True, slots=True)
class Terminal:
    id: str
    merchant_id: str
    status: TerminalStatus = TerminalStatus.ACTIVE

    @classmethod
    def install(cls, merchant: Merchant, number: int) -> Terminal:
        """The merchant's terminal number ``number`` (numbers are never reused: pass the next one)."""
        if merchant.status is MerchantStatus.CLOSED:
            raise Conflict("merchant.closed", merchant_id=merchant.id)
        return cls(terminal_id(merchant.id, number), merchant.id)

    @property
    def number(self) -> int:
        return parse_terminal_id(self.id)[1]

    def with_status(self, status: TerminalStatus) -> Terminal:
        """Suspend, reactivate or retire; a retired terminal stays retired."""
        if status is self.status:
            return self
        if self.status is TerminalStatus.RETIRED:
            raise Conflict("terminal.retired_for_good", terminal_id=self.id)
        return replace(self, status=status)

    def snapshot(self) -> dict[str, object]:
        return {"id": self.id, "merchant_id": self.merchant_id, "status": self.status.value}


def parse_terminal_status(raw: str) -> TerminalStatus:
    try:
        return TerminalStatus(raw.strip().lower())
    except ValueError:
        allowed = ", ".join(status.value for status in TerminalStatus)
        raise InvalidValue("terminal.status", field="status", value=raw, allowed=allowed) from None
