"""Benefit policy as versioned data (ARCHITECTURE.md principle 5; figures in POLICY.md).

A :class:`BenefitPolicy` is one complete version of the rules; a :class:`PolicyBook` holds every
version and answers which one governs a Cairo business day. The rules that read a version are
methods of its sections: ``policy.ration.credit(members)``, ``policy.bread.citizen_price(loaves)``.
Money is :class:`~unicard.domain.shared.money.Money` (integer piasters) throughout.
"""

from unicard.domain.policy.book import PolicyBook
from unicard.domain.policy.bread import BreadPolicy, PointsSpendable
from unicard.domain.policy.catalog import Catalog, CommodityItem, Unit
from unicard.domain.policy.checks import key_path, under
from unicard.domain.policy.health import Copayment, ExemptCategory, HealthPolicy, VisitType
from unicard.domain.policy.policy import SECTIONS, BenefitPolicy
from unicard.domain.policy.ration import RationPeriod, RationPolicy, UnusedCredit
from unicard.domain.policy.verification import (
    Cvm,
    PinPolicy,
    PinUnlock,
    VerificationPolicy,
    VerifiedTransaction,
)
from unicard.domain.policy.wallet import Limit, WalletLimits

__all__ = [
    "SECTIONS",
    "BenefitPolicy",
    "BreadPolicy",
    "Catalog",
    "CommodityItem",
    "Copayment",
    "Cvm",
    "ExemptCategory",
    "HealthPolicy",
    "Limit",
    "PinPolicy",
    "PinUnlock",
    "PointsSpendable",
    "PolicyBook",
    "RationPeriod",
    "RationPolicy",
    "Unit",
    "UnusedCredit",
    "VerificationPolicy",
    "VerifiedTransaction",
    "VisitType",
    "WalletLimits",
    "key_path",
    "under",
]
