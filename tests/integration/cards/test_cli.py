"""``unicard card batch produce|dispatch`` against the test database; the PANs land in the
bureau's drop folder, readable by its owner only, and nowhere in the database."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from typer.testing import CliRunner, Result

from tests.integration.cards.conftest import Town
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.entrypoints.cli.main import app
from unicard.services.cards import batches as card_batches

KEY = "the server's secret key, shared with the CLI"


def run(database_url: str, data_dir: Path, *args: str, key: str | None = KEY) -> Result:
    env = {
        "UNICARD_DATABASE_URL": database_url,
        "UNICARD_SECRET_KEY": key,
        "UNICARD_DATA_DIR": str(data_dir),
        "UNICARD_OPERATOR": "amal",
    }
    return CliRunner().invoke(app, list(args), env=env)


def test_produce_and_dispatch(
    database_url: str, town: Town, tmp_path: Path, uow_factory: SqlUnitOfWorkFactory
) -> None:
    office = town.office.merchant_id
    produced = run(
        database_url,
        tmp_path,
        "card",
        "batch",
        "produce",
        "--governorate",
        "3",
        "--office",
        office,
        "--limit",
        "2",
    )
    assert produced.exit_code == 0, produced.output
    assert f"batch 1: 2 cards produced for {office}" in produced.output

    drop = tmp_path / "personalisation" / "batch-1.jsonl"
    assert stat.S_IMODE(drop.stat().st_mode) == 0o600
    records = [json.loads(line) for line in drop.read_text().splitlines()]
    assert [len(record["pan"]) for record in records] == [16, 16]
    assert {record["psn"] for record in records} == {"00"}

    dispatched = run(database_url, tmp_path, "card", "batch", "dispatch", "1")
    assert dispatched.exit_code == 0, dispatched.output
    assert card_batches.get_batch(uow_factory(), 1).status == "dispatched"


def test_refusals_are_explained(database_url: str, town: Town, tmp_path: Path) -> None:
    wrong = run(
        database_url, tmp_path, "card", "batch", "produce", "-g", "03", "--office", town.bakery.merchant_id
    )
    assert wrong.exit_code == 1
    assert "is not an active post office" in " ".join(wrong.output.split())
    keyless = run(
        database_url,
        tmp_path,
        "card",
        "batch",
        "produce",
        "-g",
        "03",
        "--office",
        town.office.merchant_id,
        key=None,
    )
    assert keyless.exit_code == 2
    assert "no lasting secret key" in " ".join(keyless.output.split())
