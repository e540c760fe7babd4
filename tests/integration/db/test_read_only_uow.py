"""Read-only units of work: the database refuses their writes; SQLite readers skip the writer lock."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.exc import DBAPIError

from jointdesk.bootstrap import Container
from jointdesk.db import Job, UnitOfWork, UnitOfWorkFactory


@contextmanager
def _statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _jobs(uow_factory: UnitOfWorkFactory) -> int:
    with uow_factory(read_only=True) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(Job)) or 0)


def test_a_read_only_unit_of_work_cannot_write(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory(read_only=True) as uow:
        assert uow.read_only
        with pytest.raises(DBAPIError):
            uow.enqueue("noop", {})
    assert _jobs(uow_factory) == 0


def test_writes_still_work_after_a_read_only_use_of_the_pool(uow_factory: UnitOfWorkFactory) -> None:
    for _ in range(3):  # pooled connections alternate between reading and writing
        with uow_factory(read_only=True) as uow:
            uow.session.scalar(select(func.count()).select_from(Job))
        with uow_factory() as uow:
            assert not uow.read_only
            uow.enqueue("noop", {})
            uow.commit()
    assert _jobs(uow_factory) == 3


def test_writers_take_the_lock_at_begin_and_readers_run_read_only(
    container: Container, uow_factory: UnitOfWorkFactory
) -> None:
    if container.engine.dialect.name == "sqlite":
        with _statements(container.engine) as seen, uow_factory() as uow:
            uow.session.scalar(select(Job.id))
        assert "BEGIN IMMEDIATE" in seen
        with _statements(container.engine) as seen, uow_factory(read_only=True) as uow:
            uow.session.scalar(select(Job.id))
        assert "BEGIN" in seen and "BEGIN IMMEDIATE" not in seen
        return
    with uow_factory() as uow:
        assert uow.session.scalar(text("SHOW transaction_read_only")) == "off"
    with uow_factory(read_only=True) as uow:
        assert uow.session.scalar(text("SHOW transaction_read_only")) == "on"


def test_a_reader_does_not_wait_for_an_open_writer(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as writer:
        writer.enqueue("noop", {})  # holds the write lock (SQLite) until the end of the block
        began = time.monotonic()
        with uow_factory(read_only=True) as reader:
            assert reader.session.scalar(select(func.count()).select_from(Job)) == 0
        assert time.monotonic() - began < 2  # the busy timeout is 15 s
        writer.commit()
    assert _jobs(uow_factory) == 1


def _enqueue(uow: UnitOfWork) -> None:
    uow.enqueue("noop", {})


def test_deferred_writes_are_made_at_commit_in_their_own_transaction(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory(read_only=True) as uow:
        uow.defer(_enqueue)
        assert _jobs(uow_factory) == 0
        uow.commit()
    assert _jobs(uow_factory) == 1
    with uow_factory(read_only=True) as uow:
        uow.defer(_enqueue)
        uow.rollback()
        uow.commit()
    with uow_factory(read_only=True) as uow:
        uow.defer(_enqueue)  # closed without a commit: dropped
    assert _jobs(uow_factory) == 1


def test_a_read_write_unit_of_work_writes_at_once(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.defer(_enqueue)
        assert uow.session.scalar(select(func.count()).select_from(Job)) == 1
        uow.commit()
    assert _jobs(uow_factory) == 1
