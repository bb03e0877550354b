"""Endpoints for the platform, not for people: liveness, readiness, metrics. No token needed."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError

from unicard.adapters.db.schema import SchemaOutOfDate, ensure_current
from unicard.entrypoints.http_api.deps import ContainerDep
from unicard.entrypoints.http_api.metrics import HttpMetrics
from unicard.entrypoints.http_api.problems import Problem, respond
from unicard.entrypoints.http_api.schemas.problems import ProblemOut

router = APIRouter(tags=["service"])


class Health(BaseModel):
    status: Literal["ok", "ready"]


@router.get("/healthz", summary="The process is alive")
def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    summary="The database is reachable and its schema current",
    response_model=Health,
    responses={503: {"model": ProblemOut, "description": "Not ready: the problem says why."}},
)
def readyz(request: Request, container: ContainerDep) -> Health | JSONResponse:
    try:
        ensure_current(container.engine)
    except SchemaOutOfDate:
        return respond(request, Problem.of(503, "server.schema_out_of_date"))
    except SQLAlchemyError:
        return respond(request, Problem.of(503, "server.database_unreachable"))
    return Health(status="ready")


@router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    collected: HttpMetrics = request.app.state.metrics
    return Response(collected.exposition(), media_type=collected.content_type)
