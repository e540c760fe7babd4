"""Import and export pages for fraud intelligence: upload → background job → progress page."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from typing import IO, Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from pydantic import BaseModel

from jointdesk.authz import Permission
from jointdesk.httpkit.context import UowDep, committed
from jointdesk.intel import exports, formats, imports
from jointdesk.intel.formats import Format
from jointdesk.web.deps import WebUser, requires
from jointdesk.web.forms import validated
from jointdesk.web.render import render

router = APIRouter(prefix="/intel")
P = Permission
REFRESH_SECONDS = 2


class _ImportForm(BaseModel):
    format: Format


class _ExportForm(BaseModel):
    format: Format
    include_narrative: bool = False


def _page(request: Request, user: WebUser, template: str, context: Mapping[str, object]) -> Response:
    return render(request, template, dict(context), principal=user.principal, csrf_token=user.csrf_token)


@router.get("/imports")
def imports_page(
    request: Request, user: Annotated[WebUser, requires(P.INTEL_IMPORT_RUN)], uow: UowDep
) -> Response:
    context = {"imports": imports.list_imports(uow, user.principal), "formats": formats.FORMATS}
    return committed(uow, _page(request, user, "intel/imports.html", context))


@router.post("/imports")
async def start_import(
    user: Annotated[WebUser, requires(P.INTEL_IMPORT_RUN)],
    uow: UowDep,
    file: UploadFile,
    format: Annotated[str, Form()] = "csv",
) -> Response:
    chosen = validated(_ImportForm, {"format": format}).format
    data = await file.read(imports.MAX_BYTES + 1)
    started = imports.start_import(
        uow, user.principal, data=data, filename=file.filename or "upload", fmt=chosen
    )
    return committed(uow, RedirectResponse(f"/intel/imports/{started.id}", status_code=303))


@router.get("/imports/{import_id}")
def import_page(
    request: Request,
    import_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.INTEL_IMPORT_RUN)],
    uow: UowDep,
) -> Response:
    progress = imports.get_import(uow, user.principal, import_id)
    context = {"batch": progress, "refresh": None if progress.finished else REFRESH_SECONDS}
    return committed(uow, _page(request, user, "intel/imports_detail.html", context))


@router.get("/imports/{import_id}/errors.csv")
def import_errors(
    import_id: uuid.UUID, user: Annotated[WebUser, requires(P.INTEL_IMPORT_RUN)], uow: UowDep
) -> Response:
    text = imports.import_errors_csv(uow, user.principal, import_id)
    headers = {"Content-Disposition": f'attachment; filename="import-{import_id}-errors.csv"'}
    return committed(uow, Response(text, media_type="text/csv; charset=utf-8", headers=headers))


@router.get("/exports")
def exports_page(request: Request, user: Annotated[WebUser, requires(P.INTEL_EXPORT_RUN)]) -> Response:
    return _page(request, user, "intel/exports.html", {"formats": formats.FORMATS})


@router.post("/exports")
def export_reports(
    user: Annotated[WebUser, requires(P.INTEL_EXPORT_RUN)],
    uow: UowDep,
    format: Annotated[str, Form()] = "jsonl",
    include_narrative: Annotated[bool, Form()] = False,
) -> Response:
    chosen = validated(_ExportForm, {"format": format, "include_narrative": include_narrative})
    spool = exports.export_to_spool(
        uow, user.principal, chosen.format, include_narrative=chosen.include_narrative
    )
    headers = {"Content-Disposition": f'attachment; filename="reports.{exports.SUFFIXES[chosen.format]}"'}
    response = StreamingResponse(
        _chunks(spool), media_type=exports.MEDIA_TYPES[chosen.format], headers=headers
    )
    return committed(uow, response)


def _chunks(spool: IO[str]) -> Iterator[bytes]:
    with spool:
        while block := spool.read(64 * 1024):
            yield block.encode("utf-8")
