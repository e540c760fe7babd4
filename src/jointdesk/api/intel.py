"""Fraud intelligence: reports, victim data reads, lookup, networks, hot values."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Response, UploadFile, status
from pydantic import BaseModel, Field

from jointdesk import audit, intel
from jointdesk.api.deps import requires
from jointdesk.authz import Permission, Principal
from jointdesk.httpkit.context import UowDep, committed, read_only
from jointdesk.intel.service import ReportRow
from jointdesk.intel.service import search_reports as search
from jointdesk.intel.statistics import TypeRow, by_type

router = APIRouter(prefix="/intel", tags=["intel"])
P = Permission


class LookupBody(BaseModel):
    values: list[str] = Field(min_length=1, max_length=20_000)
    id_type: str | None = None
    region: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")


class PersonalRead(BaseModel):
    purpose: audit.Purpose = audit.Purpose.INVESTIGATION
    justification: str = Field(min_length=10, max_length=2000)


class Withdrawal(BaseModel):
    reason: str = Field(min_length=10, max_length=2000)


class TypologyDecision(BaseModel):
    code: str = Field(min_length=2, max_length=20)
    secondary: list[str] | None = None


class HotClearing(BaseModel):
    reason: str = Field(min_length=10, max_length=2000)


class Threshold(BaseModel):
    id_type: str
    threshold: int = Field(ge=2, le=1_000_000)


@router.post("/reports", status_code=status.HTTP_201_CREATED)
def file_report(
    body: intel.ReportIn, principal: Annotated[Principal, requires(P.INTEL_REPORT_CREATE)], uow: UowDep
) -> intel.FiledReport:
    return committed(uow, intel.file_report(uow, principal, body))


@router.get("/reports")
def search_reports(
    principal: Annotated[Principal, requires(P.INTEL_REPORT_READ)],
    uow: UowDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    code: Annotated[str | None, Query(max_length=20)] = None,
    jurisdiction: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")] = None,
    since: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[ReportRow]:
    """Reports the caller may see, newest first; ``q`` matches the reference or the narrative."""
    rows = search(uow, principal, text=q, code=code, jurisdiction=jurisdiction, since=since, limit=limit)
    return committed(uow, rows)


@router.get("/reports/{report_id}")
def get_report(
    report_id: uuid.UUID, principal: Annotated[Principal, requires(P.INTEL_REPORT_READ)], uow: UowDep
) -> intel.ReportView:
    return committed(uow, intel.get_report(uow, principal, report_id))


@router.post("/reports/{report_id}/withdraw")
def withdraw_report(
    report_id: uuid.UUID,
    body: Withdrawal,
    principal: Annotated[Principal, requires(P.INTEL_REPORT_WITHDRAW)],
    uow: UowDep,
) -> dict[str, str]:
    intel.withdraw_report(uow, principal, report_id, reason=body.reason)
    return committed(uow, {"id": str(report_id), "status": "withdrawn"})


@router.post("/reports/{report_id}/victim/read")
def read_victim(
    report_id: uuid.UUID,
    body: PersonalRead,
    principal: Annotated[Principal, requires(P.PERSONS_PERSONAL_DATA_READ)],
    uow: UowDep,
) -> intel.VictimPersonal:
    """POST, not GET: the read carries a purpose and justification and is access-logged."""
    result = intel.read_victim_personal(
        uow, principal, report_id, purpose=body.purpose, justification=body.justification
    )
    return committed(uow, result)


@router.put("/reports/{report_id}/typology")
def confirm_typology(
    report_id: uuid.UUID,
    body: TypologyDecision,
    principal: Annotated[Principal, requires(P.INTEL_TYPOLOGY_CONFIRM)],
    uow: UowDep,
) -> intel.ReportView:
    return committed(
        uow, intel.confirm_typology(uow, principal, report_id, code=body.code, secondary=body.secondary)
    )


@router.post("/lookup")
@read_only
def lookup(
    body: LookupBody, principal: Annotated[Principal, requires(P.INTEL_LOOKUP_RUN)], uow: UowDep
) -> list[intel.LookupHit]:
    return committed(uow, intel.lookup(uow, principal, body.values, id_type=body.id_type, region=body.region))


@router.get("/lookup")
@read_only
def lookup_one(
    value: Annotated[str, Query(min_length=1, max_length=4096)],
    principal: Annotated[Principal, requires(P.INTEL_LOOKUP_RUN)],
    uow: UowDep,
    id_type: str | None = None,
) -> intel.LookupHit:
    return committed(uow, intel.lookup(uow, principal, [value], id_type=id_type)[0])


@router.get("/networks")
def ranked_networks(
    principal: Annotated[Principal, requires(P.INTEL_NETWORK_READ)],
    uow: UowDep,
    order: Literal["size", "growth", "latest"] = "size",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[dict[str, Any]]:
    return committed(uow, intel.ranked_networks(uow, principal, order=order, limit=limit))


@router.get("/networks/{network_id}")
def network_figures(
    network_id: uuid.UUID, principal: Annotated[Principal, requires(P.INTEL_NETWORK_READ)], uow: UowDep
) -> intel.NetworkFigures:
    return committed(uow, intel.network_figures(uow, principal, network_id))


@router.get("/reports/{report_id}/links/{other_report_id}")
def explain_link(
    report_id: uuid.UUID,
    other_report_id: uuid.UUID,
    principal: Annotated[Principal, requires(P.INTEL_NETWORK_READ)],
    uow: UowDep,
) -> list[intel.LinkStep]:
    """Why two reports are in one network: the identifier path joining them."""
    return committed(uow, intel.explain_link(uow, principal, report_id, other_report_id))


@router.get("/graph/{kind}/{node_id}")
@read_only
def expand(
    kind: Literal["report", "identifier"],
    node_id: uuid.UUID,
    principal: Annotated[Principal, requires(P.INTEL_NETWORK_READ)],
    uow: UowDep,
    id_type: Annotated[list[str] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 200,
) -> intel.Graph:
    graph = intel.expand(uow, principal, kind=kind, node_id=node_id, id_types=set(id_type or []), limit=limit)
    return committed(uow, graph)


@router.post("/identifiers/{identifier_id}/clear-hot")
def clear_hot(
    identifier_id: uuid.UUID,
    body: HotClearing,
    principal: Annotated[Principal, requires(P.INTEL_IDENTIFIER_MANAGE)],
    uow: UowDep,
) -> intel.IdentifierView:
    return committed(uow, intel.clear_hot(uow, principal, identifier_id, reason=body.reason))


@router.put("/hot-thresholds")
def set_threshold(
    body: Threshold, principal: Annotated[Principal, requires(P.INTEL_IDENTIFIER_MANAGE)], uow: UowDep
) -> dict[str, Any]:
    return committed(
        uow, intel.set_hot_threshold(uow, principal, id_type=body.id_type, threshold=body.threshold)
    )


@router.post("/reports/{report_id}/evidence", status_code=status.HTTP_201_CREATED)
async def add_evidence(
    report_id: uuid.UUID,
    principal: Annotated[Principal, requires(P.INTEL_REPORT_CREATE)],
    uow: UowDep,
    file: UploadFile,
    kind: Annotated[intel.EvidenceKind, Form()] = intel.EvidenceKind.OTHER,
) -> intel.EvidenceView:
    """Attach a file: stored once by SHA-256, with a chain-of-custody entry."""
    data = await file.read(intel.evidence.MAX_BYTES + 1)
    view = intel.add_evidence(
        uow,
        principal,
        report_id,
        data=data,
        filename=file.filename or "upload",
        media_type=file.content_type or "application/octet-stream",
        kind=kind,
    )
    return committed(uow, view)


@router.get("/reports/{report_id}/evidence")
def list_evidence(
    report_id: uuid.UUID, principal: Annotated[Principal, requires(P.INTEL_REPORT_READ)], uow: UowDep
) -> list[intel.EvidenceView]:
    return committed(uow, intel.list_evidence(uow, principal, report_id))


@router.get("/reports/{report_id}/evidence/{evidence_id}")
def download_evidence(
    report_id: uuid.UUID,
    evidence_id: uuid.UUID,
    principal: Annotated[Principal, requires(P.INTEL_REPORT_READ)],
    uow: UowDep,
) -> Response:
    view, data = intel.download(uow, principal, report_id, evidence_id)
    headers = {
        "Content-Disposition": f'attachment; filename="{view.sha256[:16]}.bin"',
        "X-Content-SHA256": view.sha256,
    }
    return committed(uow, Response(data, media_type="application/octet-stream", headers=headers))


@router.get("/statistics/by-type")
def statistics_by_type(
    principal: Annotated[Principal, requires(P.INTEL_REPORT_READ)], uow: UowDep
) -> list[TypeRow]:
    """Reports per scam type: confirmed by a person or only suggested, with losses in USD."""
    return committed(uow, by_type(uow, principal))
