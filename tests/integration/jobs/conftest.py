"""Job tests run on both databases through the root ``db_url`` fixture (migrated schemas)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import sessionmaker

from jointdesk.db import UnitOfWork, UnitOfWorkFactory, make_engine
from jointdesk.db.models import Job
from jointdesk.kernel.clock import Clock, FixedClock
from jointdesk.kernel.secrets import NodeSecrets
from jointdesk.kernel.tasks import TaskFn

START = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
SECRETS = NodeSecrets.from_secret("x" * 32)


@pytest.fixture
def migrated_engine(db_url: str) -> Iterator[Engine]:
    """An engine on the root ``db_url`` fixture: a freshly migrated database of each backend."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def make_uow_factory(migrated_engine: Engine) -> Callable[[Clock], UnitOfWorkFactory]:
    """Factories on the same database with another clock (the kill test uses the real one)."""
    sessions = sessionmaker(migrated_engine, expire_on_commit=False)
    return lambda clock: UnitOfWorkFactory(sessions, clock, SECRETS)


@pytest.fixture
def uow_factory(
    make_uow_factory: Callable[[Clock], UnitOfWorkFactory], clock: FixedClock
) -> UnitOfWorkFactory:
    return make_uow_factory(clock)


@pytest.fixture
def effects(migrated_engine: Engine) -> Callable[[], list[tuple[str, int]]]:
    """A plain table tasks write to; returns a reader of its rows, sorted."""
    with migrated_engine.begin() as conn:
        conn.execute(text("CREATE TABLE job_effect (job_key text NOT NULL, n integer NOT NULL)"))

    def read() -> list[tuple[str, int]]:
        with migrated_engine.connect() as conn:
            rows = conn.execute(text("SELECT job_key, n FROM job_effect ORDER BY job_key, n"))
            return [(str(key), int(n)) for key, n in rows]

    return read


Enqueue = Callable[..., uuid.UUID]


@pytest.fixture
def enqueue(uow_factory: UnitOfWorkFactory) -> Enqueue:
    """Enqueue one job in its own committed unit of work; returns its id."""

    def run(task: str, payload: dict[str, Any] | None = None, **options: Any) -> uuid.UUID:
        with uow_factory() as uow:
            job_id = uow.enqueue(task, payload or {}, **options)
            uow.commit()
        assert job_id is not None
        return job_id

    return run


@pytest.fixture
def load_job(uow_factory: UnitOfWorkFactory) -> Callable[[uuid.UUID], Job]:
    """A detached snapshot of a job row."""

    def load(job_id: uuid.UUID) -> Job:
        with uow_factory() as uow:
            job = uow.session.get(Job, job_id)
            assert job is not None
            uow.session.expunge(job)  # keep the loaded values past close()'s rollback
        return job

    return load


def insert_effect(uow: UnitOfWork, payload: dict[str, Any]) -> None:
    """A task body: one row in ``job_effect`` per successful run."""
    uow.session.execute(
        text("INSERT INTO job_effect (job_key, n) VALUES (:key, :n)"),
        {"key": payload["key"], "n": payload.get("n", 1)},
    )


@pytest.fixture
def effect_task() -> TaskFn:
    return insert_effect
