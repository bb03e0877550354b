"""The Egyptian national ID (الرقم القومي): 14 digits ``C YYMMDD GG SSSS K``.

Everything but the check digit is validated: there is no public algorithm for digit 14 and the
popular mod-11 formula rejects real IDs, so the check digit is never grounds for rejection.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.governorates import GOVERNORATES, Governorate

_CENTURIES = {"2": 1900, "3": 2000}


class Sex(enum.StrEnum):
    MALE = "M"
    FEMALE = "F"


def _reject(reason: str, value: str, **params: object) -> InvalidValue:
    return InvalidValue(f"national_id.{reason}", field="national_id", value=value, **params)


@dataclass(frozen=True, slots=True)
class NationalId:
    value: str
    birth_date: dt.date
    governorate: Governorate
    sex: Sex

    @classmethod
    def parse(cls, raw: str, *, today: dt.date | None = None) -> NationalId:
        """Validate ``raw`` (spaces and dashes allowed) or raise :class:`InvalidValue`.

        ``today`` bounds the birth date; pass the injected clock's date.
        """
        value = raw.strip().replace(" ", "").replace("-", "")
        value = value.translate(_ARABIC_INDIC_TO_ASCII)
        # An empty entry is a length problem, not a character problem.
        if value and not (value.isascii() and value.isdigit()):
            raise _reject("not_digits", value)
        if len(value) != 14:
            raise _reject("wrong_length", value, length=len(value))
        century = _CENTURIES.get(value[0])
        if century is None:
            raise _reject("century", value, digit=value[0])
        birth_date = _birth_date(value, century)
        if today is not None and birth_date > today:
            raise _reject("birth_in_future", value, date=birth_date.strftime("%d-%m-%Y"))
        governorate = GOVERNORATES.get(value[7:9])
        if governorate is None:
            raise _reject("governorate", value, code=value[7:9])
        sex = Sex.MALE if int(value[12]) % 2 else Sex.FEMALE
        return cls(value, birth_date, governorate, sex)

    def masked(self) -> str:
        """Shown to roles that need to recognise a person but not to know the number."""
        return "*" * 10 + self.value[10:]

    def __str__(self) -> str:
        return self.value


def _birth_date(value: str, century: int) -> dt.date:
    year, month, day = century + int(value[1:3]), int(value[3:5]), int(value[5:7])
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _reject("birth_date", value, date=f"{day:02d}-{month:02d}-{year}") from None


_ARABIC_INDIC_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
