"""Households (ration-card families) as the API reads and writes them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from unicard.domain.registry.household import HouseholdStatus, Relation
from unicard.entrypoints.http_api.masking import Disclosure
from unicard.entrypoints.http_api.schemas.common import REASON, GovernorateOut, RequestBody
from unicard.services.households import HouseholdView

CARD_NUMBER_DOC = "Legacy ration card number (6–16 digits), the household's key in every ministry file."


class MemberIn(RequestBody):
    national_id: str = Field(description="National ID of a registered, living citizen in no other household.")
    relation: Relation = Field(description="Relation to the head (not head: name a head with PUT …/head).")


class HouseholdCreation(RequestBody):
    number: str = Field(description=CARD_NUMBER_DOC, examples=["1234567890"])
    governorate: str = Field(description="Two-digit governorate code, e.g. 03 for Port Said.")
    head: str = Field(description="National ID of the head of the household.")
    members: list[MemberIn] = Field(default_factory=list, description="Other members, with their relation.")
    reason: Annotated[str, REASON] = "new ration card"


class MemberAddition(MemberIn):
    reason: Annotated[str, REASON] = Field(examples=["newborn"])


class HeadChange(RequestBody):
    national_id: str = Field(description="National ID of the member who becomes head; an adult.")
    former_head_relation: Relation = Field(
        Relation.OTHER, description="The relation the former head, if still a member, takes."
    )
    reason: Annotated[str, REASON] = Field(examples=["head deceased; widow takes the card"])


class MemberOut(BaseModel):
    national_id: str = Field(description="In full, or masked (last four digits) for roles that need less.")
    relation: Relation
    name_ar: str | None = Field(description="Null only if the citizen's record cannot be read.")
    sex: Literal["M", "F"] | None
    birth_date: dt.date | None
    alive: bool | None


class HouseholdOut(BaseModel):
    number: str = Field(description=CARD_NUMBER_DOC)
    governorate: GovernorateOut
    status: HouseholdStatus = Field(description="needs_head: the head died or left; name a new one.")
    head: str | None = Field(description="National ID of the head (masked by role), if any.")
    grocer_id: str | None = Field(description="The assigned grocer, once merchants exist.")
    version: int
    members: list[MemberOut]

    @classmethod
    def of(cls, view: HouseholdView, disclosure: Disclosure) -> HouseholdOut:
        household = view.household
        members = []
        for national_id, relation in sorted(household.members.items(), key=_head_first):
            citizen = view.citizens.get(national_id)
            members.append(
                MemberOut(
                    national_id=disclosure.national_id(national_id),
                    relation=relation,
                    name_ar=citizen.name_ar if citizen else None,
                    sex=citizen.sex.value if citizen else None,
                    birth_date=citizen.birth_date if citizen else None,
                    alive=citizen.is_alive if citizen else None,
                )
            )
        return cls(
            number=household.number,
            governorate=GovernorateOut.of(household.governorate),
            status=household.status,
            head=disclosure.national_id(household.head) if household.head else None,
            grocer_id=household.grocer_id,
            version=household.version,
            members=members,
        )


def _head_first(member: tuple[str, Relation]) -> tuple[bool, str]:
    national_id, relation = member
    return relation is not Relation.HEAD, national_id


class HouseholdMoveOut(BaseModel):
    left: HouseholdOut = Field(description="The household the citizen left.")
    joined: HouseholdOut = Field(description="The household the citizen joined.")
