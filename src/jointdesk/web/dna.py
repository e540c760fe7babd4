"""DNA examiners' pages: profiles, search with stringency, match review, statistics, hit/no-hit."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from jointdesk import dna, identity
from jointdesk.authz import Permission
from jointdesk.httpkit.context import UowDep, committed
from jointdesk.kernel.errors import DomainError, InvalidInput
from jointdesk.web.deps import WebUser, requires
from jointdesk.web.forms import validated
from jointdesk.web.render import render

router = APIRouter(prefix="/dna")
P = Permission


def _page(request: Request, user: WebUser, template: str, context: Mapping[str, object]) -> Response:
    return render(request, template, dict(context), principal=user.principal, csrf_token=user.csrf_token)


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def parse_loci(text: str) -> dict[str, str]:
    """``LOCUS=13,14`` (or ``LOCUS: 13 14``) per line → locus → alleles."""
    loci: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, sep, alleles = line.replace(":", "=", 1).partition("=")
        if not sep or not name.strip():
            raise InvalidInput(f"line {number}: expected LOCUS=alleles", field="loci")
        loci[name.strip()] = ",".join(alleles.replace(",", " ").split())
    return loci


@router.get("")
def home(request: Request, user: Annotated[WebUser, requires(P.DNA_PROFILE_READ)], uow: UowDep) -> Response:
    context = {
        "profiles": dna.list_profiles(uow, user.principal),
        "categories": list(dna.Category),
        "follow_ups": dna.list_follow_ups(uow, user.principal),
        "agencies": {a.id: a for a in identity.list_agencies(uow, user.principal)},
    }
    return committed(uow, _page(request, user, "dna/home.html", context))


@router.post("/profiles")
def create(
    user: Annotated[WebUser, requires(P.DNA_PROFILE_CREATE)],
    uow: UowDep,
    specimen_category: Annotated[str, Form()],
    loci: Annotated[str, Form()],
    legal_basis: Annotated[str, Form()],
    case_ref: Annotated[str, Form()] = "",
    consent_ref: Annotated[str, Form()] = "",
) -> Response:
    raw = {
        "specimen_category": specimen_category,
        "loci": parse_loci(loci),
        "legal_basis": legal_basis,
        "case_ref": case_ref or None,
        "consent_ref": consent_ref or None,
    }
    cmd = validated(dna.CreateProfile, raw)
    created = dna.create_profile(uow, user.principal, cmd=cmd)
    return committed(uow, _see(f"/dna/profiles/{created.id}"))


@router.get("/profiles/{profile_id}")
def profile(
    request: Request,
    profile_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.DNA_PROFILE_READ)],
    uow: UowDep,
) -> Response:
    view = dna.get_profile(uow, user.principal, profile_id)
    context = {
        "profile": view,
        "matches": dna.list_matches(uow, user.principal, profile_id=profile_id),
        "statistics": _statistics(uow, user, profile_id, view),
        "modes": list(dna.SearchMode),
        "kinship": view.specimen_category.value
        in {"relative_reference", "unidentified_remains", "missing_person"},
        "agencies": [a for a in identity.list_agencies(uow, user.principal) if a.id != view.owner_agency_id],
        "queries": (
            dna.list_partner_queries(uow, user.principal)
            if user.principal.has(P.DNA_PARTNER_QUERY_RUN)
            else []
        ),
    }
    return committed(uow, _page(request, user, "dna/profile.html", context))


def _statistics(
    uow: UowDep, user: WebUser, profile_id: uuid.UUID, view: dna.ProfileView
) -> dict[str, object] | str:
    if view.mixture or not user.principal.has(P.DNA_STATISTICS_RUN):
        return ""
    try:
        return dna.profile_statistics(uow, user.principal, profile_id=profile_id)
    except DomainError as exc:
        return exc.message


@router.post("/profiles/{profile_id}/search")
def search(
    profile_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.DNA_SEARCH_RUN)],
    uow: UowDep,
    mode: Annotated[str, Form()],
    min_loci: Annotated[int, Form()] = 8,
) -> Response:
    request = validated(dna.SearchRequest, {"mode": mode, "min_loci": min_loci})
    dna.run_search(uow, user.principal, profile_id=profile_id, request=request)
    return committed(uow, _see(f"/dna/profiles/{profile_id}#matches"))


@router.post("/profiles/{profile_id}/kinship-search")
def kinship_search(
    profile_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.DNA_SEARCH_RUN)],
    uow: UowDep,
    relationship: Annotated[str, Form()],
) -> Response:
    dna.kinship_search(uow, user.principal, profile_id=profile_id, relationship=relationship)
    return committed(uow, _see(f"/dna/profiles/{profile_id}#matches"))


@router.post("/matches/{match_id}/decision")
def decide(
    match_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.DNA_MATCH_CONFIRM)],
    uow: UowDep,
    decision: Annotated[str, Form()],
    reason: Annotated[str, Form()],
    back: Annotated[str, Form()] = "/dna",
) -> Response:
    cmd = validated(dna.DecideMatch, {"confirm": decision == "confirm", "reason": reason})
    dna.decide_match(uow, user.principal, match_id=match_id, cmd=cmd)
    return committed(uow, _see(back if back.startswith("/dna") else "/dna"))


@router.post("/profiles/{profile_id}/partner-query")
def partner_query(
    profile_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.DNA_PARTNER_QUERY_RUN)],
    uow: UowDep,
    target_agency_id: Annotated[str, Form()],
) -> Response:
    cmd = validated(dna.PartnerQuery, {"target_agency_id": target_agency_id, "profile_id": profile_id})
    dna.partner_query(uow, user.principal, cmd=cmd)
    return committed(uow, _see(f"/dna/profiles/{profile_id}#partner"))


@router.post("/follow-ups")
def request_follow_up(
    user: Annotated[WebUser, requires(P.DNA_FOLLOW_UP_REQUEST)],
    uow: UowDep,
    partner_query_id: Annotated[str, Form()],
    profile_ref: Annotated[str, Form()],
    legal_basis: Annotated[str, Form()],
    justification: Annotated[str, Form()],
) -> Response:
    raw = {
        "partner_query_id": partner_query_id,
        "profile_ref": profile_ref,
        "legal_basis": legal_basis,
        "justification": justification,
    }
    cmd = validated(dna.RequestFollowUp, raw)
    dna.request_follow_up(uow, user.principal, cmd=cmd)
    return committed(uow, _see("/dna#follow-ups"))


@router.post("/follow-ups/{follow_up_id}/decision")
def decide_follow_up(
    follow_up_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.DNA_FOLLOW_UP_APPROVE)],
    uow: UowDep,
    decision: Annotated[str, Form()],
    reason: Annotated[str, Form()],
) -> Response:
    cmd = validated(dna.DecideFollowUp, {"approve": decision == "approve", "reason": reason})
    dna.decide_follow_up(uow, user.principal, follow_up_id=follow_up_id, cmd=cmd)
    return committed(uow, _see("/dna#follow-ups"))


@router.get("/sandbox")
def sandbox(request: Request, user: Annotated[WebUser, requires(P.DNA_SANDBOX_USE)], uow: UowDep) -> Response:
    context = {"profiles": dna.list_profiles(uow, user.principal, sandbox=True)}
    return committed(uow, _page(request, user, "dna/sandbox.html", context))


@router.post("/sandbox/exercises")
def build_exercise(
    user: Annotated[WebUser, requires(P.DNA_SANDBOX_USE)], uow: UowDep, size: Annotated[int, Form()] = 50
) -> Response:
    if not 5 <= size <= 500:
        raise InvalidInput("between 5 and 500 profiles", field="size")
    dna.build_exercise(uow, user.principal, size=size)
    return committed(uow, _see("/dna/sandbox"))


@router.post("/sandbox/profiles/{profile_id}/search")
def sandbox_search(
    request: Request,
    profile_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.DNA_SANDBOX_USE)],
    uow: UowDep,
    mode: Annotated[str, Form()] = "moderate",
) -> Response:
    """Results render directly: trainees practise the search, then compare with the answer."""
    search_request = validated(dna.SearchRequest, {"mode": mode})
    found = dna.run_search(
        uow, user.principal, profile_id=profile_id, request=search_request, sandbox_only=True
    )
    context = {
        "profiles": dna.list_profiles(uow, user.principal, sandbox=True),
        "found": found,
        "searched": profile_id,
    }
    return committed(uow, _page(request, user, "dna/sandbox.html", context))
