"""Use cases on terminals: install one, rotate its secret, suspend, reactivate or retire it.

A new secret is returned once, to be shown once; only its keyed hash is stored. Every change
empties this process's terminal authentication caches after it commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from unicard.domain.merchants import Terminal, TerminalStatus, parse_terminal_id
from unicard.domain.operators.operator import Operator
from unicard.domain.shared.errors import NotFound
from unicard.services import audit_trail
from unicard.services.access import require_reason
from unicard.services.merchant_access import require_manage
from unicard.services.merchant_ports import NewTerminal
from unicard.services.merchants import require_merchant
from unicard.services.ports import Clock, UnitOfWork
from unicard.services.terminal_auth import TerminalSecrets, credentials_changed


@dataclass(frozen=True, slots=True)
class IssuedTerminal:
    """A terminal and its secret in plain text: hand it to the terminal, then forget it."""

    terminal: Terminal
    secret: str

    def __repr__(self) -> str:
        return f"IssuedTerminal({self.terminal!r}, secret=<hidden>)"


def add_terminal(
    uow: UnitOfWork,
    clock: Clock,
    secrets: TerminalSecrets,
    actor: Operator,
    merchant_id: str,
    reason: str = "new terminal",
) -> IssuedTerminal:
    now = clock.now()
    reason = require_reason(reason)
    issued = secrets.issue()
    with uow:
        merchant = require_merchant(uow, merchant_id)
        require_manage(actor, merchant.kind, merchant.governorate)
        numbers = [terminal.number for terminal in uow.merchants.terminals_of(merchant.id)]
        terminal = Terminal.install(merchant, max(numbers, default=0) + 1)
        uow.merchants.add_terminals([NewTerminal(terminal, issued.secret_hash)], now)
        _audit(uow, actor, "terminal.create", now, reason, None, terminal)
        uow.commit()
    return IssuedTerminal(terminal, issued.secret)


def rotate_terminal_secret(
    uow: UnitOfWork, clock: Clock, secrets: TerminalSecrets, actor: Operator, terminal_id: str, reason: str
) -> IssuedTerminal:
    """A new secret for the terminal; the old one stops working at once (in this process) and,
    elsewhere, when the caches there expire."""
    now = clock.now()
    reason = require_reason(reason)
    issued = secrets.issue()
    with uow:
        terminal = _require_managed(uow, actor, terminal_id)
        uow.merchants.replace_secret_hash(terminal.id, issued.secret_hash)
        _audit(uow, actor, "terminal.rotate_secret", now, reason, terminal, terminal)
        uow.commit()
    credentials_changed(terminal_id=terminal.id)
    return IssuedTerminal(terminal, issued.secret)


def set_terminal_status(
    uow: UnitOfWork, clock: Clock, actor: Operator, terminal_id: str, status: TerminalStatus, reason: str
) -> Terminal:
    now = clock.now()
    reason = require_reason(reason)
    with uow:
        before = _require_managed(uow, actor, terminal_id)
        after = before.with_status(status)
        if after == before:
            return before
        uow.merchants.update_terminal(before, after)
        _audit(uow, actor, "terminal.set_status", now, reason, before, after)
        uow.commit()
    credentials_changed(terminal_id=after.id)
    return after


def _require_managed(uow: UnitOfWork, actor: Operator, raw_id: str) -> Terminal:
    terminal_id = raw_id.strip().upper()
    terminal = uow.merchants.terminal(terminal_id)
    if terminal is None:
        parse_terminal_id(raw_id)  # a malformed id is refused as such, not as "not found"
        raise NotFound("terminal.not_found", terminal_id=raw_id)
    merchant = require_merchant(uow, terminal.merchant_id)
    require_manage(actor, merchant.kind, merchant.governorate)
    return terminal


def _audit(
    uow: UnitOfWork,
    actor: Operator,
    action: str,
    at: dt.datetime,
    reason: str,
    before: Terminal | None,
    after: Terminal,
) -> None:
    # Snapshots hold the id, merchant and status: never the secret, nor its hash.
    audit_trail.record_change(
        uow,
        actor=actor,
        action=action,
        subject=f"terminal:{after.id}",
        at=at,
        before=before,
        after=after,
        reason=reason,
        merchant_id=after.merchant_id,
    )
