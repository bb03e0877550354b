"""Servers freeze their start-up heap (entrypoints/heap.py); test processes do not."""

from pathlib import Path

import pytest

from tests.unit.test_config_issuer_keys import OWN_KEYS, settings, write
from unicard.config import Environment, Settings


@pytest.mark.parametrize(
    ("environment", "frozen"),
    [(Environment.PRODUCTION, True), (Environment.DEMO, True), (Environment.TEST, False)],
)
def test_the_heap_is_frozen_at_start_up_except_in_tests(
    tmp_path: Path, environment: Environment, frozen: bool
) -> None:
    keys = write(tmp_path, OWN_KEYS) if environment is Environment.PRODUCTION else None
    assert settings(tmp_path, environment, keys).freeze_heap is frozen


def test_the_environment_variable_decides_and_empty_means_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UNICARD_FREEZE_HEAP", "")
    assert Settings(environment=Environment.DEMO, data_dir=tmp_path).freeze_heap is True
    monkeypatch.setenv("UNICARD_FREEZE_HEAP", "false")
    assert Settings(environment=Environment.DEMO, data_dir=tmp_path).freeze_heap is False
