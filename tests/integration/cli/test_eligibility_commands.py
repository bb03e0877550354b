"""`unicard eligibility`: draft (a bad file names its line), four-eyes approve, dry-run to CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from unicard.adapters.rule_files import shipped_rule_texts
from unicard.entrypoints.cli.main import app

runner = CliRunner()
ROUND_2019 = shipped_rule_texts()["round-2019.toml"]


@pytest.fixture
def env(database_url: str, engine: Engine) -> dict[str, str]:
    return {"UNICARD_DATABASE_URL": database_url}


def test_a_malformed_threshold_is_refused_naming_file_and_line(env: dict[str, str], tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(ROUND_2019.replace("threshold = 650", 'threshold = "650 kWh"'), encoding="utf-8")
    result = runner.invoke(app, ["eligibility", "draft", str(rules), "--by", "analyst"], env=env)
    assert result.exit_code == 1
    line = rules.read_text(encoding="utf-8").splitlines().index('threshold = "650 kWh"') + 1
    said = " ".join(result.output.split())  # the console wraps long lines
    assert f"line {line}" in said
    assert f"السطر {line}" in said
    assert "Traceback" not in result.output


def test_draft_approve_by_another_and_dry_run_to_csv(env: dict[str, str], tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(ROUND_2019, encoding="utf-8")
    assert runner.invoke(app, ["eligibility", "draft", str(rules), "--by", "analyst"], env=env).exit_code == 0
    own = runner.invoke(app, ["eligibility", "approve", "round-2019", "--by", "analyst"], env=env)
    assert own.exit_code == 1
    assert "may not approve" in " ".join(own.output.split())
    report = tmp_path / "effect.csv"
    dry = runner.invoke(app, ["eligibility", "dry-run", "round-2019", "--csv", str(report)], env=env)
    assert dry.exit_code == 0, dry.output
    with report.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert [r["criterion"] for r in rows if r["governorate"] == "ALL"] == [
        "*", "school_fees", "new_car", "farmland", "electricity", "mobile_bill",
    ]  # fmt: skip
    approved = runner.invoke(app, ["eligibility", "approve", "round-2019", "--by", "approver"], env=env)
    assert approved.exit_code == 0, approved.output
    listed = runner.invoke(app, ["eligibility", "list"], env=env)
    assert "approved" in listed.output
