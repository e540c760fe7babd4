"""The unit of work: one transaction per request, CLI command or job. Only the edge commits.

A read-only unit of work runs its transaction read-only in the database (SQLite ``query_only``
and a deferred BEGIN, so readers do not queue for the writer lock; PostgreSQL ``READ ONLY``):
any write through it fails. Small bookkeeping writes (a token's last use) are ``defer``red to
its ``commit()``, which makes them in a short write transaction of their own.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from jointdesk.db.engine import read_only_engine
from jointdesk.db.models import Job
from jointdesk.kernel.clock import Clock
from jointdesk.kernel.ids import new_id
from jointdesk.kernel.secrets import NodeSecrets


class UnitOfWork:
    """Wraps one session; services flush and enqueue, the edge calls ``commit()`` once."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        clock: Clock,
        secrets: NodeSecrets,
        *,
        read_only: bool = False,
        writer: sessionmaker[Session] | None = None,
    ) -> None:
        self._session_factory = session_factory
        self.clock = clock
        self.secrets = secrets
        self.read_only = read_only
        self._writer = writer or session_factory
        self._session: Session | None = None
        self._deferred: list[Callable[[UnitOfWork], None]] = []

    def defer(self, write: Callable[[UnitOfWork], None]) -> None:
        """Make ``write`` now, or in a read-only unit of work at its commit (dropped on rollback)."""
        if self.read_only:
            self._deferred.append(write)
        else:
            write(self)

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = self._session_factory()
        return self._session

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def enqueue(
        self,
        task: str,
        payload: dict[str, Any],
        *,
        run_after: datetime | None = None,
        dedup_key: str | None = None,
        max_attempts: int = 5,
    ) -> uuid.UUID | None:
        """Write a job row in this transaction; a rollback discards it. None if deduplicated."""
        if dedup_key is not None:
            existing = self.session.scalar(select(Job.id).where(Job.dedup_key == dedup_key))
            if existing is not None:
                return None
        now = self.clock.now()
        job = Job(
            id=new_id(),
            task=task,
            payload=payload,
            status="queued",
            attempts=0,
            max_attempts=max_attempts,
            run_after=run_after or now,
            dedup_key=dedup_key,
            created_at=now,
        )
        self.session.add(job)
        self.session.flush()
        return job.id

    def flush(self) -> None:
        self.session.flush()

    def commit(self) -> None:
        if self._session is not None:
            self._session.commit()
        if self._deferred:
            self._write_deferred()

    def _write_deferred(self) -> None:
        writes = self._deferred
        self.close()  # release the read transaction: a request never holds two pooled connections
        with UnitOfWork(self._writer, self.clock, self.secrets) as writer:
            for write in writes:
                write(writer)
            writer.commit()

    def rollback(self) -> None:
        self._deferred = []
        if self._session is not None:
            self._session.rollback()

    def close(self) -> None:
        self._deferred = []
        if self._session is not None:
            self._session.rollback()
            self._session.close()
            self._session = None


class UnitOfWorkFactory:
    """Builds units of work bound to one engine; created once by ``bootstrap``."""

    def __init__(self, session_factory: sessionmaker[Session], clock: Clock, secrets: NodeSecrets) -> None:
        self.session_factory = session_factory
        self.read_session_factory = session_factory
        bind = session_factory.kw.get("bind")
        if bind is not None:
            self.read_session_factory = sessionmaker(
                **(session_factory.kw | {"bind": read_only_engine(bind)})
            )
        self.clock = clock
        self.secrets = secrets

    def __call__(self, *, read_only: bool = False) -> UnitOfWork:
        """A unit of work; ``read_only=True`` only where nothing is written (lookups)."""
        if read_only:
            return UnitOfWork(
                self.read_session_factory,
                self.clock,
                self.secrets,
                read_only=True,
                writer=self.session_factory,
            )
        return UnitOfWork(self.session_factory, self.clock, self.secrets)
