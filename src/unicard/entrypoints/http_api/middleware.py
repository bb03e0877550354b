"""Around every request: a request id, one access log line, metrics, and the last-resort 500.

A pure ASGI middleware rather than ``BaseHTTPMiddleware``: it sees the route template that the
router writes into the scope, and it catches what no exception handler did, so the client gets
a problem+json (never a stack trace) and the log gets the traceback with the request id.
"""

from __future__ import annotations

import re
import time
import uuid

import structlog
from fastapi.routing import iter_route_contexts
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from unicard.entrypoints.http_api.metrics import HttpMetrics
from unicard.entrypoints.http_api.problems import internal_error, respond

HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# National IDs in paths (/citizens/{national_id}) are personal data: logs keep the last four.
_NATIONAL_ID = re.compile(r"(?<!\d)\d{10}(\d{4})(?!\d)")

log = structlog.get_logger("unicard.http")


class RequestContext:
    def __init__(self, app: ASGIApp, metrics: HttpMetrics) -> None:
        self.app = app
        self.metrics = metrics
        self.templates = _RouteTemplates()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        request_id = _request_id(request.headers.get(HEADER))
        request.state.request_id = request_id
        status, started = 500, time.perf_counter()
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status, response_started = message["status"], True
                MutableHeaders(scope=message)[HEADER] = request_id
            await send(message)

        path = _NATIONAL_ID.sub(r"**********\1", request.url.path)
        with structlog.contextvars.bound_contextvars(request_id=request_id, method=request.method, path=path):
            try:
                await self.app(scope, receive, send_with_id)
            except Exception:
                log.exception("request.failed")
                if response_started:
                    raise  # too late for a problem body; the server drops the connection
                await respond(request, internal_error(request_id))(scope, receive, send_with_id)
            finally:
                seconds = time.perf_counter() - started
                route = self.templates.of(scope)
                self.metrics.observe(method=request.method, route=route, status=status, seconds=seconds)
                log.info("request", route=route, status=status, duration_ms=round(seconds * 1000, 2))


def _request_id(offered: str | None) -> str:
    """The caller's id if it is a plain token (so it can be logged safely), else a fresh one."""
    if offered and _SANE_ID.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


class _RouteTemplates:
    """The full path template of the route that served a request, for labels and logs.

    The router puts the matched route in the scope, but a route of an included router carries
    only its own path (``/{national_id}``, not ``/api/v1/citizens/{national_id}``); the full one
    comes from FastAPI's route tree. Unmatched paths share one label, so scanning for random
    URLs cannot blow up the metrics' cardinality.
    """

    def __init__(self) -> None:
        self._by_route: dict[int, str] | None = None

    def of(self, scope: Scope) -> str:
        route = scope.get("route")
        if route is None:
            return "<unmatched>"
        if self._by_route is None:  # built on first use: every route is registered by then
            contexts = iter_route_contexts(scope["app"].routes)
            self._by_route = {id(context.original_route): str(context.path_format) for context in contexts}
        return self._by_route.get(id(route)) or str(getattr(route, "path_format", "<unmatched>"))
