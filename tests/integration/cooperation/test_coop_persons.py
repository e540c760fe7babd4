"""Persons: CRUD, the encrypted restricted store with logged reads, and the trafficking-victim gate."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from authz.persons_world import make_person, person_in, raid_facts, tip_body
from jointdesk import audit
from jointdesk.audit.models import AccessLogEntry, AuditEvent
from jointdesk.authz import Role
from jointdesk.cooperation import person_shares, persons, tip
from jointdesk.cooperation.models import CoopPerson
from jointdesk.cooperation.persons_schemas import PersonIn, PersonUpdate, ShareIn, TipScreeningIn
from jointdesk.db import UnitOfWorkFactory
from jointdesk.identity import AgencyKind, CreateAgency, create_agency
from jointdesk.kernel.errors import Conflict, InvalidInput, NotFound
from jointdesk.screening import load_ruleset
from jointdesk.screening.vocabulary import PersonCategory
from support import SYSTEM, Member, make_agency, make_user


@pytest.fixture
def mm(uow_factory: UnitOfWorkFactory) -> Member:
    return make_user(uow_factory, make_agency(uow_factory, "MM TCU", "MM"), "mm.inv", Role.INVESTIGATOR)


@pytest.fixture
def th(uow_factory: UnitOfWorkFactory) -> Member:
    return make_user(uow_factory, make_agency(uow_factory, "TH CCB", "TH"), "th.inv", Role.INVESTIGATOR)


@pytest.fixture
def screener(uow_factory: UnitOfWorkFactory) -> Member:
    with uow_factory() as uow:
        cmd = CreateAgency(name="Screening NGO", country="TH", kind=AgencyKind.NGO_SCREENING_SERVICE)
        ngo = create_agency(uow, SYSTEM, cmd=cmd)
        uow.commit()
    return make_user(uow_factory, ngo.id, "ngo.screener", Role.TRAFFICKING_SCREENER)


def _raid_person(uow_factory: UnitOfWorkFactory, member: Member) -> uuid.UUID:
    cmd = PersonIn.model_validate(person_in(category="unclassified") | {"facts": raid_facts()})
    with uow_factory() as uow:
        view = persons.create_person(uow, member.principal, cmd)
        uow.commit()
    assert view.screening_status == "pending"
    return view.id


def _share(uow_factory: UnitOfWorkFactory, owner: Member, person_id: uuid.UUID, agency: uuid.UUID) -> None:
    with uow_factory() as uow:
        person_shares.share_person(uow, owner.principal, person_id, ShareIn(agency_id=agency))
        uow.commit()


def _screen(
    uow_factory: UnitOfWorkFactory, who: Member, person_id: uuid.UUID, **answers: str
) -> tip.TipScreeningView:
    with uow_factory() as uow:
        view = tip.record_tip_screening(
            uow, who.principal, person_id, TipScreeningIn.model_validate(tip_body(**answers))
        )
        uow.commit()
    return view


def test_person_crud_keeps_personal_data_encrypted_and_other_agencies_out(
    uow_factory: UnitOfWorkFactory, mm: Member, th: Member
) -> None:
    person_id = make_person(uow_factory, mm.principal, name="Aung Htet Zaw")
    with uow_factory() as uow:
        row = uow.session.get(CoopPerson, person_id)
        assert row is not None and row.personal_encrypted is not None
        assert b"Aung" not in row.personal_encrypted and "date_of_birth" not in row.facts
        view = persons.get_person(uow, mm.principal, person_id)
        assert view.category == "suspect" and view.screening_status == "not_required"
        assert view.facts["charges"][0]["code"] == "fraud_telecom" and view.has_personal_data
        with pytest.raises(NotFound):
            persons.get_person(uow, th.principal, person_id)
        assert [p.id for p in persons.list_persons(uow, th.principal)] == []
        updated = persons.update_person(
            uow,
            mm.principal,
            person_id,
            PersonUpdate.model_validate({"facts": {"nationalities": ["TH", "MM"]}}),
        )
        assert updated.facts["nationalities"] == ["TH", "MM"] and updated.facts["charges"] is None
        with pytest.raises(InvalidInput) as bad:
            persons.update_person(
                uow,
                mm.principal,
                person_id,
                PersonUpdate.model_validate({"facts": {"accuracy": 4}, "tlp": "GREEN"}),
            )
        assert bad.value.field == "tlp"
        uow.commit()


def test_every_personal_data_read_is_logged_with_purpose(uow_factory: UnitOfWorkFactory, mm: Member) -> None:
    person_id = make_person(uow_factory, mm.principal, name="Aung Htet Zaw")
    with uow_factory() as uow:
        with pytest.raises(InvalidInput) as short:
            persons.read_personal(
                uow, mm.principal, person_id, purpose=audit.Purpose.INVESTIGATION, justification="x"
            )
        assert short.value.field == "justification"
        personal = persons.read_personal(
            uow,
            mm.principal,
            person_id,
            purpose=audit.Purpose.COOPERATION_REQUEST,
            justification="preparing transfer",
        )
        uow.commit()
    assert personal.full_name == "Aung Htet Zaw" and str(personal.date_of_birth) == "1990-04-12"
    with uow_factory() as uow:
        stmt = select(AccessLogEntry).where(AccessLogEntry.record_id == str(person_id))
        logged = [(e.operation, e.purpose, e.justification, e.user_id) for e in uow.session.scalars(stmt)]
    assert [e[0] for e in logged].count("collection") == 1
    assert [e for e in logged if e[0] == "consultation"] == [
        ("consultation", "cooperation_request", "preparing transfer", mm.user_id)
    ]


def test_screening_person_is_a_valid_screening_person(uow_factory: UnitOfWorkFactory, mm: Member) -> None:
    person_id = make_person(uow_factory, mm.principal)
    with uow_factory() as uow:
        person = persons.screening_person(uow, person_id, transfer_record={"purpose": "prosecution"})
        view = persons.get_person(uow, mm.principal, person_id)
    assert person.ref == view.ref and person.category is PersonCategory.SUSPECT
    assert str(person.date_of_birth) == "1990-04-12" and person.nationalities == ["TH"]
    assert person.transfer is not None and person.trafficking_screening is None
    assert not person.non_punishment_flag


def test_someone_found_at_a_compound_is_no_suspect_before_screening(
    uow_factory: UnitOfWorkFactory, mm: Member
) -> None:
    with uow_factory() as uow, pytest.raises(Conflict) as refused:
        persons.create_person(
            uow, mm.principal, PersonIn.model_validate(person_in() | {"facts": raid_facts()})
        )
    assert refused.value.field == "category"
    person_id = _raid_person(uow_factory, mm)
    with uow_factory() as uow, pytest.raises(Conflict) as again:
        persons.update_person(uow, mm.principal, person_id, PersonUpdate(category=PersonCategory.SUSPECT))
    assert again.value.field == "category"


def test_presumptive_victim_gets_protection_and_is_never_a_suspect(
    uow_factory: UnitOfWorkFactory, mm: Member, screener: Member
) -> None:
    person_id = _raid_person(uow_factory, mm)
    with uow_factory() as uow, pytest.raises(NotFound):
        tip.record_tip_screening(
            uow, screener.principal, person_id, TipScreeningIn.model_validate(tip_body())
        )
    _share(uow_factory, mm, person_id, screener.agency_id)
    view = _screen(uow_factory, screener, person_id, Q3="yes", Q9="yes")
    assert view.outcome == "presumptive_victim" and view.valid and view.independent
    assert view.non_punishment and view.protection_referral and view.category == "victim"
    assert view.reflection_until is not None
    reflection_days = load_ruleset().thresholds.tip_reflection_days
    assert reflection_days >= 30
    assert view.reflection_until >= (view.completed_at + timedelta(days=reflection_days)).date()
    with uow_factory() as uow:
        person = persons.screening_person(uow, person_id)
        assert person.non_punishment_flag and person.trafficking_screening is not None
        assert person.category is PersonCategory.VICTIM
        with pytest.raises(Conflict) as refused:
            persons.update_person(uow, mm.principal, person_id, PersonUpdate(category=PersonCategory.SUSPECT))
        assert refused.value.field == "category"
        events = list(uow.session.scalars(select(AuditEvent.event_type)))
    assert {"tip.screening_completed", "tip.referral", "tip.reflection_started", "tip.reclassified"} <= set(
        events
    )
    with uow_factory() as uow:
        entry = uow.session.scalars(
            select(AuditEvent.entry).where(AuditEvent.event_type == "tip.screening_completed")
        ).one()
    assert "passport" not in entry and '"strong_yes":1' in entry


def test_other_outcomes_and_a_screener_of_the_holding_agency(
    uow_factory: UnitOfWorkFactory, mm: Member, screener: Member
) -> None:
    first, second, third = (_raid_person(uow_factory, mm) for _ in range(3))
    for person_id in (first, second):
        _share(uow_factory, mm, person_id, screener.agency_id)
    assert _screen(uow_factory, screener, first).screening_status == "not_indicated"
    inconclusive = _screen(uow_factory, screener, second, Q1="yes")
    assert inconclusive.outcome == "inconclusive" and inconclusive.category == "unclassified"
    own = make_user(uow_factory, mm.agency_id, "mm.screener", Role.TRAFFICKING_SCREENER)
    not_independent = _screen(uow_factory, own, third)
    assert not not_independent.independent and "screener_not_independent" in not_independent.problems
    assert not_independent.screening_status == "rescreen_required"
    with uow_factory() as uow:
        cmd = TipScreeningIn.model_validate(tip_body() | {"answers": {"Q99": "yes"}})
        with pytest.raises(InvalidInput) as bad:
            tip.record_tip_screening(uow, screener.principal, first, cmd)
        assert bad.value.field == "answers.Q99"
        screened = persons.update_person(
            uow, mm.principal, first, PersonUpdate(category=PersonCategory.SUSPECT)
        )
        assert screened.category == "suspect"
        assert len(tip.list_tip_screenings(uow, mm.principal, first)) == 1
