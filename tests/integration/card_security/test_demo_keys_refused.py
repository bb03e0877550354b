"""`unicard serve` will not start on the published demo issuer keys outside demo and test."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from unicard.domain.cards.issuer_keys import IssuerKeys
from unicard.entrypoints.cli import serve
from unicard.entrypoints.cli.main import app

runner = CliRunner()


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    calls: list[object] = []
    monkeypatch.setattr(serve.uvicorn, "run", lambda target, **options: calls.append(target))
    return calls


@pytest.mark.parametrize("environment", ["production", "development"])
def test_serve_refuses_the_demo_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, served: list[object], environment: str
) -> None:
    monkeypatch.chdir(tmp_path)
    keys = tmp_path / "demo-keys.json"
    keys.write_text(IssuerKeys.demo().to_json())
    env = {
        "UNICARD_ENVIRONMENT": environment,
        "UNICARD_SECRET_KEY": "a-production-secret-key-of-some-length",
        "UNICARD_DATABASE_URL": "",
        "UNICARD_ISSUER_KEYS_FILE": str(keys),
    }
    result = runner.invoke(app, ["serve"], env=env)
    assert result.exit_code == 2
    assert "published demo keys" in result.output
    assert "Traceback" not in result.output
    assert served == []
