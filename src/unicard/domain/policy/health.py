"""Health (UHIA): the co-payment taken from the wallet at a provider, and who is exempt."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from unicard.domain.policy.checks import key_path, non_negative, not_below, within
from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.money import ZERO, Money

_WHOLE = 10_000  # basis points in 100 %
_MAX_AGE = 21


class VisitType(enum.StrEnum):
    FAMILY_DOCTOR = "family_doctor"
    SPECIALIST = "specialist"
    HOME_VISIT = "home_visit"
    EMERGENCY = "emergency"
    MEDICINES = "medicines"
    LAB_TESTS = "lab_tests"
    IMAGING = "imaging"
    INPATIENT = "inpatient"


class ExemptCategory(enum.StrEnum):
    MINOR = "minor"  # younger than ``HealthPolicy.minor_below_age``
    PENSIONER = "pensioner"
    CHRONIC_ILLNESS = "chronic_illness"  # chronic diseases and tumours
    UNABLE_TO_PAY = "unable_to_pay"  # "غير القادرين": the state pays their share


@dataclass(frozen=True, slots=True)
class Copayment:
    """``flat`` plus ``rate_basis_points`` of the service cost (1000 = 10 %), at most ``cap``
    (None: no cap). UHIA sets most shares as a percentage with a ceiling, hence the three parts.
    """

    flat: Money
    rate_basis_points: int = 0
    cap: Money | None = None

    def check(self, path: str) -> None:
        non_negative(f"{path}.flat", self.flat)
        within(f"{path}.rate_basis_points", self.rate_basis_points, 0, _WHOLE)
        if self.cap is not None:
            not_below(f"{path}.cap", self.cap, f"{path}.flat", self.flat)

    def amount(self, cost: Money) -> Money:
        """The citizen's share of a service costing ``cost``; half a piaster rounds up."""
        non_negative("cost", cost)
        share = Money((cost.piasters * self.rate_basis_points * 2 + _WHOLE) // (2 * _WHOLE))
        total = self.flat + share
        return total if self.cap is None else min(total, self.cap)


@dataclass(frozen=True, slots=True)
class HealthPolicy:
    copayments: Mapping[VisitType, Copayment]
    exempt: frozenset[ExemptCategory]
    minor_below_age: int

    def __post_init__(self) -> None:
        for visit in VisitType:
            field = key_path("health", "copayments", visit)
            copayment = self.copayments.get(visit)
            if copayment is None:
                raise InvalidValue("policy.missing_entry", field=field)
            copayment.check(field)
        within("health.minor_below_age", self.minor_below_age, 1, _MAX_AGE)

    def copayment(
        self, visit: VisitType, cost: Money, categories: frozenset[ExemptCategory] = frozenset()
    ) -> Money:
        """What a citizen in ``categories`` pays from the wallet for ``visit`` costing ``cost``."""
        if categories & self.exempt:
            return ZERO
        return self.copayments[visit].amount(cost)
