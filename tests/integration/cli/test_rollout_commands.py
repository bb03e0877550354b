"""`unicard rollout set` and `unicard rollout list` against a real database."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from unicard.entrypoints.cli.main import app

runner = CliRunner()


@pytest.fixture
def env(database_url: str, engine: Engine) -> dict[str, str]:
    return {"UNICARD_DATABASE_URL": database_url, "COLUMNS": "200"}


def test_set_then_list(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["rollout", "set", "19", "supply", "2099-12-15", "--by", "lead"], env=env)
    assert result.exit_code == 0, result.output
    assert "supply starts in governorate 19 on 2099-12-15" in result.output
    listed = runner.invoke(app, ["rollout", "list"], env=env)
    assert listed.exit_code == 0, listed.output
    assert "2099-12-15" in listed.output
    assert "2024-03-01" in listed.output  # Port Said, shipped


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["99", "supply", "2099-01-01"], "governorate code 99 is unknown"),
        (["19", "education", "2099-01-01"], "service education is unknown"),
        (["19", "supply", "15/12/2099"], "date 15/12/2099 is not valid"),
        (["03", "supply", "2099-01-01"], "already began on 2024-03-01"),
    ],
)
def test_bad_input_is_explained_not_a_traceback(
    env: dict[str, str], arguments: list[str], words: str
) -> None:
    result = runner.invoke(app, ["rollout", "set", *arguments], env=env)
    assert result.exit_code == 1
    assert words in result.output
    assert "Traceback" not in result.output


def test_announce_is_safe_to_repeat(env: dict[str, str]) -> None:
    for _ in range(2):
        result = runner.invoke(app, ["rollout", "announce"], env=env)
        assert result.exit_code == 0, result.output
        assert "queued: 0 sms, 0 app" in result.output  # no cardholders in an empty registry
