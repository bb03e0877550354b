"""Thresholds as an analyst writes them (EGP, feddans) to the catalog's base units, exactly.

A value that does not land on a whole base unit (EGP 0.005, a third of a qirat) is refused, not
rounded: a threshold nobody wrote must never decide a household.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from unicard.domain.eligibility.facts import FactUnit
from unicard.domain.shared.errors import InvalidValue

#: The units a threshold may be written in, per base unit, and how many base units each is.
HUMAN_UNITS: dict[FactUnit, dict[str, int]] = {
    FactUnit.PIASTERS: {"EGP": 100, "piasters": 1},
    FactUnit.KWH: {"kWh": 1},
    FactUnit.CUBIC_METRES: {"m3": 1},
    FactUnit.QIRATS: {"feddan": 24, "qirat": 1},
    FactUnit.COUNT: {"count": 1},
    FactUnit.YEAR: {"year": 1},
}
#: Units that may be left out: a count of cars is a count, a model year a year.
DEFAULT_UNIT: dict[FactUnit, str] = {FactUnit.COUNT: "count", FactUnit.YEAR: "year", FactUnit.KWH: "kWh"}
_DECIMAL = re.compile(r"^\d+(\.\d+)?$")


def to_base(value: object, unit: str, base: FactUnit, *, field: str) -> int:
    """``value`` written in ``unit`` as an integer of ``base`` units; ``field`` names it in errors."""
    factors = HUMAN_UNITS.get(base, {})
    if unit not in factors:
        raise InvalidValue(
            "eligibility.rule.wrong_unit", field=field, unit=unit, allowed=", ".join(factors) or "—"
        )
    amount = _decimal(value, field=field)
    base_units = amount * factors[unit]
    if base_units != base_units.to_integral_value():
        raise InvalidValue("eligibility.rule.inexact", field=field, value=str(value), unit=unit)
    return int(base_units)


def _decimal(value: object, *, field: str) -> Decimal:
    if isinstance(value, bool):
        raise InvalidValue("eligibility.rule.threshold", field=field, value=str(value))
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        text = repr(value)  # the shortest text that reads back as this float: what was written
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "")
    else:
        raise InvalidValue("eligibility.rule.threshold", field=field, value=str(value))
    if not _DECIMAL.match(text):
        raise InvalidValue("eligibility.rule.threshold", field=field, value=str(value))
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise InvalidValue("eligibility.rule.threshold", field=field, value=str(value)) from None
