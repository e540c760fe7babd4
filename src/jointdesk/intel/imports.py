"""Imports of fraud-report files as resumable, chunked jobs (issue #3 item 6).

The file is stored once, content-addressed (``intel_blob``), and an ``intel_import_batch`` row
keeps the cursor (``rows_seen``) with the counters and the per-row errors. :func:`run_import`
streams the stored file through :mod:`jointdesk.intel.formats` and files ``CHUNK`` rows at a time
through :mod:`jointdesk.intel.bulk`; after each chunk it hands control to ``checkpoint`` (the edge
commits there), so the reports of a chunk and the cursor move together. A crash loses at most the
chunk in flight: the next run locks the batch row, skips ``rows_seen`` records and goes on, and
``source_ref`` keeps anything filed twice out. One audit event per batch, when it finishes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from itertools import islice
from typing import Any, Final, TextIO, cast

from pydantic import BaseModel
from sqlalchemy import select

from jointdesk import audit
from jointdesk.authz import Permission, Principal, ensure
from jointdesk.db.maintenance import crossed_doubling, refresh_statistics
from jointdesk.db.models import Job
from jointdesk.db.uow import UnitOfWork
from jointdesk.intel import bulk, formats
from jointdesk.intel.events import IntelEvent
from jointdesk.intel.formats import FormatError, ParsedRow
from jointdesk.intel.models import IntelBlob, IntelImportBatch
from jointdesk.kernel.errors import InvalidInput, NotFound
from jointdesk.kernel.ids import new_id

TASK: Final = "intel.import"
CHUNK: Final = 500
MAX_BYTES: Final = 512 * 1024 * 1024
FINISHED: Final = frozenset({"done", "failed"})
SHOWN_ERRORS: Final = 200


class ImportView(BaseModel):
    id: uuid.UUID
    filename: str
    format: str
    sha256: str
    status: str
    rows_seen: int
    imported: int
    duplicates: int
    rejected: int
    error_count: int
    errors: list[dict[str, Any]]  # the first SHOWN_ERRORS; all of them in the errors CSV
    created_at: datetime
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


def view(batch: IntelImportBatch) -> ImportView:
    return ImportView(
        id=batch.id,
        filename=batch.filename,
        format=batch.format,
        sha256=batch.sha256,
        status=batch.status,
        rows_seen=batch.rows_seen,
        imported=batch.imported,
        duplicates=batch.duplicates,
        rejected=batch.rejected,
        error_count=len(batch.errors),
        errors=list(batch.errors[:SHOWN_ERRORS]),
        created_at=batch.created_at,
        finished_at=batch.finished_at,
    )


def start_import(
    uow: UnitOfWork,
    principal: Principal,
    *,
    data: bytes,
    filename: str,
    fmt: str,
    enqueue: bool = True,
) -> ImportView:
    """Store the file and queue its import; the same file still in progress is resumed, not doubled.

    ``enqueue=False`` leaves the running to the caller (the CLI imports in-process).
    """
    ensure(principal, Permission.INTEL_IMPORT_RUN)
    ensure(principal, Permission.INTEL_REPORT_CREATE)
    if principal.agency_id is None:
        raise InvalidInput("an import belongs to an agency", field="agency")
    if fmt not in formats.FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}; one of {', '.join(formats.FORMATS)}", field="format")
    if not data.strip():
        raise InvalidInput("the file is empty", field="file")
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"the file is larger than {MAX_BYTES // 2**20} MiB", field="file")
    sha256 = _store_blob(uow, data)
    open_batch = _open_batch(uow, principal.agency_id, sha256, fmt)
    if open_batch is not None:
        if enqueue:
            _revive(uow, open_batch)
        return view(open_batch)
    now = uow.clock.now()
    batch = IntelImportBatch(
        id=new_id(),
        owner_agency_id=principal.agency_id,
        created_by=principal.user_id,
        filename=(filename or "upload")[:255],
        format=fmt,
        sha256=sha256,
        status="queued",
        rows_seen=0,
        imported=0,
        duplicates=0,
        rejected=0,
        errors=[],
        created_at=now,
    )
    uow.session.add(batch)
    uow.session.flush()
    if enqueue:
        uow.enqueue(TASK, {"batch_id": str(batch.id)}, dedup_key=f"{TASK}:{batch.id}:0")
    return view(batch)


def _store_blob(uow: UnitOfWork, data: bytes) -> str:
    sha256 = hashlib.sha256(data).hexdigest()
    if uow.session.get(IntelBlob, sha256) is None:
        uow.session.add(IntelBlob(sha256=sha256, size=len(data), content=data, created_at=uow.clock.now()))
        uow.session.flush()
    return sha256


def _open_batch(uow: UnitOfWork, agency_id: uuid.UUID, sha256: str, fmt: str) -> IntelImportBatch | None:
    stmt = select(IntelImportBatch).where(
        IntelImportBatch.owner_agency_id == agency_id,
        IntelImportBatch.sha256 == sha256,
        IntelImportBatch.format == fmt,
        IntelImportBatch.status.in_(["queued", "running"]),
    )
    return uow.session.scalars(stmt.order_by(IntelImportBatch.created_at)).first()


def _revive(uow: UnitOfWork, batch: IntelImportBatch) -> None:
    """Queue the rest of an open batch whose job is gone (dead after its retries, or deleted): uploading
    the same file again is how a user resumes it. Two jobs of one batch would only take turns."""
    prefix = f"{TASK}:{batch.id}:"
    stmt = select(Job.status).where(Job.dedup_key.startswith(prefix, autoescape=True))
    jobs = uow.session.scalars(stmt).all()
    if any(status in ("queued", "running") for status in jobs):
        return
    key = f"{prefix}{batch.rows_seen}:resumed-{len(jobs)}"
    uow.enqueue(TASK, {"batch_id": str(batch.id)}, dedup_key=key)


def get_import(uow: UnitOfWork, principal: Principal, import_id: uuid.UUID) -> ImportView:
    return view(_own_batch(uow, principal, import_id))


def list_imports(uow: UnitOfWork, principal: Principal, *, limit: int = 50) -> list[ImportView]:
    """The caller's agency's imports, newest first."""
    ensure(principal, Permission.INTEL_IMPORT_RUN)
    stmt = select(IntelImportBatch).order_by(IntelImportBatch.created_at.desc(), IntelImportBatch.id)
    if not principal.is_system:
        stmt = stmt.where(IntelImportBatch.owner_agency_id == principal.agency_id)
    return [view(batch) for batch in uow.session.scalars(stmt.limit(limit))]


def import_errors_csv(uow: UnitOfWork, principal: Principal, import_id: uuid.UUID) -> str:
    """Every refused row as CSV: ``row,source_ref,field,reason``."""
    out = io.StringIO()
    write_errors_csv(_own_batch(uow, principal, import_id).errors, out)
    return out.getvalue()


def write_errors_csv(errors: list[dict[str, Any]], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=["row", "source_ref", "field", "reason"], extrasaction="ignore")
    writer.writeheader()
    writer.writerows(errors)


def _own_batch(uow: UnitOfWork, principal: Principal, import_id: uuid.UUID) -> IntelImportBatch:
    ensure(principal, Permission.INTEL_IMPORT_RUN)
    batch = uow.session.get(IntelImportBatch, import_id)
    if batch is None or not (principal.is_system or batch.owner_agency_id == principal.agency_id):
        raise NotFound("import not found")
    return batch


# --- running ----------------------------------------------------------------------------------


def run_import(
    uow: UnitOfWork,
    batch_id: uuid.UUID,
    *,
    checkpoint: Callable[[], None],
    deadline: float | None = None,
    on_chunk: Callable[[ImportView], None] | None = None,
) -> ImportView:
    """Import chunk after chunk, calling ``checkpoint`` (commit) after each, until the file ends.

    With a ``deadline`` (``time.monotonic()``) an unfinished import queues its continuation and
    returns, so a job never outlives its lease. ``on_chunk`` sees the progress after each commit.
    """
    batch = _locked(uow, batch_id)
    stream = _Stream(batch)
    while batch.status not in FINISHED:
        _chunk(uow, batch, stream)
        current = view(batch)
        checkpoint()
        if on_chunk is not None:
            on_chunk(current)
        if current.finished:
            return current
        if deadline is not None and time.monotonic() > deadline:
            uow.enqueue(TASK, {"batch_id": str(batch_id)}, dedup_key=f"{TASK}:{batch_id}:{current.rows_seen}")
            return current
        batch = _locked(uow, batch_id)
    return view(batch)


def _locked(uow: UnitOfWork, batch_id: uuid.UUID) -> IntelImportBatch:
    """The batch row, re-read and locked: two runners of one batch take turns chunk by chunk."""
    batch = uow.session.get(IntelImportBatch, batch_id, with_for_update=True, populate_existing=True)
    if batch is None:
        raise NotFound("import not found")
    return batch


class _Stream:
    """The stored file's records, read once; ``position`` counts records consumed."""

    def __init__(self, batch: IntelImportBatch) -> None:
        self.batch_id = batch.id
        self.fmt = cast(formats.Format, batch.format)
        self.sha256 = batch.sha256
        self.position = 0
        self._rows: Iterator[ParsedRow] | None = None

    def open(self, uow: UnitOfWork) -> Iterator[ParsedRow]:
        if self._rows is None:
            blob = uow.session.get(IntelBlob, self.sha256)
            if blob is None:
                raise NotFound("the import's file is gone")
            text = io.TextIOWrapper(io.BytesIO(blob.content), encoding="utf-8-sig", newline="")
            self._rows = formats.read(self.fmt, text)
        return self._rows

    def take(self, uow: UnitOfWork, cursor: int, n: int) -> list[ParsedRow]:
        """``n`` records from ``cursor``; records another runner already filed are read, not filed."""
        if cursor < self.position:
            raise RuntimeError(f"import {self.batch_id}: cursor moved back from {self.position} to {cursor}")
        rows = self.open(uow)
        for _ in islice(rows, cursor - self.position):
            pass
        taken = list(islice(rows, n))
        self.position = cursor + len(taken)
        return taken


def _chunk(uow: UnitOfWork, batch: IntelImportBatch, stream: _Stream) -> None:
    batch.status = "running"
    try:
        rows = stream.take(uow, batch.rows_seen, CHUNK)
    except FormatError as exc:
        _fail(uow, batch, exc.field, exc.reason)
        return
    except UnicodeDecodeError as exc:
        _fail(
            uow, batch, "file", f"not UTF-8 text (byte {exc.start} of a line after record {batch.rows_seen})"
        )
        return
    _file_rows(uow, batch, rows)
    if len(rows) < CHUNK:
        _finish(uow, batch, "done")


def _file_rows(uow: UnitOfWork, batch: IntelImportBatch, rows: list[ParsedRow]) -> None:
    good = [row for row in rows if row.report is not None]
    errors = [_error(row, e.field, e.reason) for row in rows for e in row.errors]
    rejected = len(rows) - len(good)
    if good:
        outcome = bulk.ingest(uow, acting_principal(batch), [row.report for row in good if row.report])
        errors += [_error(good[f.index], f.field, f.reason) for f in outcome.failures]
        rejected += len({f.index for f in outcome.failures})
        if crossed_doubling(batch.imported, batch.imported + len(outcome.imported)):
            refresh_statistics(uow.session, INTEL_TABLES)  # the next chunks' duplicate checks need them
        batch.imported += len(outcome.imported)
        batch.duplicates += len(outcome.duplicates)
    batch.rows_seen += len(rows)
    batch.rejected += rejected
    if errors:
        batch.errors = [*batch.errors, *errors]
    uow.session.flush()


def _error(row: ParsedRow, field: str, reason: str) -> dict[str, Any]:
    return {"row": row.row, "source_ref": row.source_ref, "field": field, "reason": reason}


def acting_principal(batch: IntelImportBatch) -> Principal:
    """Who files the rows: the uploader's agency, with only the permissions an import needs."""
    return Principal(
        user_id=batch.created_by,
        agency_id=batch.owner_agency_id,
        username="system:import",
        permissions=frozenset({Permission.INTEL_REPORT_CREATE, Permission.INTEL_IMPORT_RUN}),
    )


def _fail(uow: UnitOfWork, batch: IntelImportBatch, field: str, reason: str) -> None:
    batch.errors = [
        *batch.errors,
        {"row": batch.rows_seen, "source_ref": "", "field": field, "reason": reason},
    ]
    _finish(uow, batch, "failed")


INTEL_TABLES = ("intel_identifier", "intel_occurrence", "intel_report", "intel_network")


def _finish(uow: UnitOfWork, batch: IntelImportBatch, status: str) -> None:
    batch.status, batch.finished_at = status, uow.clock.now()
    uow.session.flush()
    if batch.imported:
        refresh_statistics(uow.session, INTEL_TABLES)
    audit.record(
        uow,
        acting_principal(batch),
        IntelEvent.REPORTS_IMPORTED,
        target=("intel_import_batch", str(batch.id)),
        fields={
            "format": batch.format,
            "status": status,
            "rows": batch.rows_seen,
            "imported": batch.imported,
            "duplicates": batch.duplicates,
            "rejected": batch.rejected,
        },
    )
