"""The composition root: the one place that picks adapters and hands them to the use cases."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from unicard.adapters.clock import SystemClock
from unicard.adapters.db.engine import make_engine
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.adapters.security.passwords import Argon2PasswordHasher
from unicard.config import Settings
from unicard.services.ports import Clock, PasswordHasher


@dataclass
class Container:
    """Everything an entrypoint (HTTP app, CLI, worker, tests) needs, wired once."""

    settings: Settings
    engine: Engine
    uow_factory: SqlUnitOfWorkFactory
    clock: Clock = field(default_factory=SystemClock)
    password_hasher: PasswordHasher = field(default_factory=Argon2PasswordHasher)


def bootstrap(settings: Settings | None = None, *, clock: Clock | None = None) -> Container:
    settings = settings or Settings()
    engine = make_engine(settings.database_url)
    container = Container(settings=settings, engine=engine, uow_factory=SqlUnitOfWorkFactory(engine))
    if clock is not None:
        container.clock = clock
    return container
