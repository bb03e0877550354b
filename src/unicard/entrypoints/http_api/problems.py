"""Every error as an RFC 9457 problem (``application/problem+json``) in Arabic and English.

The body carries the stable ``code`` of the domain error, both languages in ``*_ar``/``*_en``,
and ``title``/``detail`` in the language the client asked for. No stack trace ever goes out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from fastapi import Request
from fastapi.responses import JSONResponse

from unicard.domain.merchants.access import TerminalRefused
from unicard.domain.shared.errors import Conflict, DomainError, Forbidden, InvalidValue, NotFound
from unicard.entrypoints.http_api.languages import negotiate
from unicard.locale.catalog import Language, render
from unicard.services.operators import AuthenticationFailed

TYPE_BASE = "https://unicard.example/problems/"
MEDIA_TYPE = "application/problem+json"
LANGUAGES: tuple[Language, ...] = ("ar", "en")

_STATUS_OF: tuple[tuple[type[DomainError], int], ...] = (
    (AuthenticationFailed, 401),
    (TerminalRefused, 401),
    (InvalidValue, 422),
    (NotFound, 404),
    (Conflict, 409),
    (Forbidden, 403),
)
_TITLES = {
    400: "problem.bad_request",
    401: "problem.unauthenticated",
    403: "problem.forbidden",
    404: "problem.not_found",
    405: "problem.method_not_allowed",
    409: "problem.conflict",
    422: "problem.invalid",
    500: "problem.internal",
    503: "problem.unavailable",
}
# RFC 6750 §3.1: a request without credentials gets a bare challenge, a bad token gets an error.
_BAD_TOKEN = frozenset(
    {"auth.token_invalid", "auth.token_expired", "auth.operator_inactive", "auth.citizen_inactive"}
)


@dataclasses.dataclass(frozen=True, slots=True)
class Problem:
    status: int
    code: str
    detail: Mapping[Language, str]
    field: str | None = None
    extensions: Mapping[str, object] = dataclasses.field(default_factory=dict)
    headers: Mapping[str, str] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(
        cls,
        status: int,
        code: str,
        params: Mapping[str, object] | None = None,
        *,
        field: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Problem:
        """A problem whose detail is the catalog message for ``code`` filled from ``params``."""
        detail = {language: render(code, params or {}, language) for language in LANGUAGES}
        return cls(status, code, detail, field, headers=headers or {})

    def response(self, request_id: str, language: Language) -> JSONResponse:
        title = {lang: render(_title_code(self.status), {}, lang) for lang in LANGUAGES}
        body: dict[str, object] = {
            "type": TYPE_BASE + self.code,
            "title": title[language],
            "status": self.status,
            "detail": self.detail[language],
            "code": self.code,
            "title_ar": title["ar"],
            "title_en": title["en"],
            "detail_ar": self.detail["ar"],
            "detail_en": self.detail["en"],
            **({"field": self.field} if self.field else {}),
            **self.extensions,
            "request_id": request_id,
        }
        headers = {"Content-Language": language, "Vary": "Accept-Language", **self.headers}
        return JSONResponse(body, status_code=self.status, headers=headers, media_type=MEDIA_TYPE)


def from_domain_error(error: DomainError) -> Problem:
    status = next((status for kind, status in _STATUS_OF if isinstance(error, kind)), 400)
    field = error.params.get("field")
    headers = {}
    if status == 401 and error.code.startswith("terminal."):
        headers["WWW-Authenticate"] = 'Basic realm="unicard terminals"'
    elif status == 401 and error.code.startswith("sms_inbound."):
        # The SMS gateway signs its webhook (docs/sms.md); a bearer challenge would mislead it.
        headers["WWW-Authenticate"] = 'Signature realm="unicard sms gateway", algorithm="hmac-sha256"'
    elif status == 401:
        bad_token = ', error="invalid_token"' if error.code in _BAD_TOKEN else ""
        headers["WWW-Authenticate"] = f'Bearer realm="unicard"{bad_token}'
    return Problem.of(status, error.code, error.params, field=str(field) if field else None, headers=headers)


def internal_error(request_id: str) -> Problem:
    return Problem.of(500, "server.internal", {"request_id": request_id})


def respond(request: Request, problem: Problem) -> JSONResponse:
    language = negotiate(request.headers.get("accept-language"))
    return problem.response(request_id_of(request), language)


def request_id_of(request: Request) -> str:
    """Set by the request-context middleware before anything can fail."""
    return str(getattr(request.state, "request_id", "-"))


def _title_code(status: int) -> str:
    return _TITLES.get(status, "problem.internal" if status >= 500 else "problem.bad_request")
