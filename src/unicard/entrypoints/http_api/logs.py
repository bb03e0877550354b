"""Structured logging, configured in one place: JSON lines in production, readable in development.

Whatever a request binds with ``structlog.contextvars`` (request id, method, path) is on every
line logged while it runs, including lines from the use cases' threads.
"""

from __future__ import annotations

import logging

import structlog
from structlog.dev import RichTracebackFormatter
from structlog.tracebacks import ExceptionDictTransformer
from structlog.typing import Processor


def configure_logging(*, json_lines: bool, level: int = logging.INFO) -> None:
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    # Tracebacks without local variables: a frame's locals can hold a password or a national ID.
    renderer: list[Processor] = (
        [
            structlog.processors.ExceptionRenderer(ExceptionDictTransformer(show_locals=False)),
            structlog.processors.JSONRenderer(ensure_ascii=False),
        ]
        if json_lines
        else [structlog.dev.ConsoleRenderer(exception_formatter=RichTracebackFormatter(show_locals=False))]
    )
    structlog.configure(
        processors=[*shared, *renderer],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        # Standard output, looked up at each line (not cached): tests swap it, containers collect it.
        logger_factory=structlog.PrintLoggerFactory(),
        cache_logger_on_first_use=False,
    )
