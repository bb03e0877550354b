"""Opening a citizen's personal wallet account at Egypt Post, and who may have one.

The articles: Egypt Post opens a personal account for each citizen, registering the national
ID and the mobile registered in the citizen's name. A mobile line is registered to adults only,
so the holder is an adult (18+ by the birth date in the national ID), alive, with a registered
mobile that the clerk has checked against the one the citizen states. One account per citizen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from unicard.domain.registry.citizen import ADULT_AGE, Citizen
from unicard.domain.shared.errors import Conflict, InvalidValue
from unicard.domain.shared.mobile import MobileNumber


@dataclass(frozen=True, slots=True)
class WalletOpening:
    """That a citizen's wallet account was opened: which ledger account, by whom, where, when."""

    national_id: str
    account_id: str  # the ledger's wallet account (kind ``wallet``, owner the citizen)
    mobile: str  # E.164, the registered mobile checked at the counter
    governorate: str  # the citizen's residence governorate at opening
    opened_by: str  # the clerk's username
    opened_at: dt.datetime

    def snapshot(self) -> dict[str, object]:
        return {
            "national_id": self.national_id,
            "account_id": self.account_id,
            "mobile": self.mobile,
            "governorate": self.governorate,
            "opened_by": self.opened_by,
            "opened_at": self.opened_at.isoformat(),
        }


def check_may_open(citizen: Citizen, stated_mobile: MobileNumber, *, today: dt.date) -> str:
    """The registered mobile (E.164) if ``citizen`` may open a wallet; a clear refusal otherwise."""
    national_id = citizen.national_id.value
    if not citizen.is_alive:
        raise Conflict("wallet.deceased", national_id=national_id)
    if not citizen.is_adult_on(today):
        raise Conflict(
            "wallet.minor",
            national_id=national_id,
            birth_date=citizen.birth_date.isoformat(),
            adult_age=ADULT_AGE,
        )
    if citizen.mobile is None:
        raise Conflict("wallet.no_registered_mobile", national_id=national_id)
    if citizen.mobile.e164 != stated_mobile.e164:
        raise InvalidValue("wallet.mobile_mismatch", field="mobile", national_id=national_id)
    return citizen.mobile.e164
