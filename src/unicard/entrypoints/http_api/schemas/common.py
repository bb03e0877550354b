"""Shapes shared by every subject."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from unicard.domain.shared.governorates import governorate


class RequestBody(BaseModel):
    """A request body: unknown fields are refused, so a misspelt field is not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class GovernorateOut(BaseModel):
    code: str = Field(description="Two-digit code, as in digits 8–9 of the national ID (03 = Port Said).")
    name_ar: str = Field(description="Arabic name.")
    name_en: str = Field(description="English name.")

    @classmethod
    def of(cls, code: str) -> GovernorateOut:
        known = governorate(code)
        if known is None:  # stored codes were validated on the way in; keep the answer, not a 500
            return cls(code=code, name_ar=code, name_en=code)
        return cls(code=known.code, name_ar=known.name_ar, name_en=known.name_en)


REASON = Field(min_length=1, max_length=500, description="Why the change is made; kept with the new version.")
