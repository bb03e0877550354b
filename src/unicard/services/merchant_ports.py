"""What the merchant and terminal use cases need from storage.

Kept apart from :mod:`unicard.services.ports` (which only names this repository on the unit of
work) so that the merchant pieces can grow without every use case module importing them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from unicard.domain.merchants import Merchant, MerchantKind, Terminal


@dataclass(frozen=True, slots=True)
class MerchantQuery:
    kinds: frozenset[MerchantKind] | None = None  # None = every kind
    governorates: frozenset[str] | None = None  # None = every governorate
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True, slots=True)
class TerminalCredentials:
    """What authenticating a terminal needs, read in one query: the terminal, its merchant, and
    the keyed hash of its secret. Its ``repr`` leaves the hash out."""

    terminal: Terminal
    merchant: Merchant
    secret_hash: str

    def __repr__(self) -> str:
        return f"TerminalCredentials({self.terminal!r}, {self.merchant!r}, secret_hash=<hidden>)"


@dataclass(frozen=True, slots=True)
class NewTerminal:
    terminal: Terminal
    secret_hash: str

    def __repr__(self) -> str:
        return f"NewTerminal({self.terminal!r}, secret_hash=<hidden>)"


class MerchantRepository(Protocol):
    def get(self, merchant_id: str) -> Merchant | None: ...
    def add(self, merchants: Sequence[Merchant], at: dt.datetime) -> None:
        """Insert new merchants; an id already taken is a :class:`Conflict` ``merchant.duplicate``."""
        ...

    def update(self, before: Merchant, after: Merchant) -> None:
        """Store ``after``; fails with ``merchant.changed_meanwhile`` if the row is no longer ``before``."""
        ...

    def search(self, query: MerchantQuery) -> Sequence[Merchant]:
        """Ordered by id."""
        ...

    def last_serial(self, kind: MerchantKind, governorate: str) -> int:
        """The highest serial of the ids of ``kind`` in ``governorate``; 0 if there are none."""
        ...

    def terminal(self, terminal_id: str) -> Terminal | None: ...
    def terminals_of(self, merchant_id: str) -> Sequence[Terminal]:
        """Every terminal the merchant ever had, retired ones too, by number."""
        ...

    def add_terminals(self, terminals: Sequence[NewTerminal], at: dt.datetime) -> None: ...
    def update_terminal(self, before: Terminal, after: Terminal) -> None: ...
    def replace_secret_hash(self, terminal_id: str, secret_hash: str) -> None: ...
    def credentials(self, terminal_id: str) -> TerminalCredentials | None: ...
