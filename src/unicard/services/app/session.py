"""The citizen app session: a code to the registered mobile, a session for the right code, and
what the signed-in citizen sees of their own record.

Asking for a code answers the same whether or not the national ID and mobile match a living
citizen, and whether or not a code went out: the answer must not tell who is registered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from unicard.domain.app.otp import OtpPurpose
from unicard.domain.shared.errors import Conflict
from unicard.domain.shared.mobile import MobileNumber
from unicard.domain.shared.money import Money
from unicard.services.app.otp import CodeKeeper, OtpUnitOfWork, issue_code, verify_code
from unicard.services.operators import AuthenticationFailed
from unicard.services.ports import Clock, UnitOfWorkFactory
from unicard.services.wallets import WalletUnitOfWork


class AppUnitOfWork(OtpUnitOfWork, WalletUnitOfWork, Protocol):
    pass


class AppUnitOfWorkFactory(Protocol):
    def __call__(self) -> AppUnitOfWork: ...


@dataclass(frozen=True, slots=True)
class CitizenProfile:
    national_id: str
    name_ar: str
    name_latin: str | None
    mobile_masked: str | None
    household_number: str | None  # the open household the citizen belongs to
    wallet_balance: Money | None  # None: the ledger holds no wallet for the citizen


def request_sign_in_code(
    uow_factory: AppUnitOfWorkFactory,
    clock: Clock,
    keeper: CodeKeeper,
    *,
    national_id: str,
    mobile: MobileNumber,
) -> None:
    """Text a sign-in code if ``national_id`` and ``mobile`` are a living citizen's; else nothing.

    Never raises for a mismatch, an unknown citizen or a code asked for too soon (the caller
    answers the same in every case).
    """
    with uow_factory() as uow:
        citizen = uow.citizens.get(national_id)
        registered = citizen is not None and citizen.is_alive and citizen.mobile == mobile
    if not registered:
        return
    try:
        issue_code(uow_factory(), clock, keeper, national_id=national_id, purpose=OtpPurpose.APP_LOGIN)
    except Conflict:
        return  # too soon, the day's limit, or a concurrent request: the code already sent stands


def sign_in(
    uow_factory: AppUnitOfWorkFactory, clock: Clock, keeper: CodeKeeper, *, national_id: str, code: str
) -> None:
    """Accept the sign-in code, or raise ``AuthenticationFailed`` (``otp.*``)."""
    verify_code(
        uow_factory(), clock, keeper, national_id=national_id, purpose=OtpPurpose.APP_LOGIN, code=code
    )


def signed_in_citizen(uow_factory: UnitOfWorkFactory, national_id: str) -> str:
    """``national_id`` if it is still a living citizen (checked on every request)."""
    with uow_factory() as uow:
        citizen = uow.citizens.get(national_id)
    if citizen is None or not citizen.is_alive:
        raise AuthenticationFailed("auth.citizen_inactive")
    return national_id


def citizen_profile(uow_factory: AppUnitOfWorkFactory, national_id: str) -> CitizenProfile:
    with uow_factory() as uow:
        citizen = uow.citizens.get(national_id)
        if citizen is None:
            raise AuthenticationFailed("auth.citizen_inactive")
        wallet = uow.wallets.account(national_id)
        balance = None if wallet is None else Money(uow.ledger.balances([wallet.id])[wallet.id])
        return CitizenProfile(
            national_id=national_id,
            name_ar=citizen.name_ar,
            name_latin=citizen.name_latin,
            mobile_masked=citizen.mobile.masked() if citizen.mobile else None,
            household_number=uow.households.number_of_active_member(national_id),
            wallet_balance=balance,
        )
