"""A recorded fact value, and how a feed file writes one (human units) versus how it is kept.

Files write values as people read them: money in pounds with at most two decimals (``1250.50``),
farmland in decimal feddans (column ``farmland_feddans``: ``10.5``) or whole qirats, energy and
gas in whole kWh and m³, counts and model years as whole numbers, a profession as a short code.
Each is converted *exactly* to the fact's base unit (piasters, qirats…); a value that does not
convert exactly (``0.1`` feddan is 2.4 qirats) is refused rather than rounded, so a criterion
never reads a number nobody wrote.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from fractions import Fraction

from unicard.domain.eligibility.facts import FACTS, Agency, FactKind, FactUnit
from unicard.domain.shared.errors import InvalidValue

QIRATS_PER_FEDDAN = 24
_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789.")
_NUMBER = re.compile(r"^(?P<sign>[-+])?(?P<whole>\d+)(?:\.(?P<fraction>\d+))?$")
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
#: How a unit's cell is written, for error messages and the format page.
UNIT_FORMS: dict[FactUnit, str] = {
    FactUnit.PIASTERS: "EGP, up to 2 decimals",
    FactUnit.KWH: "whole kWh",
    FactUnit.CUBIC_METRES: "whole m³",
    FactUnit.QIRATS: "whole qirats (24 to the feddan)",
    FactUnit.COUNT: "a whole number",
    FactUnit.YEAR: "a four-digit year",
    FactUnit.CODE: "a code: lower-case letters, digits, _",
}
#: Written units per base unit where they differ: money is written in pounds.
_SCALE = {FactUnit.PIASTERS: 100}
#: Columns that give a fact in another unit than its key's.
_ALIASES = {"farmland_feddans": ("farmland_qirats", QIRATS_PER_FEDDAN)}
_EARLIEST_YEAR = 1900


@dataclass(frozen=True, slots=True)
class FactValue:
    """One fact of one citizen: ``value`` in the base unit for a numeric fact, else ``code``."""

    national_id: str
    fact: str
    value: int | None
    code: str | None
    as_of: dt.date
    source: str  # the agency, or appeal:<id>
    feed_import_id: int | None = None


@dataclass(frozen=True, slots=True)
class FactRecord:
    """A row of a citizen's fact history."""

    id: int
    fact: FactValue
    recorded_at: dt.datetime
    note: str | None


def fact_kind(key: str) -> FactKind:
    kind = FACTS.get(key)
    if kind is None:
        raise InvalidValue("feeds.unknown_fact", field="fact", fact=key, known=", ".join(sorted(FACTS)))
    return kind


@dataclass(frozen=True, slots=True)
class FeedColumn:
    """A column a feed file may have: the fact it gives, and how many base units one written unit is."""

    name: str
    kind: FactKind
    scale: int

    @property
    def form(self) -> str:
        return (
            "feddans, in whole qirats (1/24)"
            if self.scale == QIRATS_PER_FEDDAN
            else UNIT_FORMS[self.kind.unit]
        )


def feed_column(name: str) -> FeedColumn | None:
    """The column of that name, or None: a fact key (values in the fact's human unit), or an
    alias naming another unit for the same fact (``farmland_feddans`` for ``farmland_qirats``)."""
    if name in _ALIASES:
        fact, scale = _ALIASES[name]
        return FeedColumn(name, FACTS[fact], scale)
    kind = FACTS.get(name)
    return FeedColumn(name, kind, _SCALE.get(kind.unit, 1)) if kind is not None else None


def parse_cell(column: FeedColumn, text: str, as_of: dt.date) -> int | str:
    """The cell as the fact's base value; raises :class:`InvalidValue` naming why not."""
    kind = column.kind
    cleaned = text.strip().translate(_TO_ASCII)
    if kind.unit is FactUnit.CODE:
        return _code(kind, cleaned, text)
    amount = _number(column, cleaned, text)
    exact = amount * column.scale
    if exact.denominator != 1:
        raise InvalidValue("feeds.not_exact", field=column.name, value=text, form=column.form)
    if kind.unit is FactUnit.YEAR:
        _check_year(kind, int(exact), text, as_of)
    return int(exact)


def checked_value(kind: FactKind, value: int | None, code: str | None) -> tuple[int | None, str | None]:
    """A value given in the base unit already (an appeal's correction): the right kind, not negative."""
    if kind.numeric:
        if value is None or code is not None:
            raise InvalidValue("feeds.number_expected", field=kind.key, fact=kind.key)
        if value < 0:
            raise InvalidValue("feeds.negative", field=kind.key, value=str(value))
        return value, None
    if code is None or value is not None:
        raise InvalidValue("feeds.code_expected", field=kind.key, fact=kind.key)
    return None, _code(kind, code.strip(), code)


def _number(column: FeedColumn, cleaned: str, raw: str) -> Fraction:
    match = _NUMBER.match(cleaned)
    if match is None:
        raise InvalidValue("feeds.not_a_number", field=column.name, value=raw, form=column.form)
    if match["sign"] == "-" and (int(match["whole"]) or int(match["fraction"] or "0")):
        raise InvalidValue("feeds.negative", field=column.name, value=raw)
    fraction = match["fraction"] or ""
    return Fraction(int(match["whole"] + fraction), 10 ** len(fraction))


def _code(kind: FactKind, cleaned: str, raw: str) -> str:
    code = cleaned.lower()
    if not _CODE.match(code):
        raise InvalidValue("feeds.bad_code", field=kind.key, value=raw)
    return code


def _check_year(kind: FactKind, year: int, raw: str, as_of: dt.date) -> None:
    # Next year's models are on sale before the year begins; later than that is a typing error.
    if not _EARLIEST_YEAR <= year <= as_of.year + 1:
        raise InvalidValue("feeds.year_out_of_range", field=kind.key, value=raw, latest=as_of.year + 1)


#: The civil registry's deaths feed column: not a fact, a registry event (the citizen dies).
DIED_ON = "died_on"


def parse_agency(text: str) -> Agency:
    try:
        return Agency(text.strip().lower())
    except ValueError:
        known = ", ".join(agency.value for agency in Agency)
        raise InvalidValue("feeds.unknown_agency", field="agency", agency=text, known=known) from None


def columns_of(agency: Agency) -> tuple[str, ...]:
    """The columns a file of ``agency`` may have after ``national_id``, in catalog order."""
    facts = tuple(kind.key for kind in FACTS.values() if kind.agency is agency)
    aliases = tuple(alias for alias, (fact, _) in _ALIASES.items() if FACTS[fact].agency is agency)
    return (*facts, *aliases, DIED_ON) if agency is Agency.CIVIL_REGISTRY else (*facts, *aliases)
