"""The citizen app's requests and answers: sign-in code, session, and the citizen's own record."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from unicard.entrypoints.http_api.schemas.accounts import AmountOut
from unicard.entrypoints.http_api.schemas.common import RequestBody
from unicard.locale.catalog import render
from unicard.services.app.session import CitizenProfile


class CodeRequest(RequestBody):
    national_id: str = Field(max_length=40, examples=["28503140300137"])
    mobile: str = Field(max_length=40, description="The mobile registered in the citizen's name.")


class CodeRequested(BaseModel):
    """The same answer whether or not the details match a registered citizen."""

    status: Literal["accepted"] = "accepted"
    message_ar: str
    message_en: str
    expires_in: int = Field(description="Seconds a code is valid once it arrives.")
    resend_after: int = Field(description="Seconds before another code may be asked for.")

    @classmethod
    def of(cls, expires_in: int, resend_after: int) -> CodeRequested:
        return cls(
            message_ar=render("app.code_requested", {}, "ar"),
            message_en=render("app.code_requested", {}, "en"),
            expires_in=expires_in,
            resend_after=resend_after,
        )


class SessionRequest(RequestBody):
    national_id: str = Field(max_length=40, examples=["28503140300137"])
    code: str = Field(max_length=20, description="The six digits of the SMS (Arabic digits accepted).")


class CitizenToken(BaseModel):
    access_token: str = Field(description="Send as `Authorization: Bearer <token>` to /api/v1/app/ routes.")
    token_type: Literal["bearer"] = "bearer"
    audience: Literal["citizen"] = "citizen"
    expires_in: int = Field(description="Seconds until the token expires; then ask for a new code.")


class CitizenMe(BaseModel):
    national_id: str
    name_ar: str
    name_latin: str | None
    mobile: str | None = Field(description="The registered mobile, masked: +20101*****78.")
    household_number: str | None = Field(description="The household (ration card) the citizen belongs to.")
    wallet_balance: AmountOut | None = Field(description="Null when the citizen has no wallet account.")

    @classmethod
    def of(cls, profile: CitizenProfile) -> CitizenMe:
        return cls(
            national_id=profile.national_id,
            name_ar=profile.name_ar,
            name_latin=profile.name_latin,
            mobile=profile.mobile_masked,
            household_number=profile.household_number,
            wallet_balance=AmountOut.maybe(profile.wallet_balance),
        )
