"""Accounts: who holds what, in which unit, and how low the balance may go.

A kind fixes the unit, the kind of owner and the balance rule, so an account cannot disagree
with its kind. What a positive balance means for each kind is in the package docstring.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TypeAlias

from unicard.domain.ledger.units import Unit
from unicard.domain.shared.errors import InvalidValue

AccountId: TypeAlias = str


class OwnerType(enum.StrEnum):
    CITIZEN = "citizen"
    HOUSEHOLD = "household"
    MERCHANT = "merchant"
    SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class Owner:
    """``id``: a national ID, a ration card number, a merchant id, or a system name."""

    type: OwnerType
    id: str

    def __post_init__(self) -> None:
        if not self.id.strip():
            raise InvalidValue("ledger.owner_id_missing", field="owner", owner_type=self.type.value)

    @classmethod
    def citizen(cls, national_id: str) -> Owner:
        return cls(OwnerType.CITIZEN, national_id)

    @classmethod
    def household(cls, ration_card_number: str) -> Owner:
        return cls(OwnerType.HOUSEHOLD, ration_card_number)

    @classmethod
    def merchant(cls, merchant_id: str) -> Owner:
        return cls(OwnerType.MERCHANT, merchant_id)

    @classmethod
    def system(cls, name: str) -> Owner:
        return cls(OwnerType.SYSTEM, name)


@dataclass(frozen=True, slots=True)
class BalanceRule:
    """``floor``: the lowest balance a debit may leave; ``None``: no floor, the balance may go negative."""

    floor: int | None

    def allows(self, balance: int) -> bool:
        return self.floor is None or balance >= self.floor


NOT_BELOW_ZERO = BalanceRule(0)
NO_FLOOR = BalanceRule(None)


class AccountKind(enum.StrEnum):
    WALLET = "wallet"
    RATION_CREDIT = "ration_credit"
    BREAD_QUOTA = "bread_quota"
    BREAD_POINTS = "bread_points"
    MERCHANT_SETTLEMENT = "merchant_settlement"
    BAKERY_SUBSIDY_CLAIM = "bakery_subsidy_claim"
    BAKERY_BREAD = "bakery_bread"
    HEALTH_PROVIDER = "health_provider"
    BILLER = "biller"
    MINISTRY_FUNDING = "ministry_funding"
    BREAD_ISSUE = "bread_issue"
    BREAD_POINTS_ISSUE = "bread_points_issue"
    G2P_FUNDING = "g2p_funding"
    POST_CASH = "post_cash"
    SUSPENSE = "suspense"

    @property
    def unit(self) -> Unit:
        return _TERMS[self].unit

    @property
    def owner_type(self) -> OwnerType:
        return _TERMS[self].owner_type

    @property
    def rule(self) -> BalanceRule:
        return _TERMS[self].rule


@dataclass(frozen=True, slots=True)
class _Terms:
    unit: Unit
    owner_type: OwnerType
    rule: BalanceRule


# Only what a citizen or household holds has a floor: that is the "51 insufficient funds / quota"
# rule. Merchant accounts have none, because a refund after payout must still go through (the
# merchant then owes the scheme); funding accounts have none, because they run negative by design.
_TERMS: dict[AccountKind, _Terms] = {
    AccountKind.WALLET: _Terms(Unit.EGP, OwnerType.CITIZEN, NOT_BELOW_ZERO),
    AccountKind.RATION_CREDIT: _Terms(Unit.EGP, OwnerType.HOUSEHOLD, NOT_BELOW_ZERO),
    AccountKind.BREAD_QUOTA: _Terms(Unit.LOAF, OwnerType.HOUSEHOLD, NOT_BELOW_ZERO),
    AccountKind.BREAD_POINTS: _Terms(Unit.BREAD_POINT, OwnerType.HOUSEHOLD, NOT_BELOW_ZERO),
    AccountKind.MERCHANT_SETTLEMENT: _Terms(Unit.EGP, OwnerType.MERCHANT, NO_FLOOR),
    AccountKind.BAKERY_SUBSIDY_CLAIM: _Terms(Unit.EGP, OwnerType.MERCHANT, NO_FLOOR),
    AccountKind.BAKERY_BREAD: _Terms(Unit.LOAF, OwnerType.MERCHANT, NO_FLOOR),
    AccountKind.HEALTH_PROVIDER: _Terms(Unit.EGP, OwnerType.MERCHANT, NO_FLOOR),
    AccountKind.BILLER: _Terms(Unit.EGP, OwnerType.MERCHANT, NO_FLOOR),
    AccountKind.MINISTRY_FUNDING: _Terms(Unit.EGP, OwnerType.SYSTEM, NO_FLOOR),
    AccountKind.BREAD_ISSUE: _Terms(Unit.LOAF, OwnerType.SYSTEM, NO_FLOOR),
    AccountKind.BREAD_POINTS_ISSUE: _Terms(Unit.BREAD_POINT, OwnerType.SYSTEM, NO_FLOOR),
    AccountKind.G2P_FUNDING: _Terms(Unit.EGP, OwnerType.SYSTEM, NO_FLOOR),
    AccountKind.POST_CASH: _Terms(Unit.EGP, OwnerType.SYSTEM, NO_FLOOR),
    AccountKind.SUSPENSE: _Terms(Unit.EGP, OwnerType.SYSTEM, NO_FLOOR),
}


@dataclass(frozen=True, slots=True)
class Account:
    """One balance of one owner in one unit. Several accounts may share a kind and an owner
    (e.g. the ministry's funding split over many rows so that no single row is hot)."""

    id: AccountId
    kind: AccountKind
    owner: Owner

    def __post_init__(self) -> None:
        if not self.id.strip():
            raise InvalidValue("ledger.account_id_missing", field="account_id")
        if self.owner.type is not self.kind.owner_type:
            raise InvalidValue(
                "ledger.owner_mismatch",
                field="owner",
                kind=self.kind.value,
                owner_type=self.owner.type.value,
                expected=self.kind.owner_type.value,
            )

    @property
    def unit(self) -> Unit:
        return self.kind.unit

    @property
    def rule(self) -> BalanceRule:
        return self.kind.rule
