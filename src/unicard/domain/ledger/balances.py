"""Balance rules applied to a proposed entry: all of it fits, or nothing changes."""

from __future__ import annotations

from collections.abc import Mapping

from unicard.domain.ledger.accounts import Account, AccountId
from unicard.domain.ledger.entries import JournalEntry, Posting
from unicard.domain.ledger.errors import InsufficientFunds, InvalidEntry, UnknownAccount


def apply(
    balances: Mapping[AccountId, int], entry: JournalEntry, accounts: Mapping[AccountId, Account]
) -> dict[AccountId, int]:
    """The balances after posting ``entry``: a new mapping; ``balances`` is never changed.

    An account missing from ``balances`` stands at zero, so callers need pass only the balances
    of the accounts the entry touches. Raises :class:`UnknownAccount` or :class:`InvalidEntry`
    (``ledger.unit_mismatch``) for a posting the accounts cannot take, then
    :class:`InsufficientFunds` for the first debit that would leave its account below its floor.
    """
    touched = [(posting, account_of(posting, accounts)) for posting in entry.postings]
    after = {posting.account_id: _after(balances, posting, account) for posting, account in touched}
    return {**balances, **after}


def account_of(posting: Posting, accounts: Mapping[AccountId, Account]) -> Account:
    """The account a posting goes to, which must exist and hold the posting's unit."""
    account = accounts.get(posting.account_id)
    if account is None:
        raise UnknownAccount("ledger.unknown_account", account_id=posting.account_id)
    if account.unit is not posting.unit:
        raise InvalidEntry(
            "ledger.unit_mismatch",
            field="postings",
            account_id=account.id,
            unit=posting.unit.value,
            account_unit=account.unit.value,
        )
    return account


def _after(balances: Mapping[AccountId, int], posting: Posting, account: Account) -> int:
    balance = balances.get(posting.account_id, 0) + posting.amount
    # Only a debit is held to the floor: a credit never makes an account worse off.
    if posting.amount < 0 and not account.rule.allows(balance):
        raise InsufficientFunds(account)
    return balance
