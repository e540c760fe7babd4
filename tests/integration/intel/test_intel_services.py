"""Report services: visibility, the restricted victim store, suggestions, evidence, triage, lookup."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from jointdesk import audit, intel
from jointdesk.audit.models import AccessLogEntry, AuditEvent
from jointdesk.authz import Role, Tlp
from jointdesk.db import UnitOfWorkFactory
from jointdesk.intel.models import IntelBlob, IntelOccurrence, IntelReport
from jointdesk.intel.suggest import fill_missing
from jointdesk.intel.triage import triage_queue
from jointdesk.kernel.clock import FixedClock
from jointdesk.kernel.errors import Conflict, InvalidInput, NotFound
from support import Member, make_agency, make_user

CARD = "4111 1111 1111 1111"


def _report(**fields: object) -> intel.ReportIn:
    base: dict[str, object] = {
        "narrative": "Caller said he was from the Public Security Bureau and asked for a transfer.",
        "identifiers": [{"id_type": "phone", "value": "+8613800138000", "role": "scam_contact"}],
        "tlp": Tlp.AMBER_STRICT.value,
    }
    return intel.ReportIn.model_validate(base | fields)


def _file(
    uow_factory: UnitOfWorkFactory, member: Member, cmd: intel.ReportIn, **kw: bool
) -> intel.FiledReport:
    with uow_factory() as uow:
        filed = intel.file_report(uow, member.principal, cmd, **kw)
        uow.commit()
    return filed


@pytest.fixture
def cn(uow_factory: UnitOfWorkFactory) -> Member:
    return make_user(uow_factory, make_agency(uow_factory, "CN ASC", "CN"), "cn.inv", Role.INVESTIGATOR)


@pytest.fixture
def th(uow_factory: UnitOfWorkFactory) -> Member:
    return make_user(uow_factory, make_agency(uow_factory, "TH TCSD", "TH"), "th.inv", Role.INVESTIGATOR)


def test_phone_takes_the_reporting_country_and_rejected_values_are_kept(
    uow_factory: UnitOfWorkFactory, cn: Member
) -> None:
    cmd = _report(
        identifiers=[
            {"id_type": "phone", "value": "138-0013-8000", "role": "scam_contact"},
            {"id_type": "imei", "value": "490154203237519", "role": "scam_device"},
            {"id_type": "payment_card", "value": CARD, "role": "payee"},
        ]
    )
    filed = _file(uow_factory, cn, cmd)
    assert [r["reason"] for r in filed.rejected_identifiers] == ["checksum_failed"]
    with uow_factory() as uow:
        view = intel.get_report(uow, cn.principal, filed.id)
        raw = uow.session.scalars(select(IntelOccurrence.raw_value)).all()
    shown = {s.identifier.id_type: s.identifier for s in view.sightings}
    assert shown["phone"].display == "+8613800138000" and shown["phone"].normaliser_version
    assert shown["imei"].status == "rejected" and not shown["imei"].linkable
    assert CARD.replace(" ", "") not in str(view.model_dump()) and CARD not in raw, "clear card number stored"
    assert shown["payment_card"].display.endswith("1111")


def test_other_agency_sees_nothing_of_an_amber_strict_report(
    uow_factory: UnitOfWorkFactory, cn: Member, th: Member
) -> None:
    filed = _file(uow_factory, cn, _report())
    with uow_factory() as uow:
        with pytest.raises(NotFound):
            intel.get_report(uow, th.principal, filed.id)
        hit = intel.lookup(uow, th.principal, ["+8613800138000"])[0]
        own = intel.lookup(uow, cn.principal, ["138 0013 8000"])[0]
    assert hit.status == "not_found" and hit.reports_visible == 0 and hit.identifier_id is None
    assert own.status == "found" and own.reports_visible == 1 and own.id_type == "phone"


def test_lookup_counts_only_visible_reports_and_lists_each_visible_network(
    uow_factory: UnitOfWorkFactory, cn: Member, th: Member
) -> None:
    hotline = {"id_type": "phone", "value": "95588", "role": "scam_contact"}  # warning list: never links
    mule = [
        {"id_type": "bank_account", "value": f"CN:ICBKCNBJ:62220212345678{n}", "role": "payee"}
        for n in (1, 2)
    ]
    first = _file(uow_factory, cn, _report(identifiers=[hotline, mule[0]], tlp=Tlp.GREEN.value))
    second = _file(uow_factory, cn, _report(identifiers=[hotline, mule[1]], tlp=Tlp.GREEN.value))
    _file(uow_factory, cn, _report(identifiers=[mule[1]], tlp=Tlp.GREEN.value))  # a network needs two
    _file(uow_factory, cn, _report(identifiers=[hotline, mule[0]]))  # AMBER+STRICT: CN only
    with uow_factory() as uow:
        mine = intel.lookup(uow, cn.principal, ["phone:95588"])[0]
        theirs, never = intel.lookup(uow, th.principal, ["phone:CN:95588", "phone:+8613911112222"])
        labels = {intel.get_report(uow, cn.principal, r.id).network_label for r in (first, second)}
    assert len(labels) == 2 and None not in labels, "two networks: the hotline does not link them"
    assert mine.status == "found" and mine.reports_visible == 3 and mine.networks == sorted(labels)
    assert theirs.status == "found" and theirs.reports_visible == 2 and theirs.networks == sorted(labels)
    assert never.status == "not_found" and never.canonical == "+8613911112222" and not never.networks


def test_victim_personal_data_is_encrypted_and_every_read_is_logged(
    uow_factory: UnitOfWorkFactory, cn: Member, th: Member
) -> None:
    cmd = _report(
        victim={"age_band": "65+", "personal": {"full_name": "Li Wei", "national_id": "11010519491231002X"}}
    )
    filed = _file(uow_factory, cn, cmd)
    with uow_factory() as uow:
        view = intel.get_report(uow, cn.principal, filed.id)
        assert view.victim is not None and view.victim.has_personal_data
        assert "Li Wei" not in view.model_dump_json()
        with pytest.raises(InvalidInput):
            intel.read_victim_personal(
                uow, cn.principal, filed.id, purpose=audit.Purpose.INVESTIGATION, justification="short"
            )
    with uow_factory() as uow:
        personal = intel.read_victim_personal(
            uow,
            cn.principal,
            filed.id,
            purpose=audit.Purpose.VICTIM_SUPPORT,
            justification="calling the victim back",
        )
        uow.commit()
    assert personal.full_name == "Li Wei"
    with uow_factory() as uow:
        logged = uow.session.execute(select(AccessLogEntry.record_kind, AccessLogEntry.purpose)).all()
    assert [tuple(row) for row in logged] == [("intel_victim", "victim_support")]


def test_same_victim_twice_counts_once_in_the_network(uow_factory: UnitOfWorkFactory, cn: Member) -> None:
    victim = {"personal": {"national_id": "11010519491231002X"}}
    tx = {
        "occurred_at": "2026-11-29T08:00:00+08:00",
        "amount": "1000",
        "currency": "CNY",
        "rail": "bank_transfer",
    }
    first = _file(uow_factory, cn, _report(victim=victim, transactions=[tx]))
    _file(uow_factory, cn, _report(victim=victim, transactions=[tx]))
    with uow_factory() as uow:
        assert first.network_id is None
        network = intel.get_report(uow, cn.principal, first.id).network_id
        assert network is not None
        figures = intel.network_figures(uow, cn.principal, network)
    assert figures.reports_visible == 2 and figures.distinct_victims == 1
    assert figures.losses == {"CNY": Decimal("2000")} and figures.loss_reporting_currency > 0


def test_suggestion_is_stored_but_never_sets_the_type(uow_factory: UnitOfWorkFactory, cn: Member) -> None:
    filed = _file(uow_factory, cn, _report())
    bulk = _file(uow_factory, cn, _report(), suggest=False)
    with uow_factory() as uow:
        view = intel.get_report(uow, cn.principal, filed.id)
        assert view.suggestion and view.suggestion["model_version"] and view.typology_code is None
        assert intel.get_report(uow, cn.principal, bulk.id).suggestion is None
        assert fill_missing(uow) == 1
        uow.commit()
    with uow_factory() as uow:
        assert intel.get_report(uow, cn.principal, bulk.id).suggestion is not None
        confirmed = intel.confirm_typology(uow, cn.principal, filed.id, code="IMP.GOV")
        uow.commit()
        with pytest.raises(InvalidInput, match="unknown typology code"):
            intel.confirm_typology(uow, cn.principal, filed.id, code="NOPE")
    assert confirmed.typology_code == "IMP.GOV" and confirmed.typology_confirmed
    with uow_factory() as uow:
        events = uow.session.scalars(select(AuditEvent.event_type)).all()
    assert "intel.typology_confirmed" in events and events.count("intel.report_filed") == 2


def test_evidence_is_stored_once_and_a_changed_blob_is_refused(
    uow_factory: UnitOfWorkFactory, cn: Member
) -> None:
    filed = _file(uow_factory, cn, _report())
    data = "WeChat export\n转账到 6222 0202 0000 1234 ，联系 +86 138 0013 8000".encode()
    with uow_factory() as uow:
        first = intel.add_evidence(
            uow,
            cn.principal,
            filed.id,
            data=data,
            filename="chat.txt",
            media_type="text/plain",
            kind=intel.EvidenceKind.CHAT_EXPORT,
        )
        intel.add_evidence(
            uow,
            cn.principal,
            filed.id,
            data=data,
            filename="again.txt",
            media_type="text/plain",
            kind=intel.EvidenceKind.CHAT_EXPORT,
        )
        uow.commit()
    assert "phone:+8613800138000" in first.identifiers_found
    with uow_factory() as uow:
        assert len(uow.session.scalars(select(IntelBlob)).all()) == 1
        view, body = intel.download(uow, cn.principal, filed.id, first.id)
        uow.commit()
    assert body == data and [c.action for c in view.custody] == ["received", "viewed"]
    with uow_factory() as uow:
        uow.session.execute(update(IntelBlob).values(content=b"tampered"))
        uow.commit()
    with uow_factory() as uow, pytest.raises(Conflict):
        intel.download(uow, cn.principal, filed.id, first.id)


def test_triage_puts_fresh_big_losses_first(
    uow_factory: UnitOfWorkFactory, cn: Member, clock: FixedClock
) -> None:
    now = clock.now()

    def tx(minutes_ago: int, amount: str) -> dict[str, str]:
        at = now - timedelta(minutes=minutes_ago)
        return {"occurred_at": at.isoformat(), "amount": amount, "currency": "CNY", "rail": "bank_transfer"}

    old_big = _file(uow_factory, cn, _report(transactions=[tx(600, "900000")]))
    fresh = _file(uow_factory, cn, _report(transactions=[tx(10, "50000")]))
    stale = _file(uow_factory, cn, _report(transactions=[tx(60 * 80, "10000000")]))
    with uow_factory() as uow:
        queue = triage_queue(uow, cn.principal)
    assert [item.report_id for item in queue] == [fresh.id, old_big.id]
    assert stale.id not in {item.report_id for item in queue}
    assert queue[0].minutes_since_transfer == 10


def test_withdrawn_report_disappears_from_lookup_and_counts(
    uow_factory: UnitOfWorkFactory, cn: Member
) -> None:
    filed = _file(uow_factory, cn, _report())
    with uow_factory() as uow:
        with pytest.raises(InvalidInput, match="why"):
            intel.withdraw_report(uow, cn.principal, filed.id, reason="no")
        intel.withdraw_report(uow, cn.principal, filed.id, reason="duplicate of an earlier report")
        uow.commit()
    with uow_factory() as uow:
        hit = intel.lookup(uow, cn.principal, ["phone:+8613800138000"])[0]
        status = uow.session.scalar(select(IntelReport.status).where(IntelReport.id == filed.id))
    assert hit.status == "not_found" and status == "withdrawn"


def test_resubmitting_a_source_ref_is_a_duplicate_not_a_second_report(
    uow_factory: UnitOfWorkFactory, cn: Member
) -> None:
    first = _file(uow_factory, cn, _report(source_ref="hotline-2026-0001"))
    again = _file(uow_factory, cn, _report(source_ref="hotline-2026-0001"))
    assert again.duplicate and again.id == first.id


def test_link_path_masks_reports_the_caller_cannot_see(
    uow_factory: UnitOfWorkFactory, cn: Member, th: Member
) -> None:
    # Domestic accounts are country-qualified: the Thai unit records the Chinese accounts as CN ones.
    mule_a = {"id_type": "bank_account", "value": "6222020200001111", "role": "payee", "region": "CN"}
    mule_b = {"id_type": "bank_account", "value": "6222020200002222", "role": "payee", "region": "CN"}
    left = _file(uow_factory, cn, _report(identifiers=[mule_a], tlp="GREEN"))
    _file(uow_factory, th, _report(identifiers=[mule_a, mule_b], tlp="AMBER+STRICT"))
    right = _file(uow_factory, cn, _report(identifiers=[mule_b], tlp="GREEN"))
    with uow_factory() as uow:
        steps = intel.explain_link(uow, cn.principal, left.id, right.id)
    assert len(steps) == 2
    assert steps[0].from_report == left.id and steps[0].to_report is None
    assert steps[1].to_report == right.id and all(s.value != "••••••" for s in steps)
    with uow_factory() as uow, pytest.raises(NotFound):
        intel.explain_link(uow, th.principal, left.id, uuid.uuid4())
