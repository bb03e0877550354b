"""A household (ration-card family): its members, its head, its status."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field, replace

from unicard.domain.shared.errors import Conflict, InvalidValue, NotFound
from unicard.domain.shared.governorates import RESIDENCE_CODES

_CARD_NUMBER = re.compile(r"^\d{6,16}$")


class Relation(enum.StrEnum):
    HEAD = "head"
    SPOUSE = "spouse"
    SON = "son"
    DAUGHTER = "daughter"
    FATHER = "father"
    MOTHER = "mother"
    OTHER = "other"


class HouseholdStatus(enum.StrEnum):
    ACTIVE = "active"
    NEEDS_HEAD = "needs_head"  # the head died or moved out; supply office must name a new one
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class Household:
    """``number`` is the legacy ration card number, the household's key in every ministry file."""

    number: str
    governorate: str
    members: dict[str, Relation] = field(default_factory=dict)  # national ID → relation
    grocer_id: str | None = None
    status: HouseholdStatus = HouseholdStatus.ACTIVE
    version: int = 1

    @classmethod
    def create(cls, *, number: str, governorate: str, head: str, grocer_id: str | None = None) -> Household:
        number = number.strip()
        if not _CARD_NUMBER.match(number):
            raise InvalidValue("household.number", field="number", value=number)
        governorate = governorate.strip().zfill(2)
        if governorate not in RESIDENCE_CODES:
            raise InvalidValue("household.governorate", field="governorate", code=governorate)
        return cls(
            number=number,
            governorate=governorate,
            members={head: Relation.HEAD},
            grocer_id=grocer_id,
        )

    @property
    def head(self) -> str | None:
        return next((nid for nid, rel in self.members.items() if rel is Relation.HEAD), None)

    @property
    def is_open(self) -> bool:
        return self.status is not HouseholdStatus.CLOSED

    def snapshot(self) -> dict[str, object]:
        return {
            "number": self.number,
            "governorate": self.governorate,
            "members": {nid: rel.value for nid, rel in sorted(self.members.items())},
            "grocer_id": self.grocer_id,
            "status": self.status.value,
            "version": self.version,
        }

    def with_member(self, national_id: str, relation: Relation) -> Household:
        self._require_open()
        if national_id in self.members:
            raise Conflict("household.already_member", number=self.number, national_id=national_id)
        if relation is Relation.HEAD:
            raise Conflict("household.head_via_set_head", number=self.number)
        return self._next(members={**self.members, national_id: relation})

    def without_member(self, national_id: str) -> Household:
        """A member leaves (death, move); a departing head leaves the household needing a head."""
        self._require_open()
        if national_id not in self.members:
            raise NotFound("household.not_member", number=self.number, national_id=national_id)
        members = {nid: rel for nid, rel in self.members.items() if nid != national_id}
        if not members:
            return self._next(members=members, status=HouseholdStatus.CLOSED)
        if self.members[national_id] is Relation.HEAD:
            return self._next(members=members, status=HouseholdStatus.NEEDS_HEAD)
        return self._next(members=members)

    def with_head(self, national_id: str, former_head_relation: Relation = Relation.OTHER) -> Household:
        """Name a member as head; the former head, if still a member, takes ``former_head_relation``."""
        self._require_open()
        if national_id not in self.members:
            raise NotFound("household.not_member", number=self.number, national_id=national_id)
        members = {
            nid: (former_head_relation if rel is Relation.HEAD else rel) for nid, rel in self.members.items()
        }
        members[national_id] = Relation.HEAD
        return self._next(members=members, status=HouseholdStatus.ACTIVE)

    def with_grocer(self, grocer_id: str | None) -> Household:
        self._require_open()
        return self._next(grocer_id=grocer_id)

    def _require_open(self) -> None:
        if not self.is_open:
            raise Conflict("household.closed", number=self.number)

    def _next(self, **changes: object) -> Household:
        return replace(self, version=self.version + 1, **changes)  # type: ignore[arg-type]
