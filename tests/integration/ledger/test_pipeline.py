"""Statements sent as one psycopg pipeline (PostgreSQL): all or nothing, checks before the commit."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import Connection, Engine, text

from unicard.adapters.db.pipeline import pipelined

pytestmark = pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)

_ADD = "INSERT INTO probe (id, note) VALUES (%(id)s, %(note)s)"


@pytest.fixture
def db(engine: Engine) -> Iterator[Connection]:
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE probe (id integer PRIMARY KEY, note text NOT NULL)"))
    with engine.connect() as connection:
        yield connection


def notes(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.execute(text("SELECT note FROM probe ORDER BY id")).scalars())


def send_a_duplicate(db: Connection) -> None:
    with pipelined(db) as pipeline:
        pipeline.send(_ADD, {"id": 1, "note": "first"})
        pipeline.send(_ADD, {"id": 1, "note": "same id"})
        pipeline.send(_ADD, {"id": 2, "note": "after the failure"})
        pipeline.commit()


def test_queued_statements_commit_together_and_a_read_sees_the_writes_before_it(
    engine: Engine, db: Connection
) -> None:
    db.begin()
    with pipelined(db) as pipeline:
        for n in range(3):
            pipeline.send(_ADD, {"id": n, "note": f"n{n}"})
        counted = pipeline.send("SELECT count(*) FROM probe", {}).fetchall()
        touched = pipeline.send("UPDATE probe SET note = note || '!' WHERE id < 2", {})
        pipeline.expect_rows(touched, 2, "not both")
        pipeline.commit()
    db.commit()
    assert counted == [(3,)]
    assert notes(engine) == ["n0!", "n1!", "n2"]


def test_a_row_count_not_met_fails_the_check_before_the_commit(engine: Engine, db: Connection) -> None:
    db.begin()
    with pipelined(db) as pipeline:
        pipeline.send(_ADD, {"id": 1, "note": "kept only if all is"})
        missed = pipeline.send("UPDATE probe SET note = 'x' WHERE id = 99", {})
        pipeline.expect_rows(missed, 1, "a balance moved")
        with pytest.raises(RuntimeError, match="a balance moved"):
            pipeline.commit()
    db.rollback()
    assert notes(engine) == []


def test_a_failing_statement_fails_the_pipeline_and_nothing_is_written(
    engine: Engine, db: Connection
) -> None:
    db.begin()
    # The error surfaces wherever its answer is read: at a later send, a read or the commit.
    with pytest.raises(psycopg.errors.UniqueViolation):
        send_a_duplicate(db)
    db.rollback()
    assert notes(engine) == []
    # The connection is usable again.
    db.begin()
    with pipelined(db) as pipeline:
        pipeline.send(_ADD, {"id": 3, "note": "later"})
        pipeline.commit()
    db.commit()
    assert notes(engine) == ["later"]
