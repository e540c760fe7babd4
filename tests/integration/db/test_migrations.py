"""Migrations run up and down on both databases, and the models never drift from them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from jointdesk.bootstrap import load_models
from jointdesk.db import Base, make_engine, migrate
from jointdesk.intel.networks import label_for


def test_upgrade_downgrade_upgrade(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        migrate.downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(engine)
        assert {"agency", "user_account", "audit_event", "job", "bulletin"} <= set(
            inspect(engine).get_table_names()
        )
    finally:
        engine.dispose()


def test_models_and_migrations_do_not_drift(db_url: str) -> None:
    load_models()
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert diff == [], f"models differ from migrations: run `alembic revision --autogenerate` ({diff})"


def test_network_labels_are_rederived_from_birth_numbers(db_url: str) -> None:
    networks = sa.table(
        "intel_network",
        *(sa.column(name) for name in ("label", "seq", "status", "size", "created_at", "updated_at")),
        sa.column("id", sa.Uuid()),
    )
    now = datetime(2026, 11, 29, tzinfo=UTC)
    engine = make_engine(db_url)
    try:
        migrate.downgrade(engine, "0008")
        with engine.begin() as connection:
            for seq, label in ((1, "FN-0000ABCD"), (2, label_for(1)), (3, "FN-DEADBEEF")):
                row = {"id": uuid.uuid4(), "label": label, "seq": seq, "status": "active", "size": 0}
                connection.execute(sa.insert(networks).values(**row, created_at=now, updated_at=now))
        migrate.upgrade(engine)
        with engine.connect() as connection:
            rows = connection.execute(sa.select(networks.c.seq, networks.c.label).order_by("seq")).all()
        assert [(seq, label) for seq, label in rows] == [(s, label_for(s)) for s in (1, 2, 3)]
    finally:
        engine.dispose()
