"""``unicard merchant import``: whole file or nothing, secrets written once, re-import a no-op."""

from __future__ import annotations

import csv
import shutil
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from tests.fakes import FixedClock
from tests.integration.imports.helpers import SAMPLES, count, report_of
from tests.integration.merchants.conftest import ADMIN, register
from unicard.adapters.db.tables import audit_log
from unicard.adapters.db.tables_payments import accounts, merchants, terminals
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.adapters.security.terminal_secrets import HmacTerminalSecrets
from unicard.domain.merchants import MerchantKind, MerchantStatus
from unicard.entrypoints.cli.main import app
from unicard.services import merchants as merchant_use_cases
from unicard.services.imports.merchant_rows import MERCHANTS
from unicard.services.merchants import MerchantChanges
from unicard.services.terminal_auth import authenticate_terminal

KEY = "the server's secret key, shared with the CLI"


def run(database_url: str, *args: str, key: str | None = KEY, environment: str | None = None) -> Result:
    env = {
        "UNICARD_DATABASE_URL": database_url,
        "UNICARD_SECRET_KEY": key,
        "UNICARD_OPERATOR": "amal",
        "UNICARD_ENVIRONMENT": environment,
    }
    return CliRunner().invoke(app, list(args), env=env)


def write(path: Path, rows: Sequence[Mapping[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(MERCHANTS.columns), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def row(name_ar: str = "مخبز الأمل", **cells: str) -> dict[str, str]:
    return {"kind": "bakery", "name_ar": name_ar, "governorate": "03", **cells}


def secrets_in(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def import_file(database_url: str, path: Path, *extra: str) -> Result:
    return run(database_url, "merchant", "import", str(path), "--lang", "en", *extra)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return Path(shutil.copy(SAMPLES / "merchants.csv", tmp_path / "merchants.csv"))


class TestSample:
    def test_imports_merchants_and_writes_the_secrets_once(
        self, database_url: str, engine: Engine, uow_factory: SqlUnitOfWorkFactory, sample: Path
    ) -> None:
        result = import_file(database_url, sample)

        assert result.exit_code == 0, result.output
        assert "10 merchants and 14 terminals added (0 merchants already present, 10 rows)" in result.output
        secrets_file = sample.with_name("merchants.csv.terminal-secrets.csv")
        assert str(secrets_file) in result.output.replace("\n", "")
        assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
        issued = secrets_in(secrets_file)
        assert len(issued) == 14
        hashes = HmacTerminalSecrets.from_secret_key(KEY)
        for line in issued:
            _, merchant = authenticate_terminal(uow_factory(), hashes, line["terminal_id"], line["secret"])
            assert merchant.id == line["merchant_id"]
        with engine.connect() as connection:
            ids = connection.execute(select(merchants.c.id).order_by(merchants.c.id)).scalars().all()
        assert "BKR-03-000003" in ids  # the bakery without an id, after the two the file names
        assert "PST-03-000001" in ids
        with engine.connect() as connection:
            settled = connection.execute(
                select(accounts.c.owner_id).where(accounts.c.kind == "merchant_settlement")
            ).scalars()
            assert set(settled) == set(ids)  # every merchant trades from registration on
        assert not any(line["secret"] in result.output for line in issued)

    def test_reimport_is_a_no_op(self, database_url: str, engine: Engine, sample: Path) -> None:
        import_file(database_url, sample)
        secrets_file = sample.with_name("merchants.csv.terminal-secrets.csv")
        before = secrets_file.read_bytes()

        result = import_file(database_url, sample)

        assert result.exit_code == 0, result.output
        assert "0 merchants and 0 terminals added (10 merchants already present, 10 rows)" in result.output
        assert secrets_file.read_bytes() == before
        assert (count(engine, merchants), count(engine, terminals)) == (10, 14)
        with engine.connect() as connection:
            actions = connection.execute(select(audit_log.c.action)).scalars().all()
        assert actions.count("import.merchants") == 2


class TestTerminalsColumn:
    def test_more_terminals_later_installs_only_the_missing_ones(
        self, database_url: str, engine: Engine, tmp_path: Path
    ) -> None:
        path = write(tmp_path / "m.csv", [row(terminals="1")])
        assert import_file(database_url, path).exit_code == 0
        secrets_file = tmp_path / "m.csv.terminal-secrets.csv"

        write(path, [row(terminals="3")])
        refused = import_file(database_url, path)
        assert refused.exit_code == 1
        assert "of an earlier import still exists" in refused.output
        assert count(engine, terminals) == 1  # rolled back

        secrets_file.unlink()
        assert import_file(database_url, path).exit_code == 0
        assert [line["terminal_id"] for line in secrets_in(secrets_file)] == [
            "T-BKR-03-000001-02",
            "T-BKR-03-000001-03",
        ]

    def test_a_closed_merchant_gets_none(
        self, database_url: str, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, tmp_path: Path
    ) -> None:
        bakery = register(uow_factory, clock, name_ar="مخبز الأمل")
        close = MerchantChanges(status=MerchantStatus.CLOSED)
        merchant_use_cases.update_merchant(uow_factory(), clock, ADMIN, bakery.id, close, "closed")
        path = write(tmp_path / "m.csv", [row(name_en="Al Amal", terminals="1")])
        assert import_file(database_url, path).exit_code == 1
        (error,) = report_of(path)
        assert (error["row"], error["column"]) == ("2", "terminals")
        assert bakery.id in error["reason_en"]


class TestRefusedFile:
    def test_reports_every_bad_row_and_writes_nothing(
        self, database_url: str, engine: Engine, tmp_path: Path
    ) -> None:
        rows = [
            row(id="BKR-03-000010"),
            row("مخبز النور", id="bkr-03-000010"),  # the same id again
            row("مخبز الفجر"),
            row("مخبز الفجر", terminals="2"),  # no id, same name as the row before
            row("Bakery"),
            row("مخبز", kind="pharmacy"),
            row("مخبز", id="GRC-03-000001"),
            row("مخبز", terminals="many"),
            row("مخبز", governorate="88"),
        ]
        path = write(tmp_path / "bad.csv", rows)

        result = import_file(database_url, path)

        assert result.exit_code == 1
        errors = {(e["row"], e["column"]) for e in report_of(path)}
        assert errors == {
            ("3", "id"),
            ("4", "name_ar"),
            ("5", "name_ar"),
            ("6", "name_ar"),
            ("7", "kind"),
            ("8", "id"),
            ("9", "terminals"),
            ("10", "governorate"),
        }
        assert (count(engine, merchants), count(engine, terminals)) == (0, 0)
        assert not (tmp_path / "bad.csv.terminal-secrets.csv").exists()

    def test_a_registered_merchant_must_keep_its_names(
        self, database_url: str, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, tmp_path: Path
    ) -> None:
        bakery = register(uow_factory, clock)  # مخبز الأمل, "Al Amal"
        path = write(
            tmp_path / "m.csv",
            [row("مخبز النور", id=bakery.id, name_en="Al Amal"), row(name_en="Amal Bakery")],
        )
        assert import_file(database_url, path).exit_code == 1
        reasons = [(e["row"], e["column"], e["reason_en"]) for e in report_of(path)]
        assert reasons[0][:2] == ("2", "id")
        assert "(name_ar)" in reasons[0][2]
        assert reasons[1][:2] == ("3", "id")
        assert "(name_en)" in reasons[1][2]

    def test_a_name_shared_by_two_registered_merchants_needs_the_id(
        self, database_url: str, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, tmp_path: Path
    ) -> None:
        register(uow_factory, clock)
        register(uow_factory, clock)
        path = write(tmp_path / "m.csv", [row(name_en="Al Amal")])
        assert import_file(database_url, path).exit_code == 1
        (error,) = report_of(path)
        assert "BKR-03-000001, BKR-03-000002" in error["reason_en"]


class TestIds:
    def test_drawn_ids_follow_the_registry_and_the_file(
        self,
        database_url: str,
        engine: Engine,
        uow_factory: SqlUnitOfWorkFactory,
        clock: FixedClock,
        tmp_path: Path,
    ) -> None:
        register(uow_factory, clock, MerchantKind.GROCER, name_ar="بدال السلام")  # GRC-03-000001
        rows = [
            row("مخبز الفجر"),
            row("مخبز النور", id="BKR-03-000007"),
            row("بدال الحرية", kind="grocer"),
            row("مخبز القدس", governorate="1"),
        ]
        path = write(tmp_path / "m.csv", rows)
        assert import_file(database_url, path).exit_code == 0
        with engine.connect() as connection:
            named = dict(connection.execute(select(merchants.c.name_ar, merchants.c.id)).all())
        assert named["مخبز الفجر"] == "BKR-03-000008"
        assert named["بدال الحرية"] == "GRC-03-000002"
        assert named["مخبز القدس"] == "BKR-01-000001"


def test_refuses_to_make_secrets_without_a_lasting_key(
    database_url: str, sample: Path, engine: Engine
) -> None:
    # The test environment makes up a key per process: nothing the server could check.
    result = run(database_url, "merchant", "import", str(sample), key=None, environment="test")
    assert result.exit_code == 2
    assert "UNICARD_SECRET_KEY" in " ".join(result.output.split())
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(merchants)).scalar_one() == 0
