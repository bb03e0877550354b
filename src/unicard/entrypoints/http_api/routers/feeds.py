"""``/api/v1/feeds/{agency}``: an agency's data file (CSV body) imported whole or not at all.

The body is spooled to a temporary file as it arrives, then imported exactly as
``unicard feed import`` does (docs/formats/feeds.md). A refused file answers 422 with code
``feeds.refused`` and its first errors (row, column, value, reason in both languages).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from unicard.adapters.csvfiles.reader import CsvRecords
from unicard.adapters.db.bulk.feeds import SqlFeedImportUnitOfWork
from unicard.bootstrap import Container
from unicard.domain.operators.operator import Operator, Role
from unicard.entrypoints.http_api.deps import ContainerDep
from unicard.entrypoints.http_api.problems import Problem, respond
from unicard.entrypoints.http_api.schemas.feeds import FeedImportOut
from unicard.entrypoints.http_api.security import requires
from unicard.locale.catalog import render
from unicard.services.feeds.imports import FeedOutcome, FeedRequest, import_feed
from unicard.services.feeds.layout import FEED

router = APIRouter(prefix="/feeds", tags=["feeds"])

Steward = Annotated[Operator, Depends(requires(Role.ADMIN, Role.DATA_STEWARD))]
#: Errors listed in a refusal; the total is always given.
_LISTED_ERRORS = 100
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@router.post(
    "/{agency}",
    summary="Import an agency's facts by national ID (CSV body), whole or not at all",
    status_code=status.HTTP_201_CREATED,
    openapi_extra={
        "requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}, "required": True}
    },
    response_model=FeedImportOut,
)
async def import_feed_file(
    request: Request,
    actor: Steward,
    container: ContainerDep,
    agency: str,
    as_of: Annotated[dt.date, Query(description="The date the values are as of (YYYY-MM-DD).")],
    file_name: Annotated[str | None, Query(max_length=120, description="Recorded in the audit log.")] = None,
) -> FeedImportOut | JSONResponse:
    name = _SAFE_NAME.sub("_", file_name or f"{agency}-{as_of.isoformat()}.csv")
    with tempfile.TemporaryDirectory(prefix="unicard-feed-") as folder:
        path = Path(folder) / name
        with path.open("wb") as spool:
            async for chunk in request.stream():
                spool.write(chunk)
        feed = FeedRequest(agency, as_of, actor.username)
        outcome = await run_in_threadpool(_import, container, path, feed)
    if not outcome.accepted:
        return respond(request, _refusal(outcome))
    return FeedImportOut.of(outcome)


def _import(container: Container, path: Path, feed: FeedRequest) -> FeedOutcome:
    source = CsvRecords(path, FEED)
    uow = SqlFeedImportUnitOfWork(container.engine)
    return import_feed(uow, container.clock, source, tuple(source.columns), feed)


def _refusal(outcome: FeedOutcome) -> Problem:
    listed = [
        {
            "row": error.row,
            "column": error.column,
            "value": error.value,
            "code": error.code,
            "reason_ar": render(error.code, error.params, "ar"),
            "reason_en": render(error.code, error.params, "en"),
        }
        for error in outcome.errors.listed[:_LISTED_ERRORS]
    ]
    problem = Problem.of(422, "feeds.refused", {"errors": outcome.errors.total, "rows": outcome.rows})
    return dataclasses.replace(problem, extensions={"error_count": outcome.errors.total, "errors": listed})
