"""``unicard db upgrade`` seeds the shipped policy; ``unicard policy list|show|add``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.integration.policy.documents import LATEST, document
from unicard.adapters.policy_files import policy_to_plain
from unicard.entrypoints.cli.main import app

runner = CliRunner()
FAR_FUTURE = dt.date(2099, 1, 1)  # these commands run on the real clock


@pytest.fixture
def env(database_url: str) -> dict[str, str]:
    """A fresh database brought up by ``unicard db upgrade``."""
    env = {"UNICARD_DATABASE_URL": database_url}
    result = runner.invoke(app, ["db", "upgrade"], env=env)
    assert result.exit_code == 0, result.output
    assert "2 shipped versions stored" in result.output
    return env


def write(tmp_path: Path, data: object) -> str:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_upgrading_again_does_not_seed_again(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["db", "upgrade"], env=env)
    assert result.exit_code == 0, result.output
    assert "seeded" not in result.output


def test_list_marks_the_version_in_force(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["policy", "list"], env=env)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "2023-05-01.1" in line or "2024-06-01.1" in line]
    assert len(lines) == 2
    assert "in force" in lines[1]
    assert "in force" not in lines[0]


def test_show_prints_the_json_document(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["policy", "show", LATEST.version], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == policy_to_plain(LATEST)


def test_show_of_an_unknown_version_fails(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["policy", "show", "1999-01-01.1"], env=env)
    assert result.exit_code == 1
    assert "1999-01-01.1" in result.output


def test_add_stores_a_future_version(env: dict[str, str], tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["policy", "add", write(tmp_path, document(FAR_FUTURE)), "--by", "amal"], env=env
    )
    assert result.exit_code == 0, result.output
    assert "2099-01-01.1" in runner.invoke(app, ["policy", "list"], env=env).output


def test_add_refuses_a_retroactive_version_unless_told(env: dict[str, str], tmp_path: Path) -> None:
    file = write(tmp_path, document(dt.date(2025, 1, 1)))
    refused = runner.invoke(app, ["policy", "add", file], env=env)
    assert refused.exit_code == 1
    assert "2025-01-01" in refused.output
    added = runner.invoke(app, ["policy", "add", file, "--retroactive"], env=env)
    assert added.exit_code == 0, added.output


def test_add_names_the_key_of_a_bad_value(env: dict[str, str], tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["policy", "add", write(tmp_path, document(FAR_FUTURE, loaf_cost=1.5))], env=env
    )
    assert result.exit_code == 1
    assert "bread.loaf_cost" in result.output
