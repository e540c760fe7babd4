"""Cross-border hit/no-hit (dna.md §3.5): step 1 answers only hit/no-hit, match quality and
opaque references; personal data follows only an approved step-2 follow-up, audited."""

from __future__ import annotations

import secrets
import uuid

from jointdesk import audit
from jointdesk.authz import Permission, Principal, ensure
from jointdesk.db.uow import UnitOfWork
from jointdesk.dna import repository as repo
from jointdesk.dna.compute import DnaError, PrumPolicy, prum_compare, prum_export
from jointdesk.dna.events import DnaEvent
from jointdesk.dna.models import DnaFollowUp, DnaPartnerQuery, DnaProfile
from jointdesk.dna.rules import Category, FollowUpStatus
from jointdesk.dna.schemas import (
    DecideFollowUp,
    FollowUpView,
    PartnerHit,
    PartnerQuery,
    PartnerQueryView,
    PersonDetails,
    RequestFollowUp,
)
from jointdesk.dna.service import to_compute
from jointdesk.kernel.errors import Forbidden, InvalidInput, NotFound
from jointdesk.kernel.fieldcrypt import decrypt_field
from jointdesk.kernel.ids import new_id

C = Category
_STAINS = (C.FORENSIC_UNKNOWN.value,)
_PERSONS = (C.OFFENDER.value, C.ARRESTEE.value)
# Prüm: stain → {stain, person}, person → {stain}; mixtures never take part.
PARTNER_TARGETS = {
    C.FORENSIC_UNKNOWN.value: _STAINS + _PERSONS,
    C.OFFENDER.value: _STAINS,
    C.ARRESTEE.value: _STAINS,
}


def _query_view(row: DnaPartnerQuery) -> PartnerQueryView:
    hits = [PartnerHit(**hit) for hit in row.hits]
    return PartnerQueryView(
        id=row.id,
        reference=row.reference,
        target_agency_id=row.target_agency_id,
        hit=bool(hits),
        hits=hits,
        created_at=row.created_at,
    )


def partner_query(uow: UnitOfWork, principal: Principal, *, cmd: PartnerQuery) -> PartnerQueryView:
    query = repo.visible_profile(uow, principal, cmd.profile_id)
    ensure(principal, Permission.DNA_PARTNER_QUERY_RUN, query)
    if cmd.target_agency_id == query.owner_agency_id:
        raise InvalidInput(
            "search your own agency's profiles with a search, not a partner query", field="target_agency_id"
        )
    targets = PARTNER_TARGETS.get(query.specimen_category)
    if targets is None or query.mixture or query.sandbox:
        raise InvalidInput(
            f"{query.specimen_category} profiles are not exchanged (dna.md §3.4)", field="profile_id"
        )
    hits = _prum_hits(
        query, repo.agency_profiles(uow, cmd.target_agency_id, categories=targets, sandbox=False)
    )
    row = DnaPartnerQuery(
        id=new_id(),
        owner_agency_id=query.owner_agency_id,
        reference="Q-" + secrets.token_hex(6).upper(),
        target_agency_id=cmd.target_agency_id,
        query_profile_id=query.id,
        hits=[hit.model_dump() for hit in hits],
        created_by=principal.user_id,
        created_at=uow.clock.now(),
    )
    uow.session.add(row)
    uow.session.flush()
    audit.record(
        uow,
        principal,
        DnaEvent.PARTNER_QUERY_ANSWERED,
        target=("dna_partner_query", str(row.id)),
        fields={"hit": bool(hits), "hits": len(hits), "qualities": sorted({h.quality for h in hits})},
        private={"target_agency_id": str(cmd.target_agency_id), "hit_refs": [h.profile_ref for h in hits]},
    )
    return _query_view(row)


def _prum_hits(query: DnaProfile, universe: list[DnaProfile]) -> list[PartnerHit]:
    try:
        exported = prum_export(to_compute(query))
    except DnaError as exc:
        raise InvalidInput(f"profile cannot be exchanged: {exc}", field="profile_id") from exc
    hits = []
    for candidate in universe:
        if candidate.mixture:
            continue
        try:
            result = prum_compare(exported, prum_export(to_compute(candidate)), PrumPolicy())
        except DnaError:
            continue
        if result.quality is not None:
            kind = "person" if candidate.identified else "stain"
            hits.append(
                PartnerHit(profile_ref=candidate.profile_ref, profile_type=kind, quality=result.quality.value)
            )
    return hits


def list_partner_queries(uow: UnitOfWork, principal: Principal) -> list[PartnerQueryView]:
    ensure(principal, Permission.DNA_PARTNER_QUERY_RUN)
    return [_query_view(row) for row in repo.partner_queries(uow, principal)]


def _follow_up_view(row: DnaFollowUp) -> FollowUpView:
    return FollowUpView(
        id=row.id,
        partner_query_id=row.partner_query_id,
        profile_ref=row.profile_ref,
        requesting_agency_id=row.requesting_agency_id,
        holding_agency_id=row.holding_agency_id,
        purpose=row.purpose,
        legal_basis=row.legal_basis,
        justification=row.justification,
        status=row.status,
        decision_reason=row.decision_reason,
        created_at=row.created_at,
    )


def request_follow_up(uow: UnitOfWork, principal: Principal, *, cmd: RequestFollowUp) -> FollowUpView:
    query = repo.visible_partner_query(uow, principal, cmd.partner_query_id)
    ensure(principal, Permission.DNA_FOLLOW_UP_REQUEST, query)
    if cmd.profile_ref not in {hit["profile_ref"] for hit in query.hits}:
        raise InvalidInput("follow-ups are asked only for a reference that was a hit", field="profile_ref")
    row = DnaFollowUp(
        id=new_id(),
        partner_query_id=query.id,
        profile_ref=cmd.profile_ref,
        requesting_agency_id=query.owner_agency_id,
        holding_agency_id=query.target_agency_id,
        purpose=cmd.purpose,
        legal_basis=cmd.legal_basis,
        justification=cmd.justification,
        status=FollowUpStatus.REQUESTED.value,
        requested_by=principal.user_id,
        created_at=uow.clock.now(),
    )
    uow.session.add(row)
    uow.session.flush()
    audit.record(
        uow,
        principal,
        DnaEvent.FOLLOW_UP_REQUESTED,
        target=("dna_follow_up", str(row.id)),
        fields={"purpose": row.purpose},
        private={"justification": cmd.justification, "legal_basis": cmd.legal_basis},
    )
    return _follow_up_view(row)


def list_follow_ups(uow: UnitOfWork, principal: Principal) -> list[FollowUpView]:
    if not (
        principal.has(Permission.DNA_FOLLOW_UP_REQUEST) or principal.has(Permission.DNA_FOLLOW_UP_APPROVE)
    ):
        raise Forbidden("missing permission dna:follow_up:request or dna:follow_up:approve")
    return [_follow_up_view(row) for row in repo.follow_ups(uow, principal)]


def decide_follow_up(
    uow: UnitOfWork, principal: Principal, *, follow_up_id: uuid.UUID, cmd: DecideFollowUp
) -> FollowUpView:
    """The holding agency decides (a person, with reasons); the requester never can."""
    row = repo.visible_follow_up(uow, principal, follow_up_id)
    ensure(principal, Permission.DNA_FOLLOW_UP_APPROVE)
    if not principal.is_system and row.holding_agency_id != principal.agency_id:
        raise Forbidden("only the agency holding the profile decides on its release")
    if row.status != FollowUpStatus.REQUESTED.value:
        raise InvalidInput(f"this follow-up is already {row.status}", field="follow_up_id")
    row.status = (FollowUpStatus.APPROVED if cmd.approve else FollowUpStatus.REFUSED).value
    row.decided_by, row.decided_at, row.decision_reason = principal.user_id, uow.clock.now(), cmd.reason
    event = DnaEvent.FOLLOW_UP_APPROVED if cmd.approve else DnaEvent.FOLLOW_UP_REFUSED
    audit.record(uow, principal, event, target=("dna_follow_up", str(row.id)), private={"reason": cmd.reason})
    return _follow_up_view(row)


def release_person(
    uow: UnitOfWork, principal: Principal, *, follow_up_id: uuid.UUID, justification: str
) -> PersonDetails:
    """The requesting agency reads the person behind a hit, only after an approved follow-up."""
    row = repo.visible_follow_up(uow, principal, follow_up_id)
    ensure(principal, Permission.DNA_PERSON_LINK_READ)
    if row.requesting_agency_id != principal.agency_id or row.status != FollowUpStatus.APPROVED.value:
        raise Forbidden("personal data is released only to the requester of an approved follow-up")
    profile = repo.profile_by_ref(uow, row.profile_ref)
    link = repo.person_link(uow, profile.id) if profile else None
    if profile is None or link is None:
        raise NotFound("no person is linked to this reference")
    audit.log_access(
        uow,
        principal,
        operation=audit.Operation.DISCLOSURE,
        record_kind="dna_person_link",
        record_id=str(profile.id),
        purpose=audit.Purpose.COOPERATION_REQUEST,
        justification=justification,
        recipient_agency_id=principal.agency_id,
    )
    audit.record(
        uow,
        principal,
        DnaEvent.PROFILE_SHARED,
        target=("dna_follow_up", str(row.id)),
        fields={"purpose": row.purpose},
    )
    return PersonDetails.model_validate_json(decrypt_field(uow.secrets.field_key, link.person_encrypted))
