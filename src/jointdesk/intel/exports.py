"""Exports of the caller's visible fraud reports, streamed through :mod:`jointdesk.intel.formats`.

Reports are read in chunks (``yield_per``) and written as they come; the writers never export
victim personal data or victim-side identifiers. One audit event per export.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from tempfile import SpooledTemporaryFile
from typing import IO, Final, TextIO, cast

from jointdesk import audit
from jointdesk.authz import Permission, Principal, ensure
from jointdesk.db.uow import UnitOfWork
from jointdesk.intel import formats
from jointdesk.intel import repository as repo
from jointdesk.intel.events import IntelEvent
from jointdesk.intel.models import IntelReport
from jointdesk.intel.schemas import ReportView
from jointdesk.intel.service import report_view
from jointdesk.kernel.errors import InvalidInput

BATCH: Final = 500
SPOOL_BYTES: Final = 8 * 1024 * 1024
MEDIA_TYPES: Final = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson",
    "misp": "application/json",
    "stix": "application/json",
}
SUFFIXES: Final = {"csv": "csv", "jsonl": "jsonl", "misp": "misp.json", "stix": "stix.json"}


def check_format(fmt: str) -> formats.Format:
    if fmt not in formats.FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}; one of {', '.join(formats.FORMATS)}", field="format")
    return fmt


def export_reports(
    uow: UnitOfWork,
    principal: Principal,
    out: TextIO,
    fmt: str,
    *,
    since: datetime | None = None,
    network_id: uuid.UUID | None = None,
    include_narrative: bool = False,
) -> int:
    """Write the reports the caller may see (received since ``since``, of one network) to ``out``."""
    ensure(principal, Permission.INTEL_EXPORT_RUN)
    chosen = check_format(fmt)
    if since is not None and since.tzinfo is None:
        raise InvalidInput("give a time zone, e.g. 2026-01-01T00:00:00+00:00", field="since")
    written = formats.write(
        chosen, _views(uow, principal, since, network_id), out, include_narrative=include_narrative
    )
    audit.record(
        uow,
        principal,
        IntelEvent.REPORTS_EXPORTED,
        target=("intel_network", str(network_id)) if network_id else None,
        fields={
            "format": chosen,
            "reports": written,
            "narrative": include_narrative,
            "filtered": since is not None,
        },
    )
    return written


def _views(
    uow: UnitOfWork, principal: Principal, since: datetime | None, network_id: uuid.UUID | None
) -> Iterator[ReportView]:
    stmt = repo.visible_reports_stmt(principal).order_by(IntelReport.received_at, IntelReport.id)
    if since is not None:
        stmt = stmt.where(IntelReport.received_at >= since)
    if network_id is not None:
        stmt = stmt.where(IntelReport.network_id == network_id)
    for report in uow.session.scalars(stmt.execution_options(yield_per=BATCH)):
        yield report_view(uow, report)


def export_to_spool(
    uow: UnitOfWork,
    principal: Principal,
    fmt: str,
    *,
    since: datetime | None = None,
    network_id: uuid.UUID | None = None,
    include_narrative: bool = False,
) -> IO[str]:
    """The export in a spool (memory up to 8 MiB, then a temporary file), rewound, for an HTTP edge
    to stream after its transaction (and the export's audit event) committed."""
    spool: IO[str] = SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+", encoding="utf-8")  # noqa: SIM115
    export_reports(
        uow,
        principal,
        cast(TextIO, spool),
        fmt,
        since=since,
        network_id=network_id,
        include_narrative=include_narrative,
    )
    spool.seek(0)
    return spool
