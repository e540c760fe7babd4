"""Engine creation with per-connection SQLite pragmas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

READ_ONLY = "jointdesk_read_only"  # execution option of the engine behind read-only units of work


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Foreign keys are off by default in SQLite; WAL lets readers work beside the one writer.
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # WAL + NORMAL cannot corrupt the file; a power cut may lose the last commits, but a change and
    # its audit event commit together, so they are lost together and the log stays consistent.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    read_only = bool(conn.get_execution_options().get(READ_ONLY, False))
    if conn.info.get("query_only") != read_only:  # per DBAPI connection: set only on a change
        conn.exec_driver_sql(f"PRAGMA query_only={int(read_only)}")
        conn.info["query_only"] = read_only
    # Writers take the write lock at BEGIN so the audit head and job claims serialise (no lock
    # upgrades); readers take none (WAL), and query_only makes SQLite refuse their writes.
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Build an engine; SQLite gets pragmas, IMMEDIATE transactions and its folder created."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **kwargs)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
    event.listen(engine, "connect", _sqlite_pragmas)

    @event.listens_for(engine, "connect")
    def _disable_pysqlite_begin(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let SQLAlchemy's "begin" event emit BEGIN itself

    event.listen(engine, "begin", _sqlite_begin)
    return engine


def read_only_engine(engine: Engine) -> Engine:
    """The same pool, for transactions that only read: the database itself refuses their writes."""
    if engine.dialect.name == "postgresql":
        return engine.execution_options(**{READ_ONLY: True}, postgresql_readonly=True)
    return engine.execution_options(**{READ_ONLY: True})
