"""Investigators' pages: triage queue, report form and page, lookup, networks with their graph."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel

from jointdesk import audit, intel
from jointdesk.authz import Permission
from jointdesk.db.uow import UnitOfWork
from jointdesk.httpkit.context import UowDep, committed, read_only
from jointdesk.indicators import Normalised, all_types, normalise
from jointdesk.intel.linking import Role
from jointdesk.intel.schemas import AgeBand, Channel, Rail, ReporterRole
from jointdesk.intel.service import search_reports
from jointdesk.intel.statistics import by_type
from jointdesk.intel.triage import triage_queue
from jointdesk.typology import load_typology
from jointdesk.web.deps import WebUser, requires
from jointdesk.web.forms import validated
from jointdesk.web.intel_form import IDENTIFIER_ROWS, TRANSACTION_ROWS, report_from_form
from jointdesk.web.render import render

router = APIRouter(prefix="/intel")
P = Permission


async def form_fields(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


FormFields = Annotated[dict[str, str], Depends(form_fields)]


def _page(request: Request, user: WebUser, template: str, context: Mapping[str, object]) -> Response:
    return render(request, template, dict(context), principal=user.principal, csrf_token=user.csrf_token)


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get("")
def home(request: Request, user: Annotated[WebUser, requires(P.INTEL_REPORT_READ)], uow: UowDep) -> Response:
    context = {
        "queue": triage_queue(uow, user.principal),
        "networks": intel.ranked_networks(uow, user.principal, order="growth", limit=10)
        if P.INTEL_NETWORK_READ in user.principal.permissions
        else [],
    }
    return committed(uow, _page(request, user, "intel/home.html", context))


@router.get("/reports")
def search_page(
    request: Request,
    user: Annotated[WebUser, requires(P.INTEL_REPORT_READ)],
    uow: UowDep,
    q: Annotated[str, Query(max_length=200)] = "",
    code: Annotated[str, Query(max_length=20)] = "",
    jurisdiction: Annotated[str, Query(max_length=2)] = "",
) -> Response:
    rows = search_reports(
        uow, user.principal, text=q or None, code=code or None, jurisdiction=jurisdiction.upper() or None
    )
    context = {
        "rows": rows,
        "q": q,
        "code": code,
        "jurisdiction": jurisdiction,
        "codes": load_typology().incident_codes,
    }
    return committed(uow, _page(request, user, "intel/search.html", context))


@router.get("/reports/new")
def new_report(request: Request, user: Annotated[WebUser, requires(P.INTEL_REPORT_CREATE)]) -> Response:
    return _page(request, user, "intel/new.html", _form_context())


def _form_context() -> dict[str, Any]:
    return {
        "id_types": [t.name for t in all_types()],
        "roles": list(Role),
        "channels": list(Channel),
        "reporter_roles": list(ReporterRole),
        "rails": list(Rail),
        "age_bands": list(AgeBand),
        "codes": load_typology().incident_codes,
        "identifier_rows": range(IDENTIFIER_ROWS),
        "transaction_rows": range(TRANSACTION_ROWS),
    }


@router.post("/reports")
def create_report(
    user: Annotated[WebUser, requires(P.INTEL_REPORT_CREATE)], uow: UowDep, form: FormFields
) -> Response:
    filed = intel.file_report(uow, user.principal, report_from_form(form))
    return committed(uow, _see(f"/intel/reports/{filed.id}"))


@router.get("/check")
@read_only
def check_identifier(
    user: Annotated[WebUser, requires(P.INTEL_REPORT_CREATE)],
    id_type: Annotated[str, Query(max_length=30)] = "phone",
    value: Annotated[str, Query(max_length=4096)] = "",
    region: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")] = None,
) -> JSONResponse:
    """Live validation for the report form: the same normaliser a filing uses."""
    if id_type not in {t.name for t in all_types()}:
        return JSONResponse({"ok": False, "message": f"unknown identifier type {id_type!r}"})
    result = normalise(id_type, value, region=region)
    if isinstance(result, Normalised):
        shown = result.display or result.canonical
        return JSONResponse({"ok": True, "canonical": shown, "flags": sorted(result.flags)})
    return JSONResponse({"ok": False, "message": f"{result.reason}: {result.message}"})


@router.post("/suggest")
def suggest_type(
    user: Annotated[WebUser, requires(P.INTEL_REPORT_CREATE)],
    uow: UowDep,
    text: Annotated[str, Form(max_length=100_000)] = "",
) -> JSONResponse:
    """Live typology suggestion for the narrative being typed (a suggestion, never a decision)."""
    from jointdesk.intel.suggest import suggestions  # noqa: PLC0415 - loads the model on first use

    found = suggestions(uow, [text])[0] if text.strip() else None
    return committed(uow, JSONResponse({"suggestion": found}))


@router.get("/reports/{report_id}")
def report_page(
    request: Request,
    report_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.INTEL_REPORT_READ)],
    uow: UowDep,
) -> Response:
    view = intel.get_report(uow, user.principal, report_id)
    context = {
        "report": view,
        "codes": load_typology().incident_codes,
        "purposes": list(audit.Purpose),
        "evidence": intel.list_evidence(uow, user.principal, report_id),
        "evidence_kinds": list(intel.EvidenceKind),
    }
    return committed(uow, _page(request, user, "intel/report.html", context))


@router.post("/reports/{report_id}/evidence")
async def add_evidence(
    report_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.INTEL_REPORT_CREATE)],
    uow: UowDep,
    file: UploadFile,
    kind: Annotated[str, Form()] = "other",
) -> Response:
    data = await file.read(intel.evidence.MAX_BYTES + 1)
    chosen = validated(_KindForm, {"kind": kind}).kind
    intel.add_evidence(
        uow,
        user.principal,
        report_id,
        data=data,
        filename=file.filename or "upload",
        media_type=file.content_type or "application/octet-stream",
        kind=chosen,
    )
    return committed(uow, _see(f"/intel/reports/{report_id}#evidence"))


class _KindForm(BaseModel):
    kind: intel.EvidenceKind


@router.get("/reports/{report_id}/evidence/{evidence_id}")
def download_evidence(
    report_id: uuid.UUID,
    evidence_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.INTEL_REPORT_READ)],
    uow: UowDep,
) -> Response:
    view, data = intel.download(uow, user.principal, report_id, evidence_id)
    headers = {"Content-Disposition": f'attachment; filename="{view.sha256[:16]}.bin"'}
    return committed(uow, Response(data, media_type="application/octet-stream", headers=headers))


@router.post("/reports/{report_id}/typology")
def confirm_typology(
    report_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.INTEL_TYPOLOGY_CONFIRM)],
    uow: UowDep,
    code: Annotated[str, Form()],
) -> Response:
    intel.confirm_typology(uow, user.principal, report_id, code=code)
    return committed(uow, _see(f"/intel/reports/{report_id}"))


@router.post("/reports/{report_id}/withdraw")
def withdraw(
    report_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.INTEL_REPORT_WITHDRAW)],
    uow: UowDep,
    reason: Annotated[str, Form()],
) -> Response:
    intel.withdraw_report(uow, user.principal, report_id, reason=reason)
    return committed(uow, _see("/intel"))


@router.post("/reports/{report_id}/victim")
def read_victim(
    request: Request,
    report_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.PERSONS_PERSONAL_DATA_READ)],
    uow: UowDep,
    justification: Annotated[str, Form()],
    purpose: Annotated[str, Form()] = audit.Purpose.INVESTIGATION.value,
) -> Response:
    """The victim's personal identifiers, shown once for a logged purpose (never cached in a GET)."""
    chosen = validated(_PurposeForm, {"purpose": purpose}).purpose
    personal = intel.read_victim_personal(
        uow, user.principal, report_id, purpose=chosen, justification=justification
    )
    view = intel.get_report(uow, user.principal, report_id)
    context = {
        "report": view,
        "personal": personal,
        "codes": load_typology().incident_codes,
        "purposes": [],
        "evidence": intel.list_evidence(uow, user.principal, report_id),
        "evidence_kinds": list(intel.EvidenceKind),
    }
    return committed(uow, _page(request, user, "intel/report.html", context))


class _PurposeForm(BaseModel):
    purpose: audit.Purpose


@router.get("/lookup")
def lookup_form(request: Request, user: Annotated[WebUser, requires(P.INTEL_LOOKUP_RUN)]) -> Response:
    return _page(request, user, "intel/lookup.html", {"hits": None, "values": "", "id_types": _type_names()})


@router.post("/lookup")
def lookup(
    request: Request,
    user: Annotated[WebUser, requires(P.INTEL_LOOKUP_RUN)],
    uow: UowDep,
    values: Annotated[str, Form(max_length=2_000_000)],
    id_type: Annotated[str, Form()] = "",
) -> Response:
    """One value or a pasted list of thousands; a pasted message also gets a typology suggestion."""
    lines = [line for line in values.splitlines() if line.strip()]
    hits = intel.lookup(uow, user.principal, lines, id_type=id_type or None)
    suggestion = _suggest(uow, lines, hits)
    context = {"hits": hits, "values": values, "id_types": _type_names(), "suggestion": suggestion}
    return committed(uow, _page(request, user, "intel/lookup.html", context))


def _suggest(uow: UnitOfWork, lines: list[str], hits: list[intel.LookupHit]) -> dict[str, Any] | None:
    """A pasted message (not a list of identifiers) gets a typology suggestion too."""
    if len(lines) > 20 or all(hit.status != "unparseable" for hit in hits):
        return None
    from jointdesk.intel.suggest import suggestions  # noqa: PLC0415 - loads the model on first use

    return suggestions(uow, ["\n".join(lines)])[0]


def _type_names() -> list[str]:
    return [t.name for t in all_types()]


@router.get("/networks")
def networks(
    request: Request,
    user: Annotated[WebUser, requires(P.INTEL_NETWORK_READ)],
    uow: UowDep,
    order: Literal["size", "growth", "latest"] = "size",
) -> Response:
    rows = intel.ranked_networks(uow, user.principal, order=order, limit=100)
    return committed(uow, _page(request, user, "intel/networks.html", {"rows": rows, "order": order}))


@router.get("/networks/{network_id}")
def network_page(
    request: Request,
    network_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.INTEL_NETWORK_READ)],
    uow: UowDep,
) -> Response:
    figures = intel.network_figures(uow, user.principal, network_id)
    members = intel.network_members(uow, user.principal, figures.id)
    context = {"figures": figures, "members": members, "id_types": _type_names()}
    return committed(uow, _page(request, user, "intel/network.html", context))


@router.get("/reports/{report_id}/links/{other_report_id}")
def why_linked(
    request: Request,
    report_id: uuid.UUID,
    other_report_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.INTEL_NETWORK_READ)],
    uow: UowDep,
) -> Response:
    steps = intel.explain_link(uow, user.principal, report_id, other_report_id)
    return committed(uow, _page(request, user, "intel/why.html", {"steps": steps}))


@router.get("/graph/{kind}/{node_id}")
@read_only
def graph(
    kind: Literal["report", "identifier"],
    node_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.INTEL_NETWORK_READ)],
    uow: UowDep,
    id_type: Annotated[list[str] | None, Query()] = None,
) -> JSONResponse:
    """JSON for the network page's graph: one step out from a node, within the caller's visibility."""
    found = intel.expand(uow, user.principal, kind=kind, node_id=node_id, id_types=set(id_type or []))
    return committed(uow, JSONResponse(found.model_dump(mode="json")))


@router.get("/statistics")
def statistics(
    request: Request, user: Annotated[WebUser, requires(P.INTEL_REPORT_READ)], uow: UowDep
) -> Response:
    rows = by_type(uow, user.principal)
    return committed(uow, _page(request, user, "intel/statistics.html", {"rows": rows}))


@router.get("/typology")
def typology_reference(request: Request, user: Annotated[WebUser, requires(P.INTEL_REPORT_READ)]) -> Response:
    """The canonical typology: codes, names, definitions and the agencies' categories they map to."""
    return _page(request, user, "intel/typology.html", {"typology": load_typology()})
