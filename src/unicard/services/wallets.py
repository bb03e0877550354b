"""Wallet accounts at Egypt Post: the record of each opening beside the ledger's wallet account.

There is one notion of a wallet: the ledger account of kind ``wallet`` owned by the citizen
(``services.payments.accounts.wallet``), which G2P credits and card payments already get or
create. Opening one at the counter creates that same account (or finds it, if money arrived
first) and records the opening: one per citizen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from unicard.domain.ledger import Account
from unicard.domain.notifications import Recipient, TemplateId
from unicard.domain.operators.operator import Operator, Role
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.errors import Conflict, Forbidden, NotFound
from unicard.domain.shared.mobile import MobileNumber
from unicard.domain.shared.money import Money
from unicard.domain.wallets.opening import WalletOpening, check_may_open
from unicard.services import audit_trail
from unicard.services.access import require_scope
from unicard.services.ledger import LedgerStore
from unicard.services.notifications.notify import notify
from unicard.services.payments import accounts as keys
from unicard.services.ports import Clock, UnitOfWork


@dataclass(frozen=True, slots=True)
class OpenedWallet:
    opening: WalletOpening
    balance: Money  # what the account held at opening (a G2P credit may have come first)


class WalletBook(Protocol):
    def account(self, national_id: str) -> Account | None:
        """The citizen's wallet account in the ledger, if there is one (never creates it)."""
        ...

    def opening(self, national_id: str) -> WalletOpening | None: ...
    def add(self, opening: WalletOpening) -> None:
        """Record an opening; a second for the same citizen is refused by the database."""
        ...


class WalletUnitOfWork(UnitOfWork, Protocol):
    @property
    def wallets(self) -> WalletBook: ...
    @property
    def ledger(self) -> LedgerStore: ...


#: Who opens wallets at the counter.
COUNTER_ROLES = frozenset({Role.POST_CLERK, Role.ADMIN})


def open_wallet(
    uow: WalletUnitOfWork, clock: Clock, actor: Operator, *, national_id: str, mobile: MobileNumber
) -> OpenedWallet:
    """Open the citizen's personal wallet account at the counter and text them that it is open.

    ``mobile`` is the number the citizen states; it must be the one registered in their name.
    Refused: an unknown citizen (``citizen.not_found``), one outside the clerk's governorates
    (``operator.out_of_scope``), a second opening (``wallet.already_open``), a deceased citizen,
    a minor, a citizen without a registered mobile (``wallet.deceased``, ``wallet.minor``,
    ``wallet.no_registered_mobile``), a stated mobile that is not the registered one
    (``wallet.mobile_mismatch``). Nothing is written when refused.
    """
    now = clock.now()
    with uow:
        citizen = uow.citizens.get(national_id)
        if citizen is None:
            raise NotFound("citizen.not_found", national_id=national_id)
        require_scope(actor, citizen.residence_governorate)
        _refuse_second(uow.wallets.opening(national_id))
        registered = check_may_open(citizen, mobile, today=cairo_date(now))
        key = keys.wallet(national_id)
        account = uow.ledger.open_accounts([key])[key]  # the one wallet: found if money came first
        opening = WalletOpening(
            national_id, account.id, registered, citizen.residence_governorate, actor.username, now
        )
        uow.wallets.add(opening)
        audit_trail.record(
            uow, actor=actor.username, action="wallet.opened", subject=f"citizen:{national_id}", at=now,
            after=opening.snapshot(),
        )  # fmt: skip
        balance = Money(uow.ledger.balances([account.id])[account.id])
        notify(
            uow,
            template=TemplateId.WALLET_OPENED,
            to=Recipient(national_id, registered),
            params={"balance": balance},
            dedupe_key=f"wallet:{national_id}:opened",
            at=now,
        )
        uow.commit()
    return OpenedWallet(opening, balance)


def counter_clerk(uow: UnitOfWork, username: str) -> Operator:
    """The active operator ``username`` if they may open wallets (for the CLI, which has no token)."""
    with uow:
        operator = uow.operators.get(username.strip().lower())
    if operator is None or not operator.active:
        raise Forbidden("wallet.clerk_unknown", username=username)
    if not operator.has_any_role(COUNTER_ROLES):
        raise Forbidden("auth.role_forbidden", allowed=", ".join(sorted(COUNTER_ROLES)))
    return operator


def _refuse_second(opening: WalletOpening | None) -> None:
    if opening is not None:
        raise Conflict(
            "wallet.already_open",
            national_id=opening.national_id,
            opened_on=cairo_date(opening.opened_at).isoformat(),
        )
