"""`unicard operator create` and `unicard audit verify` against a real database, tampering included."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from unicard.entrypoints.cli.main import app

runner = CliRunner()


@pytest.fixture
def env(database_url: str, engine: Engine) -> dict[str, str]:
    return {"UNICARD_DATABASE_URL": database_url, "UNICARD_OPERATOR_PASSWORD": "a long enough secret"}


def create_admin(env: dict[str, str], username: str = "first.admin") -> None:
    result = runner.invoke(app, ["operator", "create", username, "--role", "admin"], env=env)
    assert result.exit_code == 0, result.output


def drop_append_only_guard(engine: Engine) -> None:
    """What a DBA with full rights could do; the chain must still reveal the change."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
        else:
            connection.execute(text("DROP TRIGGER audit_log_no_update"))
            connection.execute(text("DROP TRIGGER audit_log_no_delete"))


class TestOperatorCreate:
    def test_first_admin_is_created_and_audited(self, env: dict[str, str]) -> None:
        create_admin(env)
        result = runner.invoke(app, ["audit", "verify"], env=env)
        assert result.exit_code == 0, result.output
        assert "1 records" in result.output

    def test_unknown_role_is_explained_in_both_languages(self, env: dict[str, str]) -> None:
        result = runner.invoke(app, ["operator", "create", "someone", "--role", "king"], env=env)
        assert result.exit_code == 1
        assert "king" in result.output

    def test_short_password_is_refused(self, env: dict[str, str]) -> None:
        result = runner.invoke(
            app,
            ["operator", "create", "clerk.one", "-r", "post_clerk"],
            env={**env, "UNICARD_OPERATOR_PASSWORD": "short"},
        )
        assert result.exit_code == 1

    def test_out_of_date_schema_names_the_fix(self, tmp_path: object) -> None:
        result = runner.invoke(
            app, ["audit", "verify"], env={"UNICARD_DATABASE_URL": f"sqlite:///{tmp_path}/empty.sqlite3"}
        )
        assert result.exit_code == 1
        assert "unicard db upgrade" in result.output


class TestAuditVerify:
    def test_audit_log_refuses_updates_and_deletes(self, env: dict[str, str], engine: Engine) -> None:
        create_admin(env)
        for statement in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
            with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
                connection.execute(text(statement))

    def test_altered_record_is_found(self, env: dict[str, str], engine: Engine) -> None:
        for name in ("admin.one", "admin.two", "admin.three"):
            create_admin(env, name)
        drop_append_only_guard(engine)
        with engine.begin() as connection:
            connection.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2"))
        result = runner.invoke(app, ["audit", "verify"], env=env)
        assert result.exit_code == 1
        assert "record 2: altered" in result.output

    def test_removed_record_is_found(self, env: dict[str, str], engine: Engine) -> None:
        for name in ("admin.one", "admin.two", "admin.three"):
            create_admin(env, name)
        drop_append_only_guard(engine)
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM audit_log WHERE seq = 2"))
        result = runner.invoke(app, ["audit", "verify"], env=env)
        assert result.exit_code == 1
        assert "record 2: missing" in result.output

    def test_records_cut_off_the_end_are_found(self, env: dict[str, str], engine: Engine) -> None:
        for name in ("admin.one", "admin.two", "admin.three"):
            create_admin(env, name)
        drop_append_only_guard(engine)
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM audit_log WHERE seq = 3"))
        result = runner.invoke(app, ["audit", "verify"], env=env)
        assert result.exit_code == 1
        assert "record 3: missing" in result.output
