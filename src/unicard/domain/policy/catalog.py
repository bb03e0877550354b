"""The ration commodity catalog: what the monthly credit buys at the grocer, at subsidized prices."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass

from unicard.domain.policy.checks import arabic, count, key_path, positive, text
from unicard.domain.shared.errors import InvalidValue, NotFound
from unicard.domain.shared.money import Money

_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class Unit(enum.StrEnum):
    """What one unit of an item is; quantities are whole units (2 kg, 3 bottles)."""

    KG = "kg"
    LITRE = "litre"
    BOTTLE = "bottle"
    PACK = "pack"
    PIECE = "piece"


@dataclass(frozen=True, slots=True)
class CommodityItem:
    """``price`` is the subsidized price of one ``unit``; the monthly caps (None: no cap) count
    units per member of the household and per household, the smaller one applying.
    """

    code: str
    name_ar: str
    name_en: str
    unit: Unit
    price: Money
    max_per_member: int | None = None
    max_per_household: int | None = None

    def __post_init__(self) -> None:
        if not _CODE.match(self.code):
            raise InvalidValue("policy.code_format", field=key_path("catalog", self.code), value=self.code)
        arabic(self._key("name_ar"), self.name_ar)
        text(self._key("name_en"), self.name_en)
        positive(self._key("price"), self.price)
        for name in ("max_per_member", "max_per_household"):
            cap = getattr(self, name)
            if cap is not None:
                positive(self._key(name), cap)

    def _key(self, name: str) -> str:
        return key_path("catalog", self.code, name)

    def monthly_cap(self, members: int) -> int | None:
        """Units a household of ``members`` people may buy in a month (None: no cap)."""
        count("members", members)
        caps = [self.max_per_household] if self.max_per_household is not None else []
        if self.max_per_member is not None:
            caps.append(self.max_per_member * members)
        return min(caps) if caps else None


@dataclass(frozen=True, slots=True)
class Catalog:
    items: tuple[CommodityItem, ...]

    def __post_init__(self) -> None:
        if not self.items:
            raise InvalidValue("policy.catalog_empty", field="catalog")
        seen: set[str] = set()
        for item in self.items:
            if item.code in seen:
                raise InvalidValue(
                    "policy.duplicate_code", field=key_path("catalog", item.code), code=item.code
                )
            seen.add(item.code)

    def item(self, code: str) -> CommodityItem:
        """The item sold as ``code``; a basket line naming anything else is refused."""
        for item in self.items:
            if item.code == code:
                return item
        raise NotFound("policy.unknown_item", field="item", code=code)

    def __iter__(self) -> Iterator[CommodityItem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)
