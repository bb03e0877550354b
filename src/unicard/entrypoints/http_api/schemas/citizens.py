"""Citizens of the registry as the API reads and writes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Literal, Self

from pydantic import BaseModel, Field

from unicard.domain.registry.household import Relation
from unicard.entrypoints.http_api.masking import Disclosure
from unicard.entrypoints.http_api.schemas.common import REASON, GovernorateOut, RequestBody
from unicard.services.citizens import CitizenChanges, CitizenDetails

NATIONAL_ID_DOC = "14-digit national ID (الرقم القومي); spaces, dashes and Arabic-Indic digits are accepted."
GOVERNORATE_DOC = "Two-digit governorate code of residence, e.g. 03 for Port Said."
MOBILE_DOC = "Egyptian mobile number, local (01012345678) or international (+201012345678)."


class CitizenRegistration(RequestBody):
    national_id: str = Field(description=NATIONAL_ID_DOC, examples=["28503140301237"])
    name_ar: str = Field(description="Full name in Arabic letters.", examples=["محمد أحمد علي حسن"])
    name_latin: str | None = Field(None, description="Full name in Latin letters, if known.")
    residence_governorate: str = Field(description=GOVERNORATE_DOC, examples=["03"])
    mobile: str | None = Field(None, description=MOBILE_DOC + " Adults only.")
    birth_date: dt.date | None = Field(None, description="If given, must agree with the national ID.")
    sex: Literal["M", "F"] | None = Field(None, description="If given, must agree with the national ID.")
    reason: Annotated[str, REASON] = "registration"

    def details(self) -> CitizenDetails:
        return CitizenDetails(
            national_id=self.national_id,
            name_ar=self.name_ar,
            residence_governorate=self.residence_governorate,
            name_latin=self.name_latin,
            mobile=self.mobile,
            birth_date=self.birth_date,
            sex=self.sex,
        )


class CitizenUpdate(RequestBody):
    """Only the fields sent change. ``mobile`` or ``name_latin`` sent as null are removed."""

    name_ar: str | None = Field(None, description="New Arabic name; omit to keep.")
    name_latin: str | None = Field(None, description="New Latin name; null removes it.")
    residence_governorate: str | None = Field(None, description=GOVERNORATE_DOC + " Omit to keep.")
    mobile: str | None = Field(None, description=MOBILE_DOC + " Null removes it.")
    reason: Annotated[str, REASON]

    def changes(self) -> CitizenChanges:
        sent = self.model_fields_set
        return CitizenChanges(
            name_ar=self.name_ar,
            # The use case keeps a None name and clears an empty one.
            name_latin="" if "name_latin" in sent and self.name_latin is None else self.name_latin,
            residence_governorate=self.residence_governorate,
            mobile=self.mobile,
            clear_mobile="mobile" in sent and self.mobile is None,
        )


class DeathRecord(RequestBody):
    date: dt.date = Field(description="Date of death (ISO 8601), not in the future.")
    reason: Annotated[str, REASON] = Field(examples=["civil registry death notice 123/2026"])


class CitizenMove(RequestBody):
    to_household: str = Field(description="Ration card number of the household the citizen joins.")
    relation: Relation = Field(description="Relation to the head of the new household.")
    reason: Annotated[str, REASON] = Field(examples=["marriage"])


class CitizenOut(BaseModel):
    national_id: str = Field(description="In full, or masked (last four digits) for roles that need less.")
    name_ar: str
    name_latin: str | None
    birth_date: dt.date = Field(description="As encoded in the national ID.")
    sex: Literal["M", "F"] = Field(description="As encoded in the national ID.")
    birth_governorate: GovernorateOut = Field(description="As encoded in the national ID.")
    residence_governorate: GovernorateOut
    mobile: str | None = Field(description="E.164, in full or masked by role.")
    alive: bool
    deceased_on: dt.date | None
    version: int = Field(description="Increases with every change; earlier versions are in the history.")

    @classmethod
    def of(cls, snapshot: Mapping[str, object], disclosure: Disclosure, **more: object) -> Self:
        """From a record's snapshot, current or historical (``Citizen.snapshot()``)."""
        national_id = str(snapshot["national_id"])
        mobile = snapshot.get("mobile")
        return cls.model_validate(
            {
                **snapshot,
                "national_id": disclosure.national_id(national_id),
                "mobile": disclosure.mobile(str(mobile) if mobile else None),
                "birth_governorate": GovernorateOut.of(national_id[7:9]),
                "residence_governorate": GovernorateOut.of(str(snapshot["residence_governorate"])),
                "alive": snapshot.get("deceased_on") is None,
                **more,
            }
        )


class CitizenDetail(CitizenOut):
    household_number: str | None = Field(description="Ration card number of the citizen's household, if any.")


class CitizenPage(BaseModel):
    items: list[CitizenOut]
    limit: int
    offset: int


class CitizenVersionOut(BaseModel):
    version: int
    changed_by: str = Field(description="Username of the operator who made this version.")
    changed_at: dt.datetime
    reason: str
    record: CitizenOut = Field(description="The record as it was at this version.")
