"""Egyptian pounds held as an integer number of piasters (100 piasters = EGP 1).

Never a float: ``Money(20)`` is a loaf at 20 piasters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from unicard.domain.shared.errors import InvalidValue

Language = Literal["ar", "en"]

_ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
# Bidi marks carry no meaning in an amount; ``format("ar")`` writes one before the minus sign.
_BIDI_MARKS = "\u061c\u200e\u200f"
_TO_ASCII = str.maketrans(_ARABIC_INDIC + "۰۱۲۳۴۵۶۷۸۹٫٬", "0123456789" * 2 + ".,", _BIDI_MARKS)
# The Arabic letter mark keeps the minus sign at the start of the number in right-to-left text
# (CLDR's minus sign for "ar"); a one-to-two mapping, hence the dict form.
_TO_ARABIC = str.maketrans(
    {**dict(zip("0123456789", _ARABIC_INDIC, strict=True)), ".": "٫", ",": "٬", "-": "\u061c-"}
)
_CURRENCY_MARKS = re.compile(
    r"(?i)^(egp|le|l\.e\.|ج\.م\.?|جنيه(?:ا)?)\s*|\s*(egp|le|l\.e\.|ج\.م\.?|جنيه(?:ا)?)$"
)
_AMOUNT = re.compile(r"^(?P<sign>-)?(?P<pounds>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<piasters>\d{1,2}))?$")


@dataclass(frozen=True, slots=True, order=True)
class Money:
    piasters: int

    def __post_init__(self) -> None:
        # bool is an int subclass; True piasters is a bug, not an amount.
        if type(self.piasters) is not int:
            raise InvalidValue("money.not_integer", field="amount", value=repr(self.piasters))

    @classmethod
    def pounds(cls, pounds: int, piasters: int = 0) -> Money:
        return cls(pounds * 100 + piasters)

    @classmethod
    def parse(cls, raw: str) -> Money:
        """Read "12.50", "EGP 1,250.5", "١٢٫٥٠ ج.م" or "-3"; at most two decimal places."""
        text = raw.strip().translate(_TO_ASCII)
        text = _CURRENCY_MARKS.sub("", text).strip()
        match = _AMOUNT.match(text)
        if match is None:
            raise InvalidValue("money.unreadable", field="amount", value=raw)
        pounds = int(match["pounds"].replace(",", ""))
        piasters = int((match["piasters"] or "0").ljust(2, "0"))
        total = pounds * 100 + piasters
        return cls(-total if match["sign"] else total)

    def __add__(self, other: Money) -> Money:
        return Money(self.piasters + other.piasters)

    def __sub__(self, other: Money) -> Money:
        return Money(self.piasters - other.piasters)

    def __neg__(self) -> Money:
        return Money(-self.piasters)

    def __mul__(self, factor: int) -> Money:
        if type(factor) is not int:
            raise InvalidValue("money.not_integer", field="factor", value=repr(factor))
        return Money(self.piasters * factor)

    __rmul__ = __mul__

    @property
    def is_negative(self) -> bool:
        return self.piasters < 0

    def format(self, language: Language = "en") -> str:
        """``EGP 1,250.50`` in English; ``١٬٢٥٠٫٥٠ ج.م.`` in Arabic (Arabic-Indic digits)."""
        pounds, piasters = divmod(abs(self.piasters), 100)
        number = f"{'-' if self.is_negative else ''}{pounds:,}.{piasters:02d}"
        if language == "ar":
            return f"{number.translate(_TO_ARABIC)} ج.م."
        return f"EGP {number}"

    def __str__(self) -> str:
        return self.format("en")


ZERO = Money(0)


def to_arabic_digits(text: str) -> str:
    """Western digits to Arabic-Indic, for numbers shown in Arabic text."""
    return text.translate(str.maketrans("0123456789", _ARABIC_INDIC))
