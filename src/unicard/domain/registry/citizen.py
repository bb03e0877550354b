"""A citizen of the registry, keyed by the national ID."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from unicard.domain.shared.clock import age_on
from unicard.domain.shared.errors import Conflict, InvalidValue
from unicard.domain.shared.governorates import RESIDENCE_CODES
from unicard.domain.shared.mobile import MobileNumber
from unicard.domain.shared.national_id import NationalId, Sex

#: A registered mobile is a line in the holder's own name, which Egyptian operators register
#: to adults only.
ADULT_AGE = 18

_ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
_LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z .'\-]*$")


@dataclass(frozen=True, slots=True)
class Citizen:
    national_id: NationalId
    name_ar: str
    name_latin: str | None
    residence_governorate: str
    mobile: MobileNumber | None
    deceased_on: dt.date | None = None
    version: int = 1

    @property
    def birth_date(self) -> dt.date:
        return self.national_id.birth_date

    @property
    def sex(self) -> Sex:
        return self.national_id.sex

    @property
    def is_alive(self) -> bool:
        return self.deceased_on is None

    def snapshot(self) -> dict[str, object]:
        """The record as plain data: kept as history and fingerprinted in the audit log."""
        return {
            "national_id": self.national_id.value,
            "name_ar": self.name_ar,
            "name_latin": self.name_latin,
            "birth_date": self.birth_date.isoformat(),
            "sex": self.sex.value,
            "residence_governorate": self.residence_governorate,
            "mobile": self.mobile.e164 if self.mobile else None,
            "deceased_on": self.deceased_on.isoformat() if self.deceased_on else None,
            "version": self.version,
        }

    def is_adult_on(self, day: dt.date) -> bool:
        return age_on(self.birth_date, day) >= ADULT_AGE

    @classmethod
    def create(
        cls,
        *,
        national_id: NationalId,
        name_ar: str,
        name_latin: str | None,
        residence_governorate: str,
        mobile: MobileNumber | None,
        today: dt.date,
        birth_date: dt.date | None = None,
        sex: Sex | None = None,
    ) -> Citizen:
        """Build a valid citizen; a stated birth date or sex must agree with the national ID."""
        if birth_date is not None and birth_date != national_id.birth_date:
            raise InvalidValue(
                "citizen.birth_date_mismatch",
                field="birth_date",
                stated=birth_date.isoformat(),
                encoded=national_id.birth_date.isoformat(),
            )
        if sex is not None and sex != national_id.sex:
            raise InvalidValue(
                "citizen.sex_mismatch", field="sex", stated=sex.value, encoded=national_id.sex.value
            )
        citizen = cls(
            national_id=national_id,
            name_ar=_clean_arabic_name(name_ar),
            name_latin=_clean_latin_name(name_latin),
            residence_governorate=_residence(residence_governorate),
            mobile=mobile,
        )
        citizen._check_mobile_holder(today)
        return citizen

    def with_changes(
        self,
        *,
        today: dt.date,
        name_ar: str | None = None,
        name_latin: str | None = None,
        residence_governorate: str | None = None,
        mobile: MobileNumber | None = None,
        clear_mobile: bool = False,
    ) -> Citizen:
        """The next version of this record; the national ID, and so birth date and sex, never change."""
        if not self.is_alive:
            raise Conflict("citizen.deceased", national_id=self.national_id.value)
        changed = replace(
            self,
            name_ar=self.name_ar if name_ar is None else _clean_arabic_name(name_ar),
            name_latin=self.name_latin if name_latin is None else _clean_latin_name(name_latin),
            residence_governorate=(
                self.residence_governorate
                if residence_governorate is None
                else _residence(residence_governorate)
            ),
            mobile=None if clear_mobile else (mobile or self.mobile),
            version=self.version + 1,
        )
        changed._check_mobile_holder(today)
        return changed

    def deceased(self, on: dt.date, *, today: dt.date) -> Citizen:
        if not self.is_alive:
            raise Conflict("citizen.already_deceased", national_id=self.national_id.value)
        if on < self.birth_date or on > today:
            raise InvalidValue("citizen.death_date", field="deceased_on", date=on.isoformat())
        return replace(self, deceased_on=on, version=self.version + 1)

    def _check_mobile_holder(self, today: dt.date) -> None:
        if self.mobile is not None and not self.is_adult_on(today):
            raise InvalidValue("citizen.minor_mobile", field="mobile", adult_age=ADULT_AGE)


def _clean_arabic_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidValue("citizen.name_ar_missing", field="name_ar")
    if not _ARABIC_LETTER.search(cleaned) or re.search(r"[A-Za-z0-9]", cleaned):
        raise InvalidValue("citizen.name_ar_not_arabic", field="name_ar", value=cleaned)
    return cleaned


def _clean_latin_name(name: str | None) -> str | None:
    if name is None or not name.strip():
        return None
    cleaned = " ".join(name.split())
    if not _LATIN_NAME.match(cleaned):
        raise InvalidValue("citizen.name_latin_invalid", field="name_latin", value=cleaned)
    return cleaned


def _residence(code: str) -> str:
    code = code.strip().zfill(2)
    if code not in RESIDENCE_CODES:
        raise InvalidValue("citizen.residence_governorate", field="residence_governorate", code=code)
    return code
