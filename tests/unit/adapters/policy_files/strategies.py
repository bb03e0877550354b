"""Hypothesis strategies for valid benefit policies, for round-trip properties."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import strategies as st

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

amounts = st.integers(0, 10**9).map(Money)
positive_amounts = st.integers(1, 10**9).map(Money)
caps = st.none() | st.integers(1, 1000)


@st.composite
def rations(draw: st.DrawFn) -> RationPolicy:
    full = draw(st.integers(0, 12))
    return RationPolicy(
        value_per_member=draw(amounts),
        members_at_full_value=full,
        value_per_member_after=draw(amounts),
        period=RationPeriod.CALENDAR_MONTH,
        unused_credit=draw(st.sampled_from(UnusedCredit)),
        max_members_counted=draw(st.none() | st.integers(max(full, 1), 20)),
    )


@st.composite
def breads(draw: st.DrawFn) -> BreadPolicy:
    cost = draw(st.integers(1, 100_000))
    return BreadPolicy(
        loaves_per_member_per_day=draw(st.integers(1, 20)),
        loaf_grams=draw(st.integers(1, 500)),
        citizen_price_per_loaf=Money(draw(st.integers(0, cost))),
        loaf_cost=Money(cost),
        advance_days=draw(st.integers(0, 31)),
        advance_days_month_end=draw(st.integers(0, 31)),
        last_days_of_month=draw(st.integers(0, 28)),
        points_per_undrawn_loaf=draw(amounts),
        points_spendable=PointsSpendable.FOLLOWING_MONTH,
    )


codes = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True)
names_ar = st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي ()0123456789", min_size=1, max_size=30).filter(
    lambda name: any("\u0621" <= char <= "\u064a" for char in name)
)
names_en = st.text(alphabet=st.characters(codec="ascii", categories=("L", "N", "Zs")), min_size=1).filter(
    str.strip
)


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    unique = draw(st.lists(codes, min_size=1, max_size=6, unique=True))
    return Catalog(
        tuple(
            CommodityItem(
                code=code,
                name_ar=draw(names_ar),
                name_en=draw(names_en),
                unit=draw(st.sampled_from(Unit)),
                price=draw(positive_amounts),
                max_per_member=draw(caps),
                max_per_household=draw(caps),
            )
            for code in unique
        )
    )


@st.composite
def limits(draw: st.DrawFn) -> Limit:
    per_transaction = draw(st.integers(1, 10**8))
    return Limit(Money(per_transaction), Money(draw(st.integers(per_transaction, 10**9))))


wallets = st.builds(WalletLimits, purchase=limits(), cash_withdrawal=limits(), max_balance=positive_amounts)

methods = st.just(frozenset({Cvm.CARD_ONLY})) | st.frozensets(
    st.sampled_from([Cvm.PIN, Cvm.FINGERPRINT, Cvm.APP_OTP]), min_size=1
)


@st.composite
def pins(draw: st.DrawFn) -> PinPolicy:
    shortest = draw(st.integers(4, 12))
    return PinPolicy(
        min_length=shortest,
        max_length=draw(st.integers(shortest, 12)),
        tries_before_lock=draw(st.integers(1, 10)),
        unlock=draw(st.sampled_from(PinUnlock)),
    )


@st.composite
def verifications(draw: st.DrawFn) -> VerificationPolicy:
    return VerificationPolicy(
        pin=draw(pins()), accepted={kind: draw(methods) for kind in VerifiedTransaction}
    )


@st.composite
def copayments(draw: st.DrawFn) -> Copayment:
    flat = draw(st.integers(0, 10**6))
    cap = draw(st.none() | st.integers(flat, 10**7))
    return Copayment(Money(flat), draw(st.integers(0, 10_000)), None if cap is None else Money(cap))


@st.composite
def healths(draw: st.DrawFn) -> HealthPolicy:
    return HealthPolicy(
        copayments={visit: draw(copayments()) for visit in VisitType},
        exempt=draw(st.frozensets(st.sampled_from(ExemptCategory))),
        minor_below_age=draw(st.integers(1, 21)),
    )


@st.composite
def policies(draw: st.DrawFn) -> BenefitPolicy:
    bare = BenefitPolicy(
        version=draw(st.from_regex(r"[0-9A-Za-z][0-9A-Za-z._-]{0,20}", fullmatch=True)),
        effective_from=draw(st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1))),
        ration=draw(rations()),
        bread=draw(breads()),
        catalog=draw(catalogs()),
        wallet=draw(wallets),
        verification=draw(verifications()),
        health=draw(healths()),
    )
    keys = sorted(bare.key_paths())
    sourced = draw(st.lists(st.sampled_from(keys), unique=True, max_size=5))
    notes = {key: draw(st.text(min_size=1).filter(str.strip)) for key in sourced}
    doubted = draw(st.frozensets(st.sampled_from(sourced))) if sourced else frozenset[str]()
    return replace(bare, sources=notes, unconfirmed=doubted)
