"""Who sees full national IDs and mobiles: the masking policy of the registry API, in one place.

Supply offices and post counters must read the number to serve the citizen in front of them;
health officers and auditors recognise a person by name and the last digits.
"""

from __future__ import annotations

from dataclasses import dataclass

from unicard.domain.operators.operator import Operator, Role
from unicard.domain.shared.mobile import MobileNumber
from unicard.domain.shared.national_id import NationalId

FULL_NATIONAL_ID = frozenset({Role.ADMIN, Role.SUPPLY_OFFICER, Role.POST_CLERK})
FULL_MOBILE = frozenset({Role.ADMIN, Role.SUPPLY_OFFICER, Role.POST_CLERK})


@dataclass(frozen=True, slots=True)
class Disclosure:
    """What one viewer may see; an operator with several roles gets the widest of them."""

    full_national_id: bool
    full_mobile: bool

    @classmethod
    def for_viewer(cls, viewer: Operator) -> Disclosure:
        return cls(viewer.has_any_role(FULL_NATIONAL_ID), viewer.has_any_role(FULL_MOBILE))

    def national_id(self, value: str) -> str:
        return value if self.full_national_id else NationalId.parse(value).masked()

    def mobile(self, e164: str | None) -> str | None:
        if e164 is None or self.full_mobile:
            return e164
        return MobileNumber.parse(e164).masked()
