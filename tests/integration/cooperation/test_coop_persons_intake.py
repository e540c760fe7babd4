"""Bulk intake from a raid: 2,500 rows, bad rows reported, good rows kept, re-runs idempotent."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from authz.persons_world import csv_text
from jointdesk.audit.models import AccessLogEntry
from jointdesk.authz import Role
from jointdesk.cooperation import intake, person_shares, persons
from jointdesk.cooperation.models import CoopPerson
from jointdesk.cooperation.persons_schemas import ShareIn
from jointdesk.db import UnitOfWorkFactory
from jointdesk.kernel.errors import InvalidInput, NotFound
from support import Member, make_agency, make_user

ROWS = 2500


@pytest.fixture
def mm(uow_factory: UnitOfWorkFactory) -> Member:
    return make_user(uow_factory, make_agency(uow_factory, "MM TCU", "MM"), "mm.inv", Role.INVESTIGATOR)


def test_a_raid_of_2500_is_taken_in_once_with_bad_rows_reported(
    uow_factory: UnitOfWorkFactory, mm: Member
) -> None:
    text = csv_text(ROWS, bad_every=250)
    started = time.perf_counter()
    with uow_factory() as uow:
        report = intake.ingest_csv(uow, mm.principal, text, batch="raid-myawaddy-1")
        uow.commit()
    assert time.perf_counter() - started < 60
    assert report.rows == ROWS and report.created == ROWS - 10 and report.existing == 0
    assert [(e.row, e.field) for e in report.errors][:2] == [(251, "found_country"), (501, "found_country")]
    assert "Myanmar" in report.errors[0].reason
    with uow_factory() as uow:
        again = intake.ingest_csv(uow, mm.principal, text, batch="raid-myawaddy-1")
        uow.commit()
    assert again.created == 0 and again.existing == ROWS - 10 and len(again.errors) == 10
    with uow_factory() as uow:
        count = uow.session.scalar(select(func.count()).select_from(CoopPerson))
        summary = intake.intake_summary(uow, mm.principal, "raid-myawaddy-1", nationality="VN", limit=5)
        row = uow.session.scalars(select(CoopPerson).where(CoopPerson.intake_ref == "R-00001")).one()
        encrypted, history = row.personal_encrypted, row.facts["location_history"]
        logged = uow.session.scalar(
            select(func.count())
            .select_from(AccessLogEntry)
            .where(AccessLogEntry.record_kind == "coop_intake")
        )
    assert count == ROWS - 10 and logged == 1
    assert (
        summary.total == ROWS - 10 and summary.counts == {"pending": ROWS - 10} and len(summary.persons) == 5
    )
    assert all(p.nationalities == ["VN"] and p.category == "unclassified" for p in summary.persons)
    assert encrypted is not None and b"Person 1" not in encrypted
    assert history[0] == {
        "country": "MM",
        "area": "Myawaddy",
        "site_kind": "scam_compound",
        "found_in_raid": True,
        "date_from": "2026-11-29",
        "date_to": None,
    }


def test_intake_checks_the_header_and_fields_and_shares_with_the_screeners(
    uow_factory: UnitOfWorkFactory, mm: Member
) -> None:
    with uow_factory() as uow, pytest.raises(InvalidInput) as header:
        intake.ingest_csv(uow, mm.principal, "name,country\nA,MM\n", batch="bad")
    assert header.value.field == "header"
    text = (
        "intake_ref,full_name,date_of_birth,estimated_age,found_country,vulnerabilities\n"
        "A1,Ko Ko,1999-13-01,,MM,\nA2,,,,MM,\nA3,Ma Ma,,16,MM,pregnancy\nA3,Dup,,,MM,\nA4,Ne Win,,abc,MM,flu\n"
    )
    with uow_factory() as uow:
        report = intake.ingest_csv(uow, mm.principal, text, batch="small")
        uow.commit()
    assert report.created == 1
    assert [(e.row, e.field) for e in report.errors] == [
        (2, "date_of_birth"),
        (3, "full_name"),
        (5, "intake_ref"),
        (6, "estimated_age"),
    ]
    screeners = make_agency(uow_factory, "Screeners", "TH")
    with uow_factory() as uow:
        child = persons.list_persons(uow, mm.principal, intake_batch="small")[0]
        assert child.facts["age_assessment"]["disputed"] and child.facts["vulnerabilities"] == ["pregnancy"]
        assert person_shares.share_intake(uow, mm.principal, "small", ShareIn(agency_id=screeners)) == 1
        assert person_shares.share_intake(uow, mm.principal, "small", ShareIn(agency_id=screeners)) == 0
        with pytest.raises(NotFound):
            intake.intake_summary(uow, mm.principal, "nothing-here")
        with pytest.raises(InvalidInput) as name:
            intake.ingest_csv(uow, mm.principal, text, batch="../etc")
        assert name.value.field == "batch"
