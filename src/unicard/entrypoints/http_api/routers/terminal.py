"""``POST /api/v1/terminal/transactions``: the one door every REST terminal uses.

Terminals authenticate with HTTP Basic (terminal id and secret) and send an ``Idempotency-Key``
with every request: a retry with the same key and body gets the original answer and changes
nothing; the same key with another body is refused (409). A decline is an answer, not an
error: it comes back 200 with its ISO 8583 response code.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import structlog
from fastapi import APIRouter, Depends, Header, Request, Response
from fastapi.security import HTTPBasic, HTTPBasicCredentials
from starlette.concurrency import run_in_threadpool

from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.shared.errors import DomainError, InvalidValue
from unicard.entrypoints.http_api.deps import ContainerDep
from unicard.entrypoints.http_api.languages import negotiate
from unicard.entrypoints.http_api.schemas.terminal import TransactionIn, TransactionOut
from unicard.locale.catalog import Language, render
from unicard.services.payments.engine import Submission
from unicard.services.payments.group_commit import Authorizer, GroupCommitAuthorizer
from unicard.services.payments.requests import Answer

router = APIRouter(prefix="/terminal", tags=["terminal"])
basic = HTTPBasic(description="Terminal id and terminal secret.", auto_error=False)
_MAX_KEY = 64
log = structlog.get_logger(__name__)


@router.post(
    "/transactions", summary="Authorize a transaction from a terminal", openapi_extra={"x-auth": "terminal"}
)
async def authorize(
    request: Request,
    response: Response,
    container: ContainerDep,
    body: TransactionIn,
    credentials: Annotated[HTTPBasicCredentials | None, Depends(basic)],
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=_MAX_KEY)] = None,
) -> TransactionOut:
    if not idempotency_key or not idempotency_key.strip():
        raise InvalidValue("idempotency.key_missing", field="Idempotency-Key")
    submission = Submission(
        terminal_id=credentials.username if credentials else "",
        secret=credentials.password if credentials else "",
        idempotency_key=idempotency_key.strip(),
        request=body.to_request(),
    )
    try:
        answer = await _authorized(container.authorization, submission)
    except DomainError:
        raise  # refused before any answer: a bad terminal (401), a reused key (409)
    except Exception:
        # A terminal speaks ISO 8583: an unexpected failure (the database gone, a bug) is a 96
        # answer it knows to retry with the same key, not an HTTP 500. Nothing was committed.
        log.exception("authorization.failed")
        answer = _malfunction(request.state.request_id)
    if answer.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    language = negotiate(request.headers.get("accept-language"))
    return TransactionOut.of(answer, _messages(answer), language)


async def _authorized(authorizer: Authorizer, submission: Submission) -> Answer:
    """The answer, without a thread waiting for a batch's commit where that can be helped: a
    bread or ration request from a terminal already known is queued for group commit and
    awaited here; anything that may wait on the database runs in the thread pool."""
    if isinstance(authorizer, GroupCommitAuthorizer):
        loop = asyncio.get_running_loop()
        answered = loop.create_future()
        ticket = authorizer.submit(submission, lambda: loop.call_soon_threadsafe(_settle, answered))
        if ticket is not None:
            await answered
            answer = ticket.answer()
            if answer is not None:
                return answer
            return await run_in_threadpool(authorizer.alone, submission)
    return await run_in_threadpool(authorizer.authorize, submission)


def _settle(answered: asyncio.Future[None]) -> None:
    if not answered.done():  # cancelled meanwhile: the request was abandoned, not its answer
        answered.set_result(None)


def _messages(answer: Answer) -> dict[Language, str]:
    code = answer.reason or f"response.{answer.response.value}"
    return {"ar": render(code, answer.reason_params, "ar"), "en": render(code, answer.reason_params, "en")}


def _malfunction(request_id: str) -> Answer:
    """Named after the request id, so support can find the log of what went wrong."""
    return Answer(
        transaction_id=request_id,
        response=ResponseCode.SYSTEM_MALFUNCTION,
        reason=None,
        reason_params={},
        receipt={},
        policy_version=None,
    )
