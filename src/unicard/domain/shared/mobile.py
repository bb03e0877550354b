"""Egyptian mobile numbers, stored in E.164 (``+201xxxxxxxxx``); operator from the prefix."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

import phonenumbers

from unicard.domain.shared.errors import InvalidValue


class MobileOperator(enum.StrEnum):
    VODAFONE = "vodafone"
    ETISALAT = "etisalat"  # e& Egypt
    ORANGE = "orange"
    WE = "we"


_OPERATOR_BY_PREFIX = {
    "0": MobileOperator.VODAFONE,
    "1": MobileOperator.ETISALAT,
    "2": MobileOperator.ORANGE,
    "5": MobileOperator.WE,
}
_COMMON_FORM = re.compile(r"^(?:\+20|0020|0)(?P<national>1[0125]\d{8})$")
_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


@dataclass(frozen=True, slots=True)
class MobileNumber:
    e164: str
    operator: MobileOperator

    @classmethod
    def parse(cls, raw: str) -> MobileNumber:
        """Accept ``01012345678``, ``+20 101 234 5678``, ``00201012345678`` or ``201012345678``."""
        text = raw.strip().translate(_TO_ASCII)
        common = _COMMON_FORM.match(text)
        if common is not None:
            # The forms a registry file almost always holds, read without phonenumbers' general
            # parser (most of the time of a bulk import); anything else takes the full path.
            national = common["national"]
            return cls(f"+20{national}", _OPERATOR_BY_PREFIX[national[1]])
        if text.startswith("00"):
            text = "+" + text[2:]
        elif text.startswith("20") and len(text.replace(" ", "")) == 12:
            text = "+" + text
        try:
            number = phonenumbers.parse(text, "EG")
        except phonenumbers.NumberParseException:
            raise InvalidValue("mobile.unreadable", field="mobile", value=raw) from None
        if number.country_code != 20:
            raise InvalidValue(
                "mobile.not_egyptian", field="mobile", value=raw, country_code=number.country_code
            )
        national = str(number.national_number)
        if len(national) != 10 or not national.startswith("1"):
            raise InvalidValue("mobile.not_mobile", field="mobile", value=raw)
        operator = _OPERATOR_BY_PREFIX.get(national[1])
        if operator is None:
            raise InvalidValue(
                "mobile.unknown_operator", field="mobile", value=raw, prefix="01" + national[1]
            )
        return cls(f"+20{national}", operator)

    @property
    def local(self) -> str:
        return "0" + self.e164[3:]

    def masked(self) -> str:
        return self.e164[:6] + "*****" + self.e164[-2:]

    def __str__(self) -> str:
        return self.e164
