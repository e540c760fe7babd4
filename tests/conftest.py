"""Shared fixtures: every integration test runs on SQLite and on PostgreSQL.

Schemas are built by running the Alembic migrations once per backend into a template; each test
gets a fresh copy (a file copy on SQLite, ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL).
PostgreSQL at 127.0.0.1:5432 is required when CI=true; elsewhere its absence skips with a message.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from jointdesk.asgi import create_app
from jointdesk.bootstrap import Container, bootstrap
from jointdesk.config import Settings
from jointdesk.db import UnitOfWorkFactory, make_engine, migrate
from jointdesk.identity.passwords import use_hasher
from jointdesk.kernel.clock import FixedClock

PG_ADMIN_URL = os.environ.get("JOINTDESK_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
IN_CI = os.environ.get("CI", "").lower() == "true"
TEST_SECRET = "test-secret-key-0123456789abcdef"
START = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _pg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_admin(sql: str) -> None:
    with psycopg.connect(_pg_dsn(PG_ADMIN_URL), autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _require_postgres() -> None:
    try:
        _pg_admin("SELECT 1")
    except psycopg.OperationalError as exc:
        message = f"PostgreSQL at 127.0.0.1:5432 does not answer ({exc})"
        if IN_CI:
            pytest.fail(message + " - the PostgreSQL run is mandatory in CI")
        pytest.skip(message + " - PostgreSQL tests skipped outside CI")


def _worker(request: pytest.FixtureRequest) -> str:
    return str(getattr(request.config, "workerinput", {}).get("workerid", "main"))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_template(request: pytest.FixtureRequest) -> Iterator[str]:
    _require_postgres()
    # Unique per session: two test runs on one server (a developer's and CI's) must not collide.
    name = f"jd_template_{_worker(request)}_{uuid.uuid4().hex[:8]}"
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _pg_admin(f'CREATE DATABASE "{name}"')
    engine = make_engine(make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False))
    migrate.upgrade(engine)
    engine.dispose()
    yield name
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A freshly migrated, empty database of each backend."""
    if request.param == "sqlite":
        target = tmp_path / "test.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
        yield f"sqlite:///{target}"
        return
    template = request.getfixturevalue("pg_template")
    name = f"jd_t_{_worker(request)}_{uuid.uuid4().hex[:10]}"
    _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> Iterator[None]:
    """Minimal Argon2 cost in tests: hashing dominated the suite's run time otherwise."""
    previous = use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield
    use_hasher(previous)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(
        mode="test",
        database_url=db_url,
        secret_key=TEST_SECRET,
        var_dir=tmp_path / "var",
        node_origin="jointdesk.test/node",
        show_demo_logins=True,
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture
def container(settings: Settings, clock: FixedClock) -> Iterator[Container]:
    built = bootstrap(settings, clock=clock)
    yield built
    built.engine.dispose()


@pytest.fixture
def uow_factory(container: Container) -> UnitOfWorkFactory:
    return container.uow_factory


@pytest.fixture
def app(container: Container) -> FastAPI:
    return create_app(container=container)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client
