"""A merchant: its id, kind, names, governorate and status."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace

from unicard.domain.merchants.ids import parse_merchant_id
from unicard.domain.merchants.kinds import MerchantKind
from unicard.domain.shared.errors import Conflict, InvalidValue
from unicard.domain.shared.governorates import RESIDENCE_CODES

MAX_NAME_LENGTH = 120
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")


class MerchantStatus(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"  # temporarily barred (an inspection, unpaid dues); may come back
    CLOSED = "closed"  # for good; the record stays for its history and settlement


@dataclass(frozen=True, slots=True)
class Merchant:
    id: str
    kind: MerchantKind
    name_ar: str
    governorate: str
    name_en: str | None = None
    status: MerchantStatus = MerchantStatus.ACTIVE

    @classmethod
    def create(
        cls, *, id: str, kind: MerchantKind, name_ar: str, governorate: str, name_en: str | None = None
    ) -> Merchant:
        """A new, active merchant; the id must name its kind and governorate."""
        governorate = parse_governorate(governorate)
        parts = parse_merchant_id(id)
        if parts.kind is not kind:
            raise InvalidValue("merchant.id_kind", field="id", value=id, kind=kind.value, prefix=kind.prefix)
        if parts.governorate != governorate:
            raise InvalidValue(
                "merchant.id_governorate_differs", field="id", value=id, governorate=governorate
            )
        return cls(id.strip().upper(), kind, _name_ar(name_ar), governorate, _name_en(name_en))

    @property
    def is_active(self) -> bool:
        return self.status is MerchantStatus.ACTIVE

    def renamed(
        self, *, name_ar: str | None = None, name_en: str | None = None, clear_name_en: bool = False
    ) -> Merchant:
        self._require_open()
        return replace(
            self,
            name_ar=self.name_ar if name_ar is None else _name_ar(name_ar),
            name_en=None if clear_name_en else (self.name_en if name_en is None else _name_en(name_en)),
        )

    def with_status(self, status: MerchantStatus) -> Merchant:
        """Suspend, reactivate or close; a closed merchant stays closed."""
        if status is self.status:
            return self
        self._require_open()
        return replace(self, status=status)

    def snapshot(self) -> dict[str, object]:
        """The record as plain data, fingerprinted in the audit log."""
        return {
            "id": self.id,
            "kind": self.kind.value,
            "name_ar": self.name_ar,
            "name_en": self.name_en,
            "governorate": self.governorate,
            "status": self.status.value,
        }

    def _require_open(self) -> None:
        if self.status is MerchantStatus.CLOSED:
            raise Conflict("merchant.closed", merchant_id=self.id)


def parse_kind(raw: str) -> MerchantKind:
    try:
        return MerchantKind(raw.strip().lower())
    except ValueError:
        allowed = ", ".join(kind.value for kind in MerchantKind)
        raise InvalidValue("merchant.kind", field="kind", value=raw, allowed=allowed) from None


def parse_status(raw: str) -> MerchantStatus:
    try:
        return MerchantStatus(raw.strip().lower())
    except ValueError:
        allowed = ", ".join(status.value for status in MerchantStatus)
        raise InvalidValue("merchant.status", field="status", value=raw, allowed=allowed) from None


def parse_governorate(raw: str) -> str:
    code = raw.strip().zfill(2)
    if code not in RESIDENCE_CODES:
        raise InvalidValue("merchant.governorate", field="governorate", code=raw.strip())
    return code


def _name_ar(raw: str) -> str:
    name = " ".join(raw.split())
    if not name:
        raise InvalidValue("merchant.name_ar_missing", field="name_ar")
    if not _ARABIC_LETTER.search(name):
        raise InvalidValue("merchant.name_ar_not_arabic", field="name_ar", value=name)
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidValue("merchant.name_too_long", field="name_ar", maximum=MAX_NAME_LENGTH)
    return name


def _name_en(raw: str | None) -> str | None:
    name = " ".join((raw or "").split())
    if not name:
        return None
    if _ARABIC_LETTER.search(name):
        raise InvalidValue("merchant.name_en_arabic", field="name_en", value=name)
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidValue("merchant.name_too_long", field="name_en", maximum=MAX_NAME_LENGTH)
    return name
