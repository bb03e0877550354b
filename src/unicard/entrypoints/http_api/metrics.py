"""Prometheus metrics: requests counted and timed by route template, method and status.

Each app has its own registry, so tests (or two apps in one process) never share counters.
Under ``unicard serve --workers N`` each worker process counts into files in the directory
named by ``PROMETHEUS_MULTIPROC_DIR`` (prometheus_client's multiprocess mode, chosen when the
library is first imported), and ``/metrics`` answers the sum over every worker: a scrape lands
on one worker, and must not see only that worker's share of the requests.
"""

from __future__ import annotations

import os

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

#: prometheus_client's own variable: set before a worker starts, it counts into files there.
MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"

_LABELS = ("method", "route", "status")


class HttpMetrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._requests = Counter(
            "unicard_http_requests", "HTTP requests answered.", _LABELS, registry=self.registry
        )
        self._latency = Histogram(
            "unicard_http_request_duration_seconds",
            "Time to answer an HTTP request.",
            _LABELS,
            registry=self.registry,
        )

    def observe(self, *, method: str, route: str, status: int, seconds: float) -> None:
        labels = {"method": method, "route": route, "status": str(status)}
        self._requests.labels(**labels).inc()
        self._latency.labels(**labels).observe(seconds)

    def exposition(self) -> bytes:
        return generate_latest(_every_worker() or self.registry)


def _every_worker() -> CollectorRegistry | None:
    """What every worker process counted, when the server runs several; None when it runs one."""
    directory = os.environ.get(MULTIPROCESS_DIR)
    if not directory:
        return None
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]
    return registry
