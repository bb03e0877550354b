"""Shared CLI plumbing: one console, the container, and domain errors printed in both languages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from pydantic import ValidationError
from rich.console import Console

from unicard.adapters.db.schema import SchemaOutOfDate, ensure_current
from unicard.bootstrap import Container, bootstrap
from unicard.config import Settings
from unicard.domain.shared.errors import DomainError
from unicard.locale.catalog import describe

console = Console()
errors = Console(stderr=True)


@contextmanager
def container(*, require_current_schema: bool = True) -> Iterator[Container]:
    """The wired application for one command, refusing an out-of-date schema with the fix."""
    try:
        wired = bootstrap(Settings())
    except ValidationError as error:
        errors.print(f"[red]configuration error:[/] {error}")
        raise typer.Exit(2) from None
    try:
        if require_current_schema:
            ensure_current(wired.engine)
        yield wired
    except SchemaOutOfDate as error:
        errors.print(f"[red]{error}[/]")
        raise typer.Exit(1) from None
    finally:
        wired.engine.dispose()


@contextmanager
def explained_errors() -> Iterator[None]:
    """A refused request ends the command with its reason in Arabic and English, not a traceback."""
    try:
        yield
    except DomainError as error:
        errors.print(f"[red]{describe(error, 'en')}[/]")
        errors.print(f"[red]{describe(error, 'ar')}[/]")
        raise typer.Exit(1) from None
