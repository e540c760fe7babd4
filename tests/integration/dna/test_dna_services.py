"""DNA on both databases: category policy, candidates → hits, hit/no-hit and follow-ups, sandbox."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from authz import dna_world
from jointdesk import dna
from jointdesk.audit.models import AccessLogEntry
from jointdesk.authz import Role
from jointdesk.db import UnitOfWorkFactory
from jointdesk.kernel.errors import Forbidden, InvalidInput, InvalidTransition, NotFound
from support import Member, make_agency, make_user

LOCI = dna_world.LOCI
C = dna.Category


@pytest.fixture
def examiner(uow_factory: UnitOfWorkFactory) -> Member:
    return make_user(
        uow_factory, make_agency(uow_factory, "KH Forensic Lab", "KH"), "kh.dna", Role.DNA_EXAMINER
    )


def _create(
    uow_factory: UnitOfWorkFactory,
    member: Member,
    category: dna.Category,
    loci: dict[str, str],
    **extra: object,
) -> dna.ProfileView:
    with uow_factory() as uow:
        cmd = dna.CreateProfile.model_validate(
            {"specimen_category": category, "loci": loci, "legal_basis": "CPL 1", **extra}
        )
        view = dna.create_profile(uow, member.principal, cmd=cmd)
        uow.commit()
    return view


def _search(
    uow_factory: UnitOfWorkFactory, member: Member, profile_id: uuid.UUID, mode: str = "moderate"
) -> list[dna.MatchView]:
    with uow_factory() as uow:
        found = dna.run_search(
            uow, member.principal, profile_id=profile_id, request=dna.SearchRequest(mode=mode)
        )  # type: ignore[arg-type]
        uow.commit()
    return found


def test_partial_stain_finds_its_offender_and_never_a_relative(
    uow_factory: UnitOfWorkFactory, examiner: Member
) -> None:
    offender = _create(uow_factory, examiner, C.OFFENDER, LOCI)
    _create(uow_factory, examiner, C.RELATIVE_REFERENCE, LOCI, consent_ref="CONSENT-1")
    other = _create(uow_factory, examiner, C.OFFENDER, LOCI | {"D8S1179": "8,9", "TH01": "7,8"})
    partial = dict(list(LOCI.items())[:10])
    stain = _create(uow_factory, examiner, C.FORENSIC_UNKNOWN, partial)
    found = _search(uow_factory, examiner, stain.id)
    assert [m.candidate_profile_ref for m in found] == [offender.profile_ref]
    assert other.profile_ref not in {m.candidate_profile_ref for m in found}
    assert found[0].status == "candidate" and found[0].likelihood_ratio and found[0].likelihood_ratio > 1e9


def test_relative_reference_is_never_searched_directly(
    uow_factory: UnitOfWorkFactory, examiner: Member
) -> None:
    relative = _create(uow_factory, examiner, C.RELATIVE_REFERENCE, LOCI, consent_ref="CONSENT-1")
    with uow_factory() as uow, pytest.raises(InvalidInput, match="not searched directly"):
        dna.run_search(uow, examiner.principal, profile_id=relative.id, request=dna.SearchRequest())


def test_relative_reference_needs_consent(uow_factory: UnitOfWorkFactory, examiner: Member) -> None:
    with pytest.raises(InvalidInput) as caught:
        _create(uow_factory, examiner, C.RELATIVE_REFERENCE, LOCI)
    assert caught.value.field == "consent_ref"


def test_unknown_locus_is_named(uow_factory: UnitOfWorkFactory, examiner: Member) -> None:
    with pytest.raises(InvalidInput, match="D99S999") as caught:
        _create(uow_factory, examiner, C.OFFENDER, LOCI | {"D99S999": "1,2"})
    assert caught.value.field == "loci"


def test_candidate_becomes_a_hit_only_when_a_person_confirms(
    uow_factory: UnitOfWorkFactory, examiner: Member
) -> None:
    _create(uow_factory, examiner, C.OFFENDER, LOCI)
    stain = _create(uow_factory, examiner, C.FORENSIC_UNKNOWN, LOCI)
    match = _search(uow_factory, examiner, stain.id, "high")[0]
    with uow_factory() as uow:
        decided = dna.decide_match(
            uow, examiner.principal, match_id=match.id, cmd=dna.DecideMatch(confirm=True, reason="re-typed")
        )
        uow.commit()
    assert decided.status == "hit"
    with uow_factory() as uow, pytest.raises(InvalidTransition):
        dna.decide_match(
            uow,
            examiner.principal,
            match_id=match.id,
            cmd=dna.DecideMatch(confirm=False, reason="second thoughts"),
        )


def test_hit_no_hit_then_follow_up_releases_the_person(
    uow_factory: UnitOfWorkFactory, examiner: Member
) -> None:
    holder_agency = make_agency(uow_factory, "CN Lab", "CN")
    holder = make_user(uow_factory, holder_agency, "cn.dna", Role.DNA_EXAMINER)
    supervisor = make_user(uow_factory, holder_agency, "cn.sup", Role.SUPERVISOR)
    offender = dna_world.profile(uow_factory, holder.principal, C.OFFENDER, person=True)
    stain = _create(uow_factory, examiner, C.FORENSIC_UNKNOWN, LOCI)
    with uow_factory() as uow:
        answer = dna.partner_query(
            uow, examiner.principal, cmd=dna.PartnerQuery(target_agency_id=holder_agency, profile_id=stain.id)
        )
        uow.commit()
    assert answer.hit and set(answer.hits[0].model_dump()) == {"profile_ref", "profile_type", "quality"}
    assert answer.hits[0].quality == "full" and answer.hits[0].profile_type == "person"
    with uow_factory() as uow, pytest.raises(NotFound):
        dna.get_profile(uow, examiner.principal, offender)  # the row itself stays invisible
    request = dna.RequestFollowUp(
        partner_query_id=answer.id,
        profile_ref=answer.hits[0].profile_ref,
        legal_basis="MLA",
        justification="identify the suspect in case 7",
    )
    with uow_factory() as uow:
        follow_up = dna.request_follow_up(uow, examiner.principal, cmd=request)
        uow.commit()
    with uow_factory() as uow, pytest.raises(Forbidden):
        dna.release_person(
            uow, examiner.principal, follow_up_id=follow_up.id, justification="need the name now"
        )
    with uow_factory() as uow, pytest.raises(Forbidden):
        dna.decide_follow_up(
            uow,
            examiner.principal,
            follow_up_id=follow_up.id,
            cmd=dna.DecideFollowUp(approve=True, reason="self-approved"),
        )
    with uow_factory() as uow:
        dna.decide_follow_up(
            uow,
            supervisor.principal,
            follow_up_id=follow_up.id,
            cmd=dna.DecideFollowUp(approve=True, reason="lawful MLA"),
        )
        uow.commit()
    with uow_factory() as uow:
        person = dna.release_person(
            uow, examiner.principal, follow_up_id=follow_up.id, justification="arrest warrant for case 7"
        )
        uow.commit()
    assert person.full_name == "Test Person"
    with uow_factory() as uow:
        operations = {
            e.operation
            for e in uow.session.scalars(
                select(AccessLogEntry).where(AccessLogEntry.user_id == examiner.user_id)
            )
        }
    assert "disclosure" in operations


def test_partner_query_without_match_is_a_no_hit(uow_factory: UnitOfWorkFactory, examiner: Member) -> None:
    holder_agency = make_agency(uow_factory, "CN Lab", "CN")
    holder = make_user(uow_factory, holder_agency, "cn.dna", Role.DNA_EXAMINER)
    _create(uow_factory, holder, C.OFFENDER, LOCI | {"D8S1179": "8,9", "TH01": "7,8", "FGA": "19,20"})
    stain = _create(uow_factory, examiner, C.FORENSIC_UNKNOWN, LOCI)
    with uow_factory() as uow:
        answer = dna.partner_query(
            uow, examiner.principal, cmd=dna.PartnerQuery(target_agency_id=holder_agency, profile_id=stain.id)
        )
    assert not answer.hit and answer.hits == []


def test_person_read_is_logged_with_its_purpose(uow_factory: UnitOfWorkFactory, examiner: Member) -> None:
    offender = dna_world.profile(uow_factory, examiner.principal, C.OFFENDER, person=True)
    with uow_factory() as uow:
        person = dna.read_person(
            uow,
            examiner.principal,
            profile_id=offender,
            purpose=dna.Purpose.INVESTIGATION,
            justification="checking an alibi in case 9",
        )
        uow.commit()
    with uow_factory() as uow:
        entry = uow.session.scalars(
            select(AccessLogEntry).where(AccessLogEntry.operation == "consultation")
        ).one()
        assert person.full_name == "Test Person" and entry.justification == "checking an alibi in case 9"


def test_sandbox_exercise_is_solvable_and_apart_from_real_data(uow_factory: UnitOfWorkFactory) -> None:
    trainee = make_user(uow_factory, make_agency(uow_factory, "Academy", "KH"), "kh.trainee", Role.TRAINEE)
    with uow_factory() as uow:
        exercise = dna.build_exercise(uow, trainee.principal, size=20)
        uow.commit()
    with uow_factory() as uow:
        found = dna.run_search(
            uow,
            trainee.principal,
            profile_id=uuid.UUID(str(exercise["stain_id"])),
            request=dna.SearchRequest(),
            sandbox_only=True,
        )
        uow.commit()
    assert exercise["answer_ref"] in {m.candidate_profile_ref for m in found}
    with uow_factory() as uow, pytest.raises(Forbidden):
        dna.list_profiles(uow, trainee.principal)  # real profiles need dna:profile:read


def test_kinship_search_ranks_the_parent_above_strangers(
    uow_factory: UnitOfWorkFactory, examiner: Member
) -> None:
    child = {locus: f"{alleles.split(',')[0]},{7 + i % 5}" for i, (locus, alleles) in enumerate(LOCI.items())}
    stranger = {locus: "5,6" if locus != "TH01" else "8,10" for locus in LOCI}
    parent = _create(uow_factory, examiner, C.UNIDENTIFIED_REMAINS, LOCI)
    _create(uow_factory, examiner, C.UNIDENTIFIED_REMAINS, stranger)
    reference = _create(uow_factory, examiner, C.RELATIVE_REFERENCE, child, consent_ref="CONSENT-7")
    with uow_factory() as uow:
        found = dna.kinship_search(
            uow, examiner.principal, profile_id=reference.id, relationship="parent_child"
        )
        uow.commit()
    assert [m.candidate_profile_ref for m in found] == [parent.profile_ref]  # the stranger's LR < 1
    assert (found[0].likelihood_ratio or 0) > 1 and found[0].quality == "parent_child"
