"""Units of work that only read: they never take SQLite's write lock, and cannot write."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.domain.operators.operator import Operator, Role


def _operator(username: str) -> Operator:
    return Operator.create(
        username=username, display_name="Test", roles=frozenset({Role.ADMIN}), governorates=frozenset({"03"})
    )


def _save_operator(uow_factory: SqlUnitOfWorkFactory, username: str) -> None:
    with uow_factory() as uow:
        uow.operators.add(_operator(username), "hash")
        uow.commit()


def _operator_count(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM operators")).scalar_one())


def test_a_write_inside_a_reading_unit_of_work_fails_and_changes_nothing(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    with pytest.raises(DBAPIError), uow_factory.reading() as uow:
        uow.operators.add(_operator("reader"), "hash")
    assert _operator_count(engine) == 0


def test_a_reading_unit_of_work_cannot_commit(uow_factory: SqlUnitOfWorkFactory) -> None:
    with pytest.raises(RuntimeError, match="only reads"), uow_factory.reading() as uow:
        uow.commit()


def test_a_writer_after_a_reader_on_the_same_connection_writes(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    for _ in range(3):  # the pool hands the same connections out in turn
        with uow_factory.reading() as uow:
            uow.operators.get("nobody")
    _save_operator(uow_factory, "after-reading")
    assert _operator_count(engine) == 1


@pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_a_reading_unit_of_work_keeps_the_connections_prepared_statements(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    """psycopg forgets every prepared statement of a connection that rolls back (and sends
    DEALLOCATE ALL): readers sharing the pool with the authorization batches made those plan
    their statements again. A reader that did not fail ends without a rollback."""
    for _ in range(8):  # one connection in turn; psycopg prepares at the 6th execution
        with uow_factory.reading() as uow:
            uow.operators.get("nobody")
    with engine.connect() as connection:
        prepared = connection.exec_driver_sql("SELECT statement FROM pg_prepared_statements").scalars().all()
    assert any("operators" in statement for statement in prepared), prepared


def test_a_reader_sees_what_was_committed_while_a_writer_holds_the_lock(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    _save_operator(uow_factory, "committed")
    writing, done = threading.Event(), threading.Event()

    def hold_the_write_lock() -> None:
        with uow_factory() as uow:  # on SQLite: BEGIN IMMEDIATE, the write lock until it ends
            uow.operators.add(_operator("uncommitted"), "hash")
            writing.set()
            done.wait(timeout=60)

    writer = threading.Thread(target=hold_the_write_lock)
    writer.start()
    try:
        assert writing.wait(timeout=30)
        with uow_factory.reading() as uow:  # a writing unit of work would wait 30 s here on SQLite
            assert uow.operators.get("committed") is not None
            assert uow.operators.get("uncommitted") is None
        assert not done.is_set()  # read while the writer still held its transaction
    finally:
        done.set()
        writer.join()
