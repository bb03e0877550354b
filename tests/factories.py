"""Builders of valid test data: national IDs that agree with a birth date, sex and governorate."""

from __future__ import annotations

import datetime as dt
import itertools

from unicard.domain.operators.operator import ALL_GOVERNORATES, Operator, Role
from unicard.services.citizens import CitizenDetails

_serials = itertools.count(1)
_mobiles = itertools.count(10_000_000)


def national_id(birth: dt.date = dt.date(1985, 3, 14), governorate: str = "03", sex: str = "M") -> str:
    """A fresh, valid national ID; serials never repeat within a test run."""
    century = "2" if birth.year < 2000 else "3"
    serial = next(_serials) % 1000
    thirteenth = (1 if sex == "M" else 2) + 2 * (serial % 4)
    return f"{century}{birth:%y%m%d}{governorate}{serial:03d}{thirteenth}7"


def mobile() -> str:
    return f"0100{next(_mobiles) % 10_000_000:07d}"


def citizen_details(
    *,
    birth: dt.date = dt.date(1985, 3, 14),
    sex: str = "M",
    residence: str = "03",
    with_mobile: bool = True,
    name_ar: str = "محمد أحمد علي حسن",
) -> CitizenDetails:
    return CitizenDetails(
        national_id=national_id(birth, "03", sex),
        name_ar=name_ar,
        residence_governorate=residence,
        mobile=mobile() if with_mobile else None,
    )


def operator(*roles: Role, governorates: frozenset[str] = frozenset({ALL_GOVERNORATES})) -> Operator:
    return Operator.create(
        username=f"op-{'-'.join(roles) or 'none'}".replace("_", "-"),
        display_name="Test operator",
        roles=frozenset(roles) or frozenset({Role.ADMIN}),
        governorates=governorates,
    )
