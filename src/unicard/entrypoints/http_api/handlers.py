"""The one place that turns exceptions into problem responses (unexpected ones: see middleware)."""

from __future__ import annotations

import dataclasses

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from unicard.domain.shared.errors import DomainError
from unicard.entrypoints.http_api import validation
from unicard.entrypoints.http_api.problems import Problem, from_domain_error, respond


async def _on_domain_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    return respond(request, from_domain_error(error))


async def _on_invalid_request(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return respond(request, validation.problem_of(error.errors()))


async def _on_http_error(request: Request, error: Exception) -> JSONResponse:
    """Starlette's own refusals: no route matched, or the route takes another method."""
    assert isinstance(error, HTTPException)
    if error.status_code == 404:
        problem = Problem.of(404, "request.no_such_route")
    elif error.status_code == 405:
        problem = Problem.of(405, "request.method_not_allowed", {"method": request.method})
    else:
        problem = Problem.of(error.status_code, "request.http_error", {"status": error.status_code})
    # Keeps e.g. the Allow header of a 405.
    return respond(request, dataclasses.replace(problem, headers=dict(error.headers or {})))


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _on_domain_error)
    app.add_exception_handler(RequestValidationError, _on_invalid_request)
    app.add_exception_handler(HTTPException, _on_http_error)
