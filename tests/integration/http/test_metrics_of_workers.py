"""/metrics under several worker processes: a scrape sees every worker's requests, summed."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from unicard.entrypoints.http_api.metrics import MULTIPROCESS_DIR, HttpMetrics


def _worker_answers(requests: int) -> None:
    """One worker process: prometheus_client is first imported here, with the directory set."""
    metrics = HttpMetrics()
    for _ in range(requests):
        metrics.observe(method="GET", route="/healthz", status=200, seconds=0.001)


def _answered(exposition: bytes, route: str) -> float:
    for family in text_string_to_metric_families(exposition.decode()):
        for sample in family.samples:
            if sample.name == "unicard_http_requests_total" and sample.labels["route"] == route:
                return sample.value
    return 0.0


def test_each_workers_metrics_shows_the_requests_of_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MULTIPROCESS_DIR, str(tmp_path))
    spawn = multiprocessing.get_context("spawn")  # as uvicorn starts its workers
    workers = [spawn.Process(target=_worker_answers, args=(requests,)) for requests in (3, 4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert len(list(tmp_path.iterdir())) >= 2  # one file per worker process
    assert _answered(HttpMetrics().exposition(), "/healthz") == 7


def test_one_process_counts_only_its_own_app() -> None:
    assert MULTIPROCESS_DIR not in os.environ
    counted, other = HttpMetrics(), HttpMetrics()
    counted.observe(method="GET", route="/healthz", status=200, seconds=0.001)
    assert _answered(counted.exposition(), "/healthz") == 1
    assert _answered(other.exposition(), "/healthz") == 0
