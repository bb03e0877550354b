"""Prometheus metrics: requests counted and timed by route template, method and status.

Each app has its own registry, so tests (or two apps in one process) never share counters.
"""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

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
        return generate_latest(self.registry)
