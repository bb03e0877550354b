"""The problem body (RFC 9457) every error response carries, for the OpenAPI description."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class FieldProblemOut(BaseModel):
    field: str = Field(description="The request field, dotted for nested ones (members.0.relation).")
    code: str
    detail_ar: str
    detail_en: str


class ProblemOut(BaseModel):
    """Served as ``application/problem+json``; ``title``/``detail`` follow ``Accept-Language``."""

    type: str = Field(description="https://unicard.example/problems/<code>")
    title: str = Field(description="Short summary of the kind of problem, in the negotiated language.")
    status: int
    detail: str = Field(description="What exactly is wrong, in the negotiated language (Arabic by default).")
    code: str = Field(description="Stable machine-readable code, e.g. national_id.birth_date.")
    title_ar: str
    title_en: str
    detail_ar: str
    detail_en: str
    field: str | None = Field(None, description="The field at fault, when there is one.")
    errors: list[FieldProblemOut] | None = Field(None, description="request.invalid only: every bad field.")
    request_id: str = Field(description="Also in the X-Request-ID header and in every log line.")


def described(description: str) -> dict[str, Any]:
    return {"model": ProblemOut, "description": description}


#: Declared on every /api/v1 route; the OpenAPI hook serves them as application/problem+json.
API_PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: described("No, invalid or expired token (auth.*), or a wrong password at sign-in."),
    403: described("The operator's role is not admitted, or the record is outside their governorates."),
    404: described("No such record."),
    409: described("The request contradicts what is recorded (a duplicate, a broken rule)."),
    422: described("A value is malformed or a field is missing; the problem names it."),
}
