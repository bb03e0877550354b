"""A valid policy built in code with POLICY.md's figures; each test changes what it is about."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from unicard.domain.policy import (
    BenefitPolicy,
    BreadPolicy,
    Catalog,
    CommodityItem,
    Copayment,
    Cvm,
    ExemptCategory,
    HealthPolicy,
    Limit,
    PinPolicy,
    PinUnlock,
    PointsSpendable,
    RationPeriod,
    RationPolicy,
    Unit,
    UnusedCredit,
    VerificationPolicy,
    VerifiedTransaction,
    VisitType,
    WalletLimits,
)
from unicard.domain.shared.money import Money

BREAD_PRICE_CHANGE = dt.date(2024, 6, 1)


def ration(**changes: Any) -> RationPolicy:
    values: dict[str, Any] = {
        "value_per_member": Money.pounds(50),
        "members_at_full_value": 4,
        "value_per_member_after": Money.pounds(25),
        "period": RationPeriod.CALENDAR_MONTH,
        "unused_credit": UnusedCredit.LAPSES,
    }
    return RationPolicy(**(values | changes))


def bread(**changes: Any) -> BreadPolicy:
    values: dict[str, Any] = {
        "loaves_per_member_per_day": 5,
        "loaf_grams": 90,
        "citizen_price_per_loaf": Money(20),
        "loaf_cost": Money(125),
        "advance_days": 3,
        "advance_days_month_end": 2,
        "last_days_of_month": 3,
        "points_per_undrawn_loaf": Money(10),
        "points_spendable": PointsSpendable.FOLLOWING_MONTH,
    }
    return BreadPolicy(**(values | changes))


def item(code: str = "sugar", **changes: Any) -> CommodityItem:
    values: dict[str, Any] = {
        "code": code,
        "name_ar": "سكر",
        "name_en": "Sugar",
        "unit": Unit.KG,
        "price": Money(1260),
        "max_per_member": 1,
        "max_per_household": 6,
    }
    return CommodityItem(**(values | changes))


def catalog() -> Catalog:
    oil = item("oil", name_ar="زيت", name_en="Oil", unit=Unit.BOTTLE, price=Money(3000), max_per_household=4)
    rice = item("rice", name_ar="أرز", name_en="Rice", max_per_member=None, max_per_household=2)
    tea = item("tea", name_ar="شاي", name_en="Tea", unit=Unit.PACK, price=Money(650), max_per_member=None)
    return Catalog((item(), oil, rice, replace(tea, max_per_household=None)))


def wallet(**changes: Any) -> WalletLimits:
    values: dict[str, Any] = {
        "purchase": Limit(Money.pounds(20_000), Money.pounds(30_000)),
        "cash_withdrawal": Limit(Money.pounds(5_000), Money.pounds(10_000)),
        "max_balance": Money.pounds(100_000),
    }
    return WalletLimits(**(values | changes))


def pin(**changes: Any) -> PinPolicy:
    values: dict[str, Any] = {
        "min_length": 4,
        "max_length": 6,
        "tries_before_lock": 3,
        "unlock": PinUnlock.POST_OFFICE,
    }
    return PinPolicy(**(values | changes))


ACCEPTED = {
    VerifiedTransaction.BREAD_PURCHASE: frozenset({Cvm.CARD_ONLY}),
    VerifiedTransaction.RATION_REDEMPTION: frozenset({Cvm.FINGERPRINT, Cvm.PIN}),
    VerifiedTransaction.PURCHASE: frozenset({Cvm.PIN}),
    VerifiedTransaction.CASH_WITHDRAWAL: frozenset({Cvm.PIN}),
    VerifiedTransaction.BILL_PAYMENT: frozenset({Cvm.PIN, Cvm.APP_OTP}),
    VerifiedTransaction.HEALTH_VISIT: frozenset({Cvm.FINGERPRINT, Cvm.PIN}),
}


def verification(**changes: Any) -> VerificationPolicy:
    values: dict[str, Any] = {"pin": pin(), "accepted": dict(ACCEPTED)}
    return VerificationPolicy(**(values | changes))


COPAYMENTS = {
    VisitType.FAMILY_DOCTOR: Copayment(Money(0)),
    VisitType.SPECIALIST: Copayment(Money(0)),
    VisitType.EMERGENCY: Copayment(Money(0)),
    VisitType.HOME_VISIT: Copayment(Money.pounds(100)),
    VisitType.MEDICINES: Copayment(Money(0), 1000, Money.pounds(1000)),
    VisitType.LAB_TESTS: Copayment(Money(0), 2000, Money.pounds(1000)),
    VisitType.IMAGING: Copayment(Money(0), 1000),
    VisitType.INPATIENT: Copayment(Money(0), 700, Money.pounds(1500)),
}


def health(**changes: Any) -> HealthPolicy:
    values: dict[str, Any] = {
        "copayments": dict(COPAYMENTS),
        "exempt": frozenset({ExemptCategory.CHRONIC_ILLNESS, ExemptCategory.UNABLE_TO_PAY}),
        "minor_below_age": 18,
    }
    return HealthPolicy(**(values | changes))


def policy(**changes: Any) -> BenefitPolicy:
    values: dict[str, Any] = {
        "version": "2024-06-01.1",
        "effective_from": BREAD_PRICE_CHANGE,
        "ration": ration(),
        "bread": bread(),
        "catalog": catalog(),
        "wallet": wallet(),
        "verification": verification(),
        "health": health(),
        "sources": {
            "bread.citizen_price_per_loaf": "Cabinet decision, June 2024",
            "bread.loaf_cost": "press",
        },
        "unconfirmed": frozenset({"bread.loaf_cost"}),
    }
    return BenefitPolicy(**(values | changes))


def before_price_change() -> BenefitPolicy:
    """The version in force before 2024-06-01: a loaf at 5 piasters."""
    return policy(
        version="2023-05-01.1",
        effective_from=dt.date(2023, 5, 1),
        bread=bread(citizen_price_per_loaf=Money(5)),
    )
