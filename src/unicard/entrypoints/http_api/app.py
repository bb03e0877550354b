"""The HTTP application factory: one FastAPI app per container, wired here and nowhere else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, nullcontext
from importlib.metadata import version

from fastapi import APIRouter, FastAPI

from unicard.adapters.db.schema import ensure_current
from unicard.adapters.security.citizen_tokens import CitizenTokens
from unicard.adapters.security.tokens import JwtTokens
from unicard.bootstrap import Container, derived_key
from unicard.entrypoints.heap import long_lived_frozen
from unicard.entrypoints.http_api import handlers, openapi
from unicard.entrypoints.http_api.logs import configure_logging
from unicard.entrypoints.http_api.metrics import HttpMetrics
from unicard.entrypoints.http_api.middleware import RequestContext
from unicard.entrypoints.http_api.routers import (
    accounts,
    app_appeals,
    app_cards,
    appeals,
    audit,
    cards,
    citizens,
    eligibility,
    events,
    feeds,
    households,
    merchants,
    operators,
    pickup,
    policies,
    rollout,
    service,
    sms_inbound,
    terminal,
    wallets,
)
from unicard.entrypoints.http_api.routers import (
    app as citizen_app,
)
from unicard.entrypoints.http_api.schemas.problems import API_PROBLEMS

API_PREFIX = "/api/v1"


def create_app(container: Container) -> FastAPI:
    """The app; on startup it refuses an out-of-date schema (``SchemaOutOfDate`` propagates)."""
    settings = container.settings
    configure_logging(json_lines=bool(settings.log_json))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Serving on an old schema would fail request by request; refuse once, saying the fix.
        ensure_current(container.engine)
        with long_lived_frozen() if settings.freeze_heap else nullcontext():
            yield  # what start-up made lives as long as the app

    app = FastAPI(
        title="unicard",
        version=version("unicard"),
        summary="Host platform for Egypt's unified government-services card.",
        lifespan=lifespan,
    )
    app.state.container = container
    app.state.tokens = JwtTokens(settings.secret_key, settings.token_ttl_seconds, container.clock)
    app.state.citizen_tokens = CitizenTokens(
        derived_key(settings.secret_key, "citizen-tokens"), settings.app_token_ttl_seconds, container.clock
    )
    app.state.metrics = HttpMetrics()

    api = APIRouter(prefix=API_PREFIX, responses=API_PROBLEMS)
    # Routes are tried in order: the terminals' door, nearly all the traffic, comes first.
    for subject in (terminal, operators, citizens, households, audit, events, merchants, accounts):
        api.include_router(subject.router)
    api.include_router(policies.router)
    api.include_router(cards.router)
    api.include_router(pickup.router)
    api.include_router(app_cards.router)
    api.include_router(citizen_app.router)
    api.include_router(wallets.router)
    api.include_router(appeals.router)
    api.include_router(app_appeals.router)
    api.include_router(eligibility.router)
    api.include_router(feeds.router)
    api.include_router(rollout.router)
    api.include_router(sms_inbound.router)
    app.include_router(api)
    app.include_router(service.router)
    openapi.document(app)

    handlers.install(app)
    app.add_middleware(RequestContext, metrics=app.state.metrics)
    return app
