"""Each policy section to and from its plain-data form (the TOML table, the JSON object).

The plain form is a published contract — the data file, the database column and the admin API
all carry it — so each section is spelt out here rather than derived from the dataclasses: a
renamed attribute must not silently rename a key in stored JSON.
"""

from __future__ import annotations

from typing import Any

from unicard.adapters.policy_files.reading import Table
from unicard.domain.policy import (
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

Plain = dict[str, Any]
_VISITS = list(VisitType)


def _without_none(values: Plain) -> Plain:
    # TOML has no null: an absent optional key is the one spelling both formats share.
    return {key: value for key, value in values.items() if value is not None}


def _piasters(amount: Money | None) -> int | None:
    return None if amount is None else amount.piasters


def read_ration(table: Table) -> RationPolicy:
    return RationPolicy(
        value_per_member=table.money("value_per_member"),
        members_at_full_value=table.integer("members_at_full_value"),
        value_per_member_after=table.money("value_per_member_after"),
        max_members_counted=table.optional_integer("max_members_counted"),
        period=table.choice("period", RationPeriod),
        unused_credit=table.choice("unused_credit", UnusedCredit),
    )


def write_ration(ration: RationPolicy) -> Plain:
    return _without_none(
        {
            "value_per_member": ration.value_per_member.piasters,
            "members_at_full_value": ration.members_at_full_value,
            "value_per_member_after": ration.value_per_member_after.piasters,
            "max_members_counted": ration.max_members_counted,
            "period": ration.period.value,
            "unused_credit": ration.unused_credit.value,
        }
    )


def read_bread(table: Table) -> BreadPolicy:
    return BreadPolicy(
        loaves_per_member_per_day=table.integer("loaves_per_member_per_day"),
        loaf_grams=table.integer("loaf_grams"),
        citizen_price_per_loaf=table.money("citizen_price_per_loaf"),
        loaf_cost=table.money("loaf_cost"),
        advance_days=table.integer("advance_days"),
        advance_days_month_end=table.integer("advance_days_month_end"),
        last_days_of_month=table.integer("last_days_of_month"),
        points_per_undrawn_loaf=table.money("points_per_undrawn_loaf"),
        points_spendable=table.choice("points_spendable", PointsSpendable),
    )


def write_bread(bread: BreadPolicy) -> Plain:
    return {
        "loaves_per_member_per_day": bread.loaves_per_member_per_day,
        "loaf_grams": bread.loaf_grams,
        "citizen_price_per_loaf": bread.citizen_price_per_loaf.piasters,
        "loaf_cost": bread.loaf_cost.piasters,
        "advance_days": bread.advance_days,
        "advance_days_month_end": bread.advance_days_month_end,
        "last_days_of_month": bread.last_days_of_month,
        "points_per_undrawn_loaf": bread.points_per_undrawn_loaf.piasters,
        "points_spendable": bread.points_spendable.value,
    }


def read_item(code: str, table: Table) -> CommodityItem:
    item = CommodityItem(
        code=code,
        name_ar=table.text("name_ar"),
        name_en=table.text("name_en"),
        unit=table.choice("unit", Unit),
        price=table.money("price"),
        max_per_member=table.optional_integer("max_per_member"),
        max_per_household=table.optional_integer("max_per_household"),
    )
    table.done()
    return item


def read_catalog(table: Table) -> Catalog:
    return Catalog(tuple(read_item(code, table.table(code)) for code in table.names()))


def write_catalog(catalog: Catalog) -> Plain:
    return {
        item.code: _without_none(
            {
                "name_ar": item.name_ar,
                "name_en": item.name_en,
                "unit": item.unit.value,
                "price": item.price.piasters,
                "max_per_member": item.max_per_member,
                "max_per_household": item.max_per_household,
            }
        )
        for item in catalog
    }


def read_limit(table: Table) -> Limit:
    limit = Limit(per_transaction=table.money("per_transaction"), per_day=table.money("per_day"))
    table.done()
    return limit


def read_wallet(table: Table) -> WalletLimits:
    return WalletLimits(
        purchase=read_limit(table.table("purchase")),
        cash_withdrawal=read_limit(table.table("cash_withdrawal")),
        max_balance=table.money("max_balance"),
    )


def write_wallet(wallet: WalletLimits) -> Plain:
    return {
        "purchase": _write_limit(wallet.purchase),
        "cash_withdrawal": _write_limit(wallet.cash_withdrawal),
        "max_balance": wallet.max_balance.piasters,
    }


def _write_limit(limit: Limit) -> Plain:
    return {"per_transaction": limit.per_transaction.piasters, "per_day": limit.per_day.piasters}


def read_verification(table: Table) -> VerificationPolicy:
    pin = table.table("pin")
    pin_policy = PinPolicy(
        min_length=pin.integer("min_length"),
        max_length=pin.integer("max_length"),
        tries_before_lock=pin.integer("tries_before_lock"),
        unlock=pin.choice("unlock", PinUnlock),
    )
    pin.done()
    accepted = table.table("accepted")
    methods = {
        accepted.name_as(name, VerifiedTransaction): accepted.choices(name, Cvm) for name in accepted.names()
    }
    accepted.done()
    return VerificationPolicy(pin=pin_policy, accepted=methods)


def write_verification(verification: VerificationPolicy) -> Plain:
    pin = verification.pin
    return {
        "pin": {
            "min_length": pin.min_length,
            "max_length": pin.max_length,
            "tries_before_lock": pin.tries_before_lock,
            "unlock": pin.unlock.value,
        },
        # Enum order, not insertion order: equal policies must serialise to equal text.
        "accepted": {
            transaction.value: sorted(method.value for method in verification.accepted[transaction])
            for transaction in VerifiedTransaction
        },
    }


def read_copayment(table: Table) -> Copayment:
    copayment = Copayment(
        flat=table.money("flat"),
        rate_basis_points=table.integer("rate_basis_points"),
        cap=table.optional_money("cap"),
    )
    table.done()
    return copayment


def read_health(table: Table) -> HealthPolicy:
    copayments = table.table("copayments")
    shares = {
        copayments.name_as(name, VisitType): read_copayment(copayments.table(name))
        for name in copayments.names()
    }
    copayments.done()
    return HealthPolicy(
        copayments=shares,
        exempt=table.choices("exempt", ExemptCategory),
        minor_below_age=table.integer("minor_below_age"),
    )


def write_health(health: HealthPolicy) -> Plain:
    return {
        "copayments": {
            visit.value: _without_none(
                {
                    "flat": share.flat.piasters,
                    "rate_basis_points": share.rate_basis_points,
                    "cap": _piasters(share.cap),
                }
            )
            for visit, share in sorted(health.copayments.items(), key=lambda entry: _VISITS.index(entry[0]))
        },
        "exempt": sorted(category.value for category in health.exempt),
        "minor_below_age": health.minor_below_age,
    }
