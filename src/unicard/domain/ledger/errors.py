"""The ledger's refusals. The words people read are in :mod:`unicard.locale.messages.ledger`."""

from __future__ import annotations

from unicard.domain.ledger.accounts import Account
from unicard.domain.shared.errors import Conflict, InvalidValue, NotFound


class InvalidEntry(InvalidValue):
    """A posting or journal entry that cannot exist: unbalanced, empty, a zero or non-integer
    amount, an account twice, a unit its account does not hold. Always a bug in the caller."""


class UnknownAccount(NotFound):
    pass


class UnknownEntry(NotFound):
    pass


class DuplicateEntry(Conflict):
    """An entry id is already posted; the use case answers a retry with the original instead."""


class ReversalRefused(Conflict):
    """The entry is a reversal itself, or already reversed."""


class InsufficientFunds(Conflict):
    """A debit would take an account below its floor (ISO 8583 response 51).

    The code names the kind (``ledger.insufficient_funds.bread_quota``) so that the message can
    say "not enough loaves left" in proper Arabic. The params name the account, its kind and
    unit, never its balance: the decline is shown to whoever stands at the terminal, who is
    not necessarily the account's owner.
    """

    def __init__(self, account: Account) -> None:
        super().__init__(
            f"ledger.insufficient_funds.{account.kind.value}",
            account_id=account.id,
            kind=account.kind.value,
            unit=account.unit.value,
        )
        self.kind = account.kind
        self.unit = account.unit
