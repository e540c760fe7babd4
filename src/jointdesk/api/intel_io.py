"""Fraud-intelligence imports (background jobs) and streamed exports."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import IO, Annotated, Literal

from fastapi import APIRouter, Form, Query, Response, UploadFile, status
from fastapi.responses import StreamingResponse

from jointdesk.api.deps import requires
from jointdesk.authz import Permission, Principal
from jointdesk.httpkit.context import UowDep, committed
from jointdesk.intel import exports, imports

router = APIRouter(prefix="/intel", tags=["intel"])
P = Permission
FormatName = Literal["csv", "jsonl", "misp", "stix"]


@router.post("/imports", status_code=status.HTTP_201_CREATED)
async def start_import(
    principal: Annotated[Principal, requires(P.INTEL_IMPORT_RUN)],
    uow: UowDep,
    file: UploadFile,
    format: Annotated[FormatName, Form()],
) -> imports.ImportView:
    """Store the file and queue its import; poll ``GET /intel/imports/{id}`` for progress."""
    data = await file.read(imports.MAX_BYTES + 1)
    view = imports.start_import(uow, principal, data=data, filename=file.filename or "upload", fmt=format)
    return committed(uow, view)


@router.get("/imports")
def list_imports(
    principal: Annotated[Principal, requires(P.INTEL_IMPORT_RUN)],
    uow: UowDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[imports.ImportView]:
    return committed(uow, imports.list_imports(uow, principal, limit=limit))


@router.get("/imports/{import_id}")
def get_import(
    import_id: uuid.UUID, principal: Annotated[Principal, requires(P.INTEL_IMPORT_RUN)], uow: UowDep
) -> imports.ImportView:
    return committed(uow, imports.get_import(uow, principal, import_id))


@router.get("/imports/{import_id}/errors.csv")
def import_errors(
    import_id: uuid.UUID, principal: Annotated[Principal, requires(P.INTEL_IMPORT_RUN)], uow: UowDep
) -> Response:
    text = imports.import_errors_csv(uow, principal, import_id)
    headers = {"Content-Disposition": f'attachment; filename="import-{import_id}-errors.csv"'}
    return committed(uow, Response(text, media_type="text/csv; charset=utf-8", headers=headers))


@router.get("/exports")
def export_reports(
    principal: Annotated[Principal, requires(P.INTEL_EXPORT_RUN)],
    uow: UowDep,
    format: FormatName = "jsonl",
    since: datetime | None = None,
    network_id: uuid.UUID | None = None,
    include_narrative: bool = False,
) -> StreamingResponse:
    """The reports you may see, streamed (spooled to disk past 8 MiB, never whole in memory)."""
    spool = exports.export_to_spool(
        uow, principal, format, since=since, network_id=network_id, include_narrative=include_narrative
    )
    return committed(uow, download(spool, format))


def download(spool: IO[str], fmt: str) -> StreamingResponse:
    headers = {"Content-Disposition": f'attachment; filename="reports.{exports.SUFFIXES[fmt]}"'}
    return StreamingResponse(_chunks(spool), media_type=exports.MEDIA_TYPES[fmt], headers=headers)


def _chunks(spool: IO[str]) -> Iterator[bytes]:
    with spool:
        while block := spool.read(64 * 1024):
            yield block.encode("utf-8")
