"""Planner statistics after bulk loads: without them both databases pick bad plans for lookups
(measured: a 10,000-value lookup after a 3,000-report import took 6.7 s on PostgreSQL, 0.3 s after
ANALYZE)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session


def refresh_statistics(session: Session, tables: Sequence[str]) -> None:
    """``ANALYZE`` the given tables in the current transaction (both databases allow it there)."""
    for table in tables:
        if not table.replace("_", "").isalnum():
            raise ValueError(f"not a table name: {table!r}")
        session.execute(text(f"ANALYZE {table}"))
