"""Fraud networks stay equal to the connected components after any sequence of inserts and deletes."""

from __future__ import annotations

import uuid
from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from jointdesk.authz import Role
from jointdesk.db import UnitOfWorkFactory
from jointdesk.intel import filing, service
from jointdesk.intel.linking import components
from jointdesk.intel.models import IntelIdentifier, IntelOccurrence, IntelReport
from jointdesk.intel.schemas import IdentifierIn, ReportIn
from support import Member, make_agency, make_user

# Mule accounts, scam phones, a victim's own phone, a hotline on the warning list.
ACCOUNTS = [f"6222 0202 0000 {n:04d}" for n in range(6)]
PHONES = [f"+8613800{n:06d}" for n in range(138, 142)]
VICTIM_PHONE = "+8613912345678"
HOTLINE = "95588"


def _report(*identifiers: tuple[str, str, str]) -> ReportIn:
    return ReportIn(
        identifiers=[IdentifierIn(id_type=t, value=v, role=r) for t, v, r in identifiers],  # type: ignore[arg-type]
        extract_from_narrative=False,
    )


def _file(uow_factory: UnitOfWorkFactory, member: Member, cmd: ReportIn) -> uuid.UUID:
    with uow_factory() as uow:
        filed = filing.file_report(uow, member.principal, cmd)
        uow.commit()
    return filed.id


def _withdraw(uow_factory: UnitOfWorkFactory, member: Member, report_id: uuid.UUID) -> None:
    with uow_factory() as uow:
        filing.withdraw_report(uow, member.principal, report_id, reason="filed by mistake in a test")
        uow.commit()


def _partition(uow_factory: UnitOfWorkFactory) -> tuple[set[frozenset[uuid.UUID]], set[frozenset[uuid.UUID]]]:
    """(stored networks, components recomputed from scratch), both over active reports."""
    with uow_factory() as uow:
        reports = uow.session.execute(
            select(IntelReport.id, IntelReport.network_id).where(IntelReport.status == "active")
        ).all()
        rows = uow.session.execute(
            select(IntelOccurrence.identifier_id, IntelOccurrence.report_id)
            .join(IntelIdentifier, IntelIdentifier.id == IntelOccurrence.identifier_id)
            .where(IntelOccurrence.side == "scam", IntelIdentifier.linkable.is_(True))
        ).all()
    by_identifier: defaultdict[uuid.UUID, list[str]] = defaultdict(list)
    for identifier_id, report_id in rows:
        by_identifier[identifier_id].append(str(report_id))
    edges = [(group[0], other) for group in by_identifier.values() for other in group[1:]]
    expected = {
        frozenset(uuid.UUID(n) for n in part) for part in components([str(r.id) for r in reports], edges)
    }
    stored: defaultdict[str, set[uuid.UUID]] = defaultdict(set)
    for report in reports:
        stored[str(report.network_id) if report.network_id else f"alone:{report.id}"].add(report.id)
    return {frozenset(group) for group in stored.values()}, expected


def test_shared_mule_account_links_and_victim_phone_does_not(uow_factory: UnitOfWorkFactory) -> None:
    member = make_user(uow_factory, make_agency(uow_factory, "ASC", "CN"), "cn.inv", Role.INVESTIGATOR)
    first = _file(
        uow_factory,
        member,
        _report(("bank_account", ACCOUNTS[0], "payee"), ("phone", VICTIM_PHONE, "victim_contact")),
    )
    second = _file(uow_factory, member, _report(("phone", VICTIM_PHONE, "victim_contact")))
    third = _file(uow_factory, member, _report(("bank_account", ACCOUNTS[0], "payee")))
    with uow_factory() as uow:
        views = {rid: service.get_report(uow, member.principal, rid) for rid in (first, second, third)}
    assert views[first].network_id is not None
    assert views[first].network_id == views[third].network_id
    assert views[second].network_id is None


def test_warning_listed_hotline_never_links(uow_factory: UnitOfWorkFactory) -> None:
    member = make_user(uow_factory, make_agency(uow_factory, "ASC", "CN"), "cn.inv", Role.INVESTIGATOR)
    ids = [_file(uow_factory, member, _report(("phone", HOTLINE, "scam_contact"))) for _ in range(2)]
    with uow_factory() as uow:
        views = [service.get_report(uow, member.principal, rid) for rid in ids]
    assert all(v.network_id is None for v in views)
    sighting = views[0].sightings[0].identifier
    assert sighting.state == "warninglisted" and not sighting.linkable and sighting.n_reports == 2


def test_hot_value_stops_linking_and_splits_then_links_again(uow_factory: UnitOfWorkFactory) -> None:
    member = make_user(uow_factory, make_agency(uow_factory, "ASC", "CN"), "cn.analyst", Role.ANALYST)
    with uow_factory() as uow:
        service.set_hot_threshold(uow, member.principal, id_type="phone", threshold=2)
        uow.commit()
    ids = [_file(uow_factory, member, _report(("phone", PHONES[0], "scam_contact"))) for _ in range(2)]
    stored, expected = _partition(uow_factory)
    assert frozenset(ids) in stored and stored == expected
    third = _file(uow_factory, member, _report(("phone", PHONES[0], "scam_contact")))
    stored, expected = _partition(uow_factory)
    assert stored == expected == {frozenset({i}) for i in [*ids, third]}
    _withdraw(uow_factory, member, third)
    stored, expected = _partition(uow_factory)
    assert stored == expected and frozenset(ids) in stored


def test_merge_keeps_the_oldest_network_id(uow_factory: UnitOfWorkFactory) -> None:
    member = make_user(uow_factory, make_agency(uow_factory, "ASC", "CN"), "cn.inv", Role.INVESTIGATOR)
    a = [_file(uow_factory, member, _report(("bank_account", ACCOUNTS[1], "payee"))) for _ in range(2)]
    b = [_file(uow_factory, member, _report(("bank_account", ACCOUNTS[2], "payee"))) for _ in range(3)]
    with uow_factory() as uow:
        older = service.get_report(uow, member.principal, a[0]).network_id
        newer = service.get_report(uow, member.principal, b[0]).network_id
    assert older and newer and older != newer
    bridge = _file(
        uow_factory,
        member,
        _report(("bank_account", ACCOUNTS[1], "payee"), ("bank_account", ACCOUNTS[2], "payee")),
    )
    with uow_factory() as uow:
        assert {service.get_report(uow, member.principal, r).network_id for r in [*a, *b, bridge]} == {older}
    _withdraw(uow_factory, member, bridge)
    with uow_factory() as uow:
        after_a = {service.get_report(uow, member.principal, r).network_id for r in a}
        after_b = {service.get_report(uow, member.principal, r).network_id for r in b}
    assert after_b == {older}, "a split leaves the id with the largest part"
    assert len(after_a) == 1 and after_a != {older}


VALUES = (
    [("bank_account", a, "payee") for a in ACCOUNTS[:4]]
    + [("phone", p, "scam_contact") for p in PHONES[:3]]
    + [("phone", VICTIM_PHONE, "victim_contact"), ("phone", HOTLINE, "scam_contact")]
)
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.sets(st.integers(0, len(VALUES) - 1), min_size=0, max_size=3)),
        st.tuples(st.just("delete"), st.integers(0, 50)),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
def test_networks_equal_components_after_any_inserts_and_deletes(
    uow_factory: UnitOfWorkFactory, actions: list[tuple[str, object]]
) -> None:
    agency = make_agency(uow_factory, f"ASC {uuid.uuid4().hex[:6]}", "CN")
    member = make_user(uow_factory, agency, f"u{uuid.uuid4().hex[:8]}", Role.ANALYST)
    with uow_factory() as uow:
        service.set_hot_threshold(uow, member.principal, id_type="phone", threshold=3)
        uow.commit()
    live: list[uuid.UUID] = []
    for kind, arg in actions:
        if kind == "add":
            assert isinstance(arg, set)
            live.append(_file(uow_factory, member, _report(*(VALUES[i] for i in sorted(arg)))))
        elif live:
            assert isinstance(arg, int)
            _withdraw(uow_factory, member, live.pop(arg % len(live)))
        stored, expected = _partition(uow_factory)
        assert stored == expected
