"""Who may open a wallet: an adult, alive, with a registered mobile that they state correctly."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from unicard.domain.registry.citizen import Citizen
from unicard.domain.shared.errors import Conflict, DomainError, InvalidValue
from unicard.domain.shared.mobile import MobileNumber
from unicard.domain.shared.national_id import NationalId
from unicard.domain.wallets.opening import check_may_open

TODAY = dt.date(2026, 11, 22)
MOBILE = MobileNumber.parse("01012345678")


def citizen(national_id: str = "28503140300137", mobile: MobileNumber | None = MOBILE) -> Citizen:
    nid = NationalId.parse(national_id)
    return Citizen(nid, "محمد أحمد علي", None, "03", mobile)


def refusal(who: Citizen, stated: MobileNumber = MOBILE, today: dt.date = TODAY) -> DomainError:
    with pytest.raises(DomainError) as refused:
        check_may_open(who, stated, today=today)
    return refused.value


def test_an_adult_with_the_registered_mobile_may_open() -> None:
    assert check_may_open(citizen(), MobileNumber.parse("+20 101 234 5678"), today=TODAY) == "+201012345678"


def test_eighteen_today_is_adult_and_a_day_less_is_not() -> None:
    born = "30811220300135"  # 2008-11-22
    assert check_may_open(citizen(born), MOBILE, today=TODAY) == MOBILE.e164
    minor = refusal(citizen(born), today=TODAY - dt.timedelta(days=1))
    assert (type(minor), minor.code, minor.params["birth_date"]) == (Conflict, "wallet.minor", "2008-11-22")


def test_deceased_is_refused_first() -> None:
    dead = dataclasses.replace(citizen(mobile=None), deceased_on=dt.date(2026, 1, 1))
    assert refusal(dead).code == "wallet.deceased"


def test_without_a_registered_mobile_is_refused() -> None:
    assert refusal(citizen(mobile=None)).code == "wallet.no_registered_mobile"


def test_a_mobile_other_than_the_registered_one_is_refused() -> None:
    refused = refusal(citizen(), MobileNumber.parse("01112345678"))
    assert (type(refused), refused.code, refused.params["field"]) == (
        InvalidValue,
        "wallet.mobile_mismatch",
        "mobile",
    )
