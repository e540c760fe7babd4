"""Transfer batches: each person individually cleared by the screening engine (TRF-02), reviews of
the written assessments, monitoring and speciality."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest

from authz.persons_world import (
    ASSURANCE,
    CONSENT,
    add_to_batch,
    make_batch,
    make_person,
    raid_facts,
    tip_body,
    transfer_record,
)
from jointdesk.authz import Role
from jointdesk.cooperation import (
    person_shares,
    persons,
    tip,
    transfer_clearance,
    transfer_requests,
    transfers,
)
from jointdesk.cooperation.models import CoopPerson
from jointdesk.cooperation.persons_schemas import (
    AddPersonIn,
    ClearanceReviewIn,
    MonitoringIn,
    PersonIn,
    ShareIn,
    TipScreeningIn,
)
from jointdesk.db import UnitOfWorkFactory
from jointdesk.kernel.errors import Conflict, Forbidden, NotFound
from support import Member, make_agency, make_user

CAPITAL = {
    "code": "homicide",
    "statute_ref": "TH CC s.289",
    "max_penalty_years": 20,
    "life_imprisonment": True,
    "death_penalty": True,
    "receiving_state_statute_ref": "MM PC s.302",
    "receiving_state_max_penalty_years": 20,
}


@dataclass
class Desk:
    liaison: Member
    investigator: Member
    reviewer: Member
    receiving: uuid.UUID


@pytest.fixture
def desk(uow_factory: UnitOfWorkFactory) -> Desk:
    mm = make_agency(uow_factory, "MM TCU", "MM")
    return Desk(
        make_user(uow_factory, mm, "mm.liaison", Role.LIAISON_OFFICER),
        make_user(uow_factory, mm, "mm.inv", Role.INVESTIGATOR),
        make_user(
            uow_factory, make_agency(uow_factory, "Central Authority", "TH"), "ca.rev", Role.RIGHTS_REVIEWER
        ),
        make_agency(uow_factory, "TH CCB", "TH"),
    )


def _batch(uow_factory: UnitOfWorkFactory, desk: Desk, **kw: str) -> uuid.UUID:
    batch_id = make_batch(uow_factory, desk.liaison.principal, desk.receiving, **kw)
    with uow_factory() as uow:
        transfers.share_batch(
            uow, desk.liaison.principal, batch_id, ShareIn(agency_id=desk.reviewer.agency_id)
        )
        uow.commit()
    return batch_id


def _review(uow_factory: UnitOfWorkFactory, who: Member, batch_id: uuid.UUID, person_id: uuid.UUID) -> bool:
    with uow_factory() as uow:
        cmd = ClearanceReviewIn(approve=True, reasons="written assessment checked against the register")
        view = transfers.review_person(uow, who.principal, batch_id, person_id, cmd)
        uow.commit()
    return view.cleared


def _for_request(uow_factory: UnitOfWorkFactory, desk: Desk, batch_id: uuid.UUID) -> list[uuid.UUID]:
    with uow_factory() as uow:
        found = transfer_clearance.batch_persons_for_request(uow, desk.liaison.principal, batch_id)
        uow.commit()
    return found


def test_a_well_documented_deportation_clears_after_the_rights_review(
    uow_factory: UnitOfWorkFactory, desk: Desk
) -> None:
    batch_id = _batch(uow_factory, desk)
    person_id = make_person(uow_factory, desk.investigator.principal)
    entry = add_to_batch(uow_factory, desk.liaison.principal, batch_id, person_id)
    assert entry.outcome == "REVIEW" and entry.review_keys == ["TRF-03@" + entry.person_ref]
    assert not entry.cleared and not entry.block_keys and not entry.missing_inputs
    assert _for_request(uow_factory, desk, batch_id) == []
    with pytest.raises(Forbidden):
        _review(uow_factory, desk.liaison, batch_id, person_id)
    outsider = make_user(
        uow_factory, make_agency(uow_factory, "Elsewhere", "LA"), "la.rev", Role.RIGHTS_REVIEWER
    )
    with pytest.raises(NotFound):
        _review(uow_factory, outsider, batch_id, person_id)
    assert _review(uow_factory, desk.reviewer, batch_id, person_id)
    assert _for_request(uow_factory, desk, batch_id) == [person_id]
    with uow_factory() as uow:
        view = transfers.get_batch(uow, desk.reviewer.principal, batch_id)
    assert view.counts == {"persons": 1, "cleared": 1, "review": 0, "blocked": 0, "unassessed": 0}
    with uow_factory() as uow:
        request = transfer_requests.prepare_request(
            uow, desk.liaison.principal, batch_id, {"purpose_code": "prosecution"}
        )
        uow.commit()
    assert request.person_ids == [str(person_id)] and request.document["transfer"]["declared_batch_size"] == 1
    # A change to the record voids the review: screened again, held again.
    with uow_factory() as uow:
        changed = transfers.record_transfer_items(
            uow, desk.liaison.principal, batch_id, person_id, {"amnesty": None}
        )
        uow.commit()
    assert not changed.cleared and changed.outcome == "BLOCK" and changed.review is None


def test_a_trafficked_worker_listed_as_suspect_is_not_cleared(
    uow_factory: UnitOfWorkFactory, desk: Desk
) -> None:
    batch_id = _batch(uow_factory, desk)
    cmd = PersonIn.model_validate(
        {
            "category": "unclassified",
            "facts": raid_facts(charges=[CAPITAL | {"death_penalty": False, "code": "fraud_telecom"}]),
        }
    )
    with uow_factory() as uow:
        worker = persons.create_person(uow, desk.investigator.principal, cmd).id
        uow.commit()
    pending = add_to_batch(uow_factory, desk.liaison.principal, batch_id, worker)
    assert not pending.cleared and f"TIP-01@{pending.person_ref}" in pending.block_keys
    ngo = make_user(uow_factory, make_agency(uow_factory, "NGO", "TH"), "ngo.s", Role.TRAFFICKING_SCREENER)
    with uow_factory() as uow:
        person_shares.share_person(uow, desk.investigator.principal, worker, ShareIn(agency_id=ngo.agency_id))
        tip.record_tip_screening(
            uow, ngo.principal, worker, TipScreeningIn.model_validate(tip_body(Q4="yes"))
        )
        row = uow.session.get(CoopPerson, worker)
        assert row is not None
        row.category = "suspect"  # as a sending state might list them; the service itself refuses this
        uow.commit()
    with uow_factory() as uow:
        view = transfers.assess_batch(uow, desk.liaison.principal, batch_id)
        uow.commit()
    entry = view.entries[0]
    assert not entry.cleared and entry.outcome == "BLOCK" and entry.absolute
    tip_rule = next(r for r in entry.rules if r["rule_id"] == "TIP-01")
    assert "transfer_as_suspect_of_presumptive_victim" in tip_rule["reason_codes"]
    with pytest.raises(Conflict):
        _review(uow_factory, desk.reviewer, batch_id, worker)
    assert _for_request(uow_factory, desk, batch_id) == []


def test_a_death_penalty_offence_without_assurance_is_not_cleared(
    uow_factory: UnitOfWorkFactory, desk: Desk
) -> None:
    batch_id = _batch(uow_factory, desk, route="extradition")
    person_id = make_person(uow_factory, desk.investigator.principal, charges=[CAPITAL])
    entry = add_to_batch(uow_factory, desk.liaison.principal, batch_id, person_id)
    assert not entry.cleared and f"TRF-04@{entry.person_ref}" in entry.block_keys
    with uow_factory() as uow:
        assured = transfers.record_transfer_items(
            uow,
            desk.liaison.principal,
            batch_id,
            person_id,
            {"assurances": [ASSURANCE | {"scope_offence_codes": ["homicide"]}]},
        )
        uow.commit()
    assert f"TRF-04@{assured.person_ref}" in assured.review_keys and not assured.block_keys


def test_an_informal_voluntary_return_without_independent_consent_is_not_cleared(
    uow_factory: UnitOfWorkFactory, desk: Desk
) -> None:
    batch_id = _batch(uow_factory, desk, route="voluntary_return")
    informal, consented = (make_person(uow_factory, desk.investigator.principal) for _ in range(2))
    bad = add_to_batch(
        uow_factory, desk.liaison.principal, batch_id, informal, transfer_record(legal_decision=None)
    )
    assert not bad.cleared and f"TRF-01@{bad.person_ref}" in bad.block_keys
    with uow_factory() as uow:
        pressured = transfers.record_transfer_items(
            uow,
            desk.liaison.principal,
            batch_id,
            informal,
            {"consent": CONSENT | {"interviewer_independent": False}},
        )
        uow.commit()
    assert not pressured.cleared and f"TRF-01@{pressured.person_ref}" in pressured.block_keys
    good = add_to_batch(
        uow_factory, desk.liaison.principal, batch_id, consented, transfer_record(consent=CONSENT)
    )
    assert good.outcome == "REVIEW" and not good.block_keys
    assert _review(uow_factory, desk.reviewer, batch_id, consented)
    assert _for_request(uow_factory, desk, batch_id) == [consented]


def test_monitoring_flags_a_later_charge_outside_the_surrendered_offences(
    uow_factory: UnitOfWorkFactory, desk: Desk
) -> None:
    batch_id = _batch(uow_factory, desk)
    person_id = make_person(uow_factory, desk.investigator.principal)
    add_to_batch(uow_factory, desk.liaison.principal, batch_id, person_id)
    with uow_factory() as uow:
        fine = transfers.add_monitoring_report(
            uow,
            desk.liaison.principal,
            batch_id,
            person_id,
            MonitoringIn(
                monitor="Embassy", findings="Visited; lawyer present.", later_charges=["fraud_telecom"]
            ),
        )
        breach = transfers.add_monitoring_report(
            uow,
            desk.liaison.principal,
            batch_id,
            person_id,
            MonitoringIn(
                monitor="Embassy", findings="New charge filed.", later_charges=["subversion"], concerns=True
            ),
        )
        reports = transfers.list_monitoring(uow, desk.reviewer.principal, batch_id, person_id)
        uow.commit()
    assert not fine.speciality_breach and breach.speciality_breach and len(reports) == 2
    with uow_factory() as uow, pytest.raises(Conflict):
        transfers.add_person(uow, desk.liaison.principal, batch_id, AddPersonIn(person_id=person_id))
