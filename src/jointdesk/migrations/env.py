"""Alembic environment: batch mode for SQLite, models from bootstrap, URL from the caller."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import JSON, Connection, engine_from_config, pool

from jointdesk.bootstrap import load_models
from jointdesk.db.base import Base
from jointdesk.db.types import UTCDateTime

load_models()
target_metadata = Base.metadata
config = context.config


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Render our portable types by name so generated migrations import cleanly."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        autogen_context.imports.add("import jointdesk.db.types")
        return "jointdesk.db.types.UTCDateTime()"
    if type_ == "type" and isinstance(obj, JSON) and obj._variant_mapping:
        autogen_context.imports.add("import jointdesk.db.types")
        return "jointdesk.db.types.JSONType"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite ALTER TABLE goes through a table copy
        compare_type=True,
        render_item=_render_item,
    )


def run_online() -> None:
    given = config.attributes.get("connection")
    if given is not None:
        _configure(given)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config(
        config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with engine.connect() as connection:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_online()
