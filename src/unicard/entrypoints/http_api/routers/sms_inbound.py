"""``POST /api/v1/sms/inbound``: the SMS gateway hands over an SMS a citizen sent us.

Not an operator's or a citizen's route: the gateway proves itself with an HMAC-SHA256 signature
of ``<timestamp>.<raw body>`` under ``UNICARD_SMS_INBOUND_SECRET`` (``X-Unicard-Signature``),
and a timestamp (``X-Unicard-Timestamp``, Unix seconds) within the allowed age, so a captured
request cannot be replayed. Checked in that order: configured (503), genuine (401), body (422).
"""

from __future__ import annotations

from typing import Annotated

import structlog
from fastapi import APIRouter, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from unicard.adapters.security.webhook_signature import is_genuine
from unicard.bootstrap import Container
from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.mobile import MobileNumber
from unicard.entrypoints.http_api.deps import ContainerDep
from unicard.entrypoints.http_api.problems import Problem, respond
from unicard.entrypoints.http_api.schemas.problems import described
from unicard.entrypoints.http_api.schemas.sms_inbound import InboundSmsIn, InboundSmsOut
from unicard.services.cards import inbound_sms as sms_inbound
from unicard.services.operators import AuthenticationFailed

router = APIRouter(prefix="/sms", tags=["sms gateway"])
log = structlog.get_logger(__name__)


@router.post(
    "/inbound",
    summary="An SMS a citizen sent (the SMS gateway's webhook)",
    openapi_extra={
        "x-auth": "sms-gateway",
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": InboundSmsIn.model_json_schema(by_alias=True)}},
        },
    },
    response_model=InboundSmsOut,
    responses={
        401: described("Signature missing or wrong (sms_inbound.bad_signature), or timestamp stale."),
        503: described("UNICARD_SMS_INBOUND_SECRET is not set (sms_inbound.not_configured)."),
    },
)
async def inbound(
    request: Request,
    container: ContainerDep,
    timestamp: Annotated[str | None, Header(alias="X-Unicard-Timestamp")] = None,
    signature: Annotated[str | None, Header(alias="X-Unicard-Signature")] = None,
) -> InboundSmsOut | JSONResponse:
    secret = container.settings.sms_inbound_secret.get_secret_value()
    if not secret:
        return respond(request, Problem.of(503, "sms_inbound.not_configured"))
    raw = await request.body()  # the signature covers these exact bytes, not a re-encoding
    _authenticate(container, secret, timestamp or "", raw, signature or "")
    body = _parse(raw)
    outcome = await run_in_threadpool(
        sms_inbound.receive, container.uow_factory, container.clock, body.to_sms()
    )
    log.info(
        "sms_inbound.received",
        message_id=body.message_id[:64],
        sender=_masked(body.sender),
        length=len(body.text),  # never the text: it may be anything a citizen typed
        outcome=outcome.value,
    )
    return InboundSmsOut(message_id=body.message_id, outcome=outcome)


def _authenticate(container: Container, secret: str, timestamp: str, raw: bytes, signature: str) -> None:
    max_age = container.settings.sms_inbound_max_age_seconds
    if not timestamp.isascii() or not timestamp.isdigit():
        raise AuthenticationFailed("sms_inbound.stale", seconds=max_age)
    # The signature first: an unsigned request learns nothing about our clock.
    if not is_genuine(secret, timestamp, raw, signature):
        raise AuthenticationFailed("sms_inbound.bad_signature")
    age = container.clock.now().timestamp() - int(timestamp)
    if abs(age) > max_age:
        raise AuthenticationFailed("sms_inbound.stale", seconds=max_age)


def _parse(raw: bytes) -> InboundSmsIn:
    try:
        return InboundSmsIn.model_validate_json(raw)
    except ValidationError as error:
        # The same 422 problem as any other body FastAPI checks ("body" first, as FastAPI puts it).
        raise RequestValidationError(
            [{**item, "loc": ("body", *item["loc"])} for item in error.errors(include_url=False)]
        ) from None


def _masked(sender: str) -> str:
    try:
        return MobileNumber.parse(sender).masked()
    except InvalidValue:
        return "unparsed:" + sender[-2:]
