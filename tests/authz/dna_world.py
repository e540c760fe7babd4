"""DNA objects for the authorisation matrix: profiles, matches, partner queries and follow-ups."""

from __future__ import annotations

import uuid

from jointdesk import dna
from jointdesk.authz import Principal, Role
from jointdesk.db import UnitOfWorkFactory
from support import SYSTEM, make_user

LOCI = {
    "D8S1179": "13,14",
    "D21S11": "28,30",
    "D7S820": "10,11",
    "CSF1PO": "10,12",
    "D3S1358": "15,17",
    "TH01": "6,9.3",
    "D13S317": "11,12",
    "D16S539": "11,12",
    "D2S1338": "17,23",
    "D19S433": "14,15",
    "vWA": "16,17",
    "TPOX": "8,11",
    "D18S51": "14,17",
}


def profile(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    category: dna.Category,
    *,
    sandbox: bool = False,
    person: bool = False,
    consent: str | None = None,
) -> uuid.UUID:
    with uow_factory() as uow:
        cmd = dna.CreateProfile(
            specimen_category=category,
            loci=LOCI,
            legal_basis="CPL art. 1",
            sandbox=sandbox,
            consent_ref=consent,
        )
        view = dna.create_profile(uow, principal, cmd=cmd)
        if person:
            dna.link_person(
                uow, principal, profile_id=view.id, person=dna.PersonDetails(full_name="Test Person")
            )
        uow.commit()
    return view.id


def match(uow_factory: UnitOfWorkFactory, principal: Principal, *, sandbox: bool = False) -> uuid.UUID:
    profile(uow_factory, principal, dna.Category.OFFENDER, sandbox=sandbox)
    stain = profile(uow_factory, principal, dna.Category.FORENSIC_UNKNOWN, sandbox=sandbox)
    with uow_factory() as uow:
        found = dna.run_search(
            uow, principal, profile_id=stain, request=dna.SearchRequest(), sandbox_only=sandbox
        )
        uow.commit()
    return found[0].id


def hit_query(
    uow_factory: UnitOfWorkFactory, requester: Principal, holder_agency: uuid.UUID
) -> tuple[uuid.UUID, str]:
    """A partner query from the requester's agency that hits an offender held by ``holder_agency``."""
    holder = make_user(uow_factory, holder_agency, f"dna.{uuid.uuid4().hex[:6]}", Role.DNA_EXAMINER).principal
    profile(uow_factory, holder, dna.Category.OFFENDER, person=True)
    stain = profile(uow_factory, requester, dna.Category.FORENSIC_UNKNOWN)
    with uow_factory() as uow:
        answer = dna.partner_query(
            uow, requester, cmd=dna.PartnerQuery(target_agency_id=holder_agency, profile_id=stain)
        )
        uow.commit()
    return answer.id, answer.hits[0].profile_ref


def follow_up(
    uow_factory: UnitOfWorkFactory, requester: Principal, holder_agency: uuid.UUID, *, approved: bool
) -> uuid.UUID:
    query_id, ref = hit_query(uow_factory, requester, holder_agency)
    with uow_factory() as uow:
        cmd = dna.RequestFollowUp(
            partner_query_id=query_id,
            profile_ref=ref,
            legal_basis="MLA treaty",
            justification="identify the suspect in case 42",
        )
        view = dna.request_follow_up(uow, requester, cmd=cmd)
        if approved:
            dna.decide_follow_up(
                uow,
                SYSTEM,
                follow_up_id=view.id,
                cmd=dna.DecideFollowUp(approve=True, reason="lawful request"),
            )
        uow.commit()
    return view.id
