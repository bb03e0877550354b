"""The named values a template is filled with: how each is checked, stored and shown.

A notification is rendered when it is sent, not when it is queued (the outbox keeps the
template id, the language and the params), so params are stored as JSON: money as an integer of
piasters, counts as integers, a month as ``YYYY-MM``, a name as text or ``{"ar": …, "en": …}``.
:meth:`Param.encode` turns what a caller hands in into that form, refusing what does not fit,
so a wrong param fails the caller's test instead of a delivery at night.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass
from typing import cast

from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.money import Language, Money, to_arabic_digits

#: What a stored param may be.
Stored = int | str | dict[str, str]

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
# Egypt writes the Gregorian months by these names (not the Levantine كانون الثاني …).
_MONTHS_AR = (
    "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
    "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
)  # fmt: skip
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


class ParamKind(enum.StrEnum):
    MONEY = "money"  # Money, shown as ١٬٢٥٠٫٥٠ ج.م. / EGP 1,250.50
    COUNT = "count"  # a whole number (loaves), Arabic-Indic digits in Arabic
    TEXT = "text"  # a name or a message: str, or Bilingual when it has an English form
    MONTH = "month"  # a benefit period: a date in it, or "YYYY-MM"
    REFERENCE = "reference"  # a number a citizen quotes (an appeal's): digits, never grouped


@dataclass(frozen=True, slots=True)
class Bilingual:
    """A name with its Arabic form and, if it has one, its English form (else Arabic is used)."""

    ar: str
    en: str | None = None


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    kind: ParamKind
    # TEXT only: longer text is cut to this many characters, so that no merchant's long name can
    # push an SMS past its segment budget.
    max_length: int = 0

    def encode(self, value: object) -> Stored:
        """The stored (JSON) form of what a caller hands in; a value of the wrong type is refused."""
        stored = _ENCODERS[self.kind](value)
        if stored is None:
            raise self._mistyped(value)
        return stored

    def show(self, stored: object, language: Language) -> str:
        """A stored value as a reader of ``language`` sees it."""
        if not _STORED_CHECKS[self.kind](stored):
            raise self._mistyped(stored)
        if self.kind is ParamKind.MONEY:
            return Money(cast("int", stored)).format(language)
        if self.kind is ParamKind.COUNT:
            return _number(cast("int", stored), language)
        if self.kind is ParamKind.MONTH:
            return _month(cast("str", stored), language)
        if self.kind is ParamKind.REFERENCE:
            return to_arabic_digits(cast("str", stored)) if language == "ar" else cast("str", stored)
        return _text(cast("str | dict[str, str]", stored), language, self.max_length)

    def _mistyped(self, value: object) -> InvalidValue:
        return InvalidValue(
            "notification.param_type", field=self.name, kind=self.kind.value, value=repr(value)
        )


def _encode_money(value: object) -> Stored | None:
    # Only Money: a bare int could be pounds or piasters, and the reader would see the difference.
    return value.piasters if isinstance(value, Money) else None


def _encode_count(value: object) -> Stored | None:
    return value if isinstance(value, int) and _is_int(value) else None


def _encode_text(value: object) -> Stored | None:
    if isinstance(value, Bilingual):
        return {"ar": value.ar, "en": value.en or value.ar}
    return value if isinstance(value, str) else None


def _encode_month(value: object) -> Stored | None:
    if isinstance(value, dt.date):
        return f"{value:%Y-%m}"
    return value if isinstance(value, str) and _is_month(value) else None


def _encode_reference(value: object) -> Stored | None:
    text = str(value) if _is_int(value) else value
    return text if isinstance(text, str) and _is_reference(text) else None


_ENCODERS = {
    ParamKind.MONEY: _encode_money,
    ParamKind.COUNT: _encode_count,
    ParamKind.TEXT: _encode_text,
    ParamKind.MONTH: _encode_month,
    ParamKind.REFERENCE: _encode_reference,
}


def _is_int(value: object) -> bool:
    return type(value) is int  # bool is an int subclass, and never a count


def _is_text(value: object) -> bool:
    if isinstance(value, dict):
        return set(value) == {"ar", "en"} and all(isinstance(text, str) for text in value.values())
    return isinstance(value, str)


def _is_month(value: object) -> bool:
    return isinstance(value, str) and _MONTH.match(value) is not None


def _is_reference(value: object) -> bool:
    return isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 12


_STORED_CHECKS = {
    ParamKind.MONEY: _is_int,
    ParamKind.COUNT: _is_int,
    ParamKind.TEXT: _is_text,
    ParamKind.MONTH: _is_month,
    ParamKind.REFERENCE: _is_reference,
}


def _number(value: int, language: Language) -> str:
    grouped = f"{value:,}"
    return to_arabic_digits(grouped).replace(",", "٬") if language == "ar" else grouped


def _month(stored: str, language: Language) -> str:
    year, month = (int(part) for part in stored.split("-"))
    if language == "ar":
        return f"{_MONTHS_AR[month - 1]} {to_arabic_digits(str(year))}"
    return f"{_MONTHS_EN[month - 1]} {year}"


def _text(stored: str | dict[str, str], language: Language, max_length: int) -> str:
    text = stored[language] if isinstance(stored, dict) else stored
    # A name is one line: a newline in a registry field must not reshape the message.
    text = " ".join(text.split())
    if max_length and len(text) > max_length:
        # The ellipsis is UCS-2; an English message keeps GSM-7 (160 characters) with dots.
        marker = "…" if language == "ar" else "..."
        text = text[: max_length - len(marker)].rstrip() + marker
    return text
