"""Forensic DNA: profiles, searches, match review, statistics, hit/no-hit, follow-ups, sandbox."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Query, Response, UploadFile, status
from pydantic import BaseModel, Field

from jointdesk import dna, identity
from jointdesk.api.deps import requires
from jointdesk.authz import Permission, Principal
from jointdesk.httpkit.context import UowDep, committed

router = APIRouter(prefix="/dna", tags=["dna"])
P = Permission


class PersonRead(BaseModel):
    purpose: dna.Purpose = dna.Purpose.INVESTIGATION
    justification: str = Field(min_length=10, max_length=2000)


class Release(BaseModel):
    justification: str = Field(min_length=10, max_length=2000)


class Exercise(BaseModel):
    size: int = Field(default=50, ge=5, le=2000)
    seed: int = 2026


@router.get("/profiles")
def list_profiles(
    principal: Annotated[Principal, requires(P.DNA_PROFILE_READ)], uow: UowDep, sandbox: bool = False
) -> list[dna.ProfileView]:
    return committed(uow, dna.list_profiles(uow, principal, sandbox=sandbox))


@router.post("/profiles", status_code=status.HTTP_201_CREATED)
def create_profile(
    body: dna.CreateProfile, principal: Annotated[Principal, requires(P.DNA_PROFILE_CREATE)], uow: UowDep
) -> dna.ProfileView:
    return committed(uow, dna.create_profile(uow, principal, cmd=body))


@router.get("/profiles/{profile_id}")
def get_profile(
    profile_id: uuid.UUID, principal: Annotated[Principal, requires(P.DNA_PROFILE_READ)], uow: UowDep
) -> dna.ProfileView:
    return committed(uow, dna.get_profile(uow, principal, profile_id))


@router.put("/profiles/{profile_id}/person")
def link_person(
    profile_id: uuid.UUID,
    body: dna.PersonDetails,
    principal: Annotated[Principal, requires(P.DNA_PROFILE_CREATE)],
    uow: UowDep,
) -> dna.ProfileView:
    return committed(uow, dna.link_person(uow, principal, profile_id=profile_id, person=body))


@router.post("/profiles/{profile_id}/person/read")
def read_person(
    profile_id: uuid.UUID,
    body: PersonRead,
    principal: Annotated[Principal, requires(P.DNA_PERSON_LINK_READ)],
    uow: UowDep,
) -> dna.PersonDetails:
    """POST, not GET: the read carries a purpose and justification and is access-logged."""
    result = dna.read_person(
        uow, principal, profile_id=profile_id, purpose=body.purpose, justification=body.justification
    )
    return committed(uow, result)


@router.post("/profiles/{profile_id}/search")
def search(
    profile_id: uuid.UUID,
    body: dna.SearchRequest,
    principal: Annotated[Principal, requires(P.DNA_SEARCH_RUN)],
    uow: UowDep,
) -> list[dna.MatchView]:
    return committed(uow, dna.run_search(uow, principal, profile_id=profile_id, request=body))


@router.post("/profiles/{profile_id}/kinship-search")
def kinship_search(
    profile_id: uuid.UUID,
    body: dna.KinshipSearchRequest,
    principal: Annotated[Principal, requires(P.DNA_SEARCH_RUN)],
    uow: UowDep,
) -> list[dna.MatchView]:
    """Relatives' references against unidentified remains (and back), ranked by kinship LR."""
    result = dna.kinship_search(
        uow, principal, profile_id=profile_id, relationship=body.relationship, theta=body.theta
    )
    return committed(uow, result)


@router.get("/profiles/{profile_id}/prum", response_class=Response)
def export_prum(
    profile_id: uuid.UUID, principal: Annotated[Principal, requires(P.DNA_PARTNER_QUERY_RUN)], uow: UowDep
) -> Response:
    """The profile in the Prüm-logical exchange format (XML)."""
    agency = next(a for a in identity.list_agencies(uow, principal) if a.id == principal.agency_id)
    reference = f"EXP-{uuid.uuid4().hex[:10].upper()}"
    xml = dna.export_prum(uow, principal, profile_id=profile_id, country=agency.country, reference=reference)
    return committed(uow, Response(xml, media_type="application/xml"))


@router.get("/profiles/{profile_id}/matches")
def matches(
    profile_id: uuid.UUID, principal: Annotated[Principal, requires(P.DNA_PROFILE_READ)], uow: UowDep
) -> list[dna.MatchView]:
    return committed(uow, dna.list_matches(uow, principal, profile_id=profile_id))


@router.get("/profiles/{profile_id}/statistics")
def statistics(
    profile_id: uuid.UUID,
    principal: Annotated[Principal, requires(P.DNA_STATISTICS_RUN)],
    uow: UowDep,
    table: str = "nist1036",
    population: str | None = None,
    theta: Annotated[float, Query(ge=0, le=0.25)] = 0.01,
) -> dict[str, object]:
    result = dna.profile_statistics(
        uow, principal, profile_id=profile_id, table=table, population=population, theta=theta
    )
    return committed(uow, result)


@router.post("/matches/{match_id}/decision")
def decide_match(
    match_id: uuid.UUID,
    body: dna.DecideMatch,
    principal: Annotated[Principal, requires(P.DNA_MATCH_CONFIRM)],
    uow: UowDep,
) -> dna.MatchView:
    return committed(uow, dna.decide_match(uow, principal, match_id=match_id, cmd=body))


@router.post("/partner-queries", status_code=status.HTTP_201_CREATED)
def partner_query(
    body: dna.PartnerQuery, principal: Annotated[Principal, requires(P.DNA_PARTNER_QUERY_RUN)], uow: UowDep
) -> dna.PartnerQueryView:
    return committed(uow, dna.partner_query(uow, principal, cmd=body))


@router.get("/partner-queries")
def partner_queries(
    principal: Annotated[Principal, requires(P.DNA_PARTNER_QUERY_RUN)], uow: UowDep
) -> list[dna.PartnerQueryView]:
    return committed(uow, dna.list_partner_queries(uow, principal))


@router.post("/follow-ups", status_code=status.HTTP_201_CREATED)
def request_follow_up(
    body: dna.RequestFollowUp, principal: Annotated[Principal, requires(P.DNA_FOLLOW_UP_REQUEST)], uow: UowDep
) -> dna.FollowUpView:
    return committed(uow, dna.request_follow_up(uow, principal, cmd=body))


@router.post("/follow-ups/{follow_up_id}/decision")
def decide_follow_up(
    follow_up_id: uuid.UUID,
    body: dna.DecideFollowUp,
    principal: Annotated[Principal, requires(P.DNA_FOLLOW_UP_APPROVE)],
    uow: UowDep,
) -> dna.FollowUpView:
    return committed(uow, dna.decide_follow_up(uow, principal, follow_up_id=follow_up_id, cmd=body))


@router.post("/follow-ups/{follow_up_id}/person")
def release_person(
    follow_up_id: uuid.UUID,
    body: Release,
    principal: Annotated[Principal, requires(P.DNA_PERSON_LINK_READ)],
    uow: UowDep,
) -> dna.PersonDetails:
    result = dna.release_person(uow, principal, follow_up_id=follow_up_id, justification=body.justification)
    return committed(uow, result)


@router.post("/sandbox/exercises", status_code=status.HTTP_201_CREATED)
def build_exercise(
    body: Exercise, principal: Annotated[Principal, requires(P.DNA_SANDBOX_USE)], uow: UowDep
) -> dict[str, object]:
    return committed(uow, dna.build_exercise(uow, principal, size=body.size, seed=body.seed))


@router.post("/imports", status_code=status.HTTP_201_CREATED)
async def import_profiles(
    principal: Annotated[Principal, requires(P.DNA_PROFILE_CREATE)],
    uow: UowDep,
    file: UploadFile,
    fmt: Annotated[dna.ImportFormat, Form(alias="format")],
    specimen_category: Annotated[dna.Category, Form()],
    legal_basis: Annotated[str, Form(min_length=2, max_length=80)],
) -> dna.ImportReport:
    """Import a GeneMapper, CMF or LRmix file; the report lists every rejected row with its reason."""
    data = await file.read()
    result = dna.import_profiles(
        uow,
        principal,
        data=data,
        fmt=fmt,
        filename=file.filename or "upload",
        category=specimen_category,
        legal_basis=legal_basis,
    )
    return committed(uow, result)


@router.get("/follow-ups")
def follow_ups(
    principal: Annotated[Principal, requires(P.DNA_PROFILE_READ)], uow: UowDep
) -> list[dna.FollowUpView]:
    """Follow-ups the caller's agency requested or must decide on."""
    return committed(uow, dna.list_follow_ups(uow, principal))


@router.get("/sandbox/profiles")
def sandbox_profiles(
    principal: Annotated[Principal, requires(P.DNA_SANDBOX_USE)], uow: UowDep
) -> list[dna.ProfileView]:
    return committed(uow, dna.list_profiles(uow, principal, sandbox=True))


@router.post("/sandbox/profiles/{profile_id}/search")
def sandbox_search(
    profile_id: uuid.UUID,
    body: dna.SearchRequest,
    principal: Annotated[Principal, requires(P.DNA_SANDBOX_USE)],
    uow: UowDep,
) -> list[dna.MatchView]:
    return committed(
        uow, dna.run_search(uow, principal, profile_id=profile_id, request=body, sandbox_only=True)
    )


@router.post("/sandbox/matches/{match_id}/decision")
def sandbox_decide(
    match_id: uuid.UUID,
    body: dna.DecideMatch,
    principal: Annotated[Principal, requires(P.DNA_SANDBOX_USE)],
    uow: UowDep,
) -> dna.MatchView:
    return committed(uow, dna.decide_match(uow, principal, match_id=match_id, cmd=body, sandbox_only=True))
