"""Eligibility decisions in words: an outcome, and each criterion's result with its value.

Values are shown in the units a person reads (EGP, feddans, kWh), converted back from the
catalog's base units; Arabic uses the rule file's Arabic label, English its English label.
"""

from __future__ import annotations

from decimal import Decimal

from unicard.domain.eligibility.evaluation import Outcome, Reason, Result
from unicard.domain.eligibility.facts import FACTS, FactUnit
from unicard.domain.eligibility.rules import Criterion
from unicard.domain.shared.money import Money
from unicard.locale.catalog import Language, render

_UNITS: dict[FactUnit, tuple[str, str]] = {
    FactUnit.KWH: ("كيلووات ساعة", "kWh"),
    FactUnit.CUBIC_METRES: ("متر مكعب", "m³"),
    FactUnit.QIRATS: ("فدان", "feddans"),
    FactUnit.COUNT: ("", ""),
    FactUnit.YEAR: ("", ""),
}


def outcome_words(outcome: Outcome, language: Language) -> str:
    return render(f"eligibility.outcome.{outcome.value}", {}, language)


def reason_words(criterion: Criterion, reason: Reason, language: Language) -> str:
    label = criterion.label_ar if language == "ar" else criterion.label_en
    code = reason.result.value
    if reason.result is Result.NOT_HELD and reason.value is None:
        code = "not_held_none"
    member = (
        render("eligibility.reason.member", {"national_id": reason.national_id}, language)
        if reason.national_id
        else ""
    )
    params = {
        "label": label,
        "value": value_words(criterion.fact, reason.value, language),
        "member": member,
        "source": reason.source or "—",
        "as_of": reason.as_of.isoformat() if reason.as_of else "—",
    }
    return render(f"eligibility.reason.{code}", params, language)


def value_words(fact: str, value: int | str | None, language: Language) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    unit = FACTS[fact].unit
    if unit is FactUnit.PIASTERS:
        return Money(value).format(language)
    if unit is FactUnit.QIRATS:
        feddans = Decimal(value) / 24
        shown = f"{feddans.quantize(Decimal('0.01')).normalize():f}"
        return f"{shown} {_UNITS[unit][0 if language == 'ar' else 1]}"
    words = _UNITS[unit][0 if language == "ar" else 1]
    return f"{value} {words}".strip()
