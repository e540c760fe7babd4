"""The bulk path leaves exactly the state that filing the same reports one by one leaves."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import delete, func, select, update

from integration.intel.test_intel_networks import _partition
from jointdesk.authz import Principal, Role
from jointdesk.db import UnitOfWorkFactory
from jointdesk.intel import bulk, filing, service, synthetic
from jointdesk.intel.bulk_sql import table_of
from jointdesk.intel.models import (
    IntelIdentifier,
    IntelNetwork,
    IntelNetworkChange,
    IntelOccurrence,
    IntelReport,
    IntelTransaction,
    IntelVictim,
)
from jointdesk.intel.schemas import ReportIn
from support import make_agency, make_user

Snapshot = dict[str, Any]


def _analyst(uow_factory: UnitOfWorkFactory) -> Principal:
    member = make_user(uow_factory, make_agency(uow_factory, "ASC", "CN"), "cn.analyst", Role.ANALYST)
    with uow_factory() as uow:  # low thresholds: values turn hot across and inside chunks
        service.set_hot_threshold(uow, member.principal, id_type="phone", threshold=3)
        service.set_hot_threshold(uow, member.principal, id_type="bank_account", threshold=4)
        uow.commit()
    return member.principal


def _snapshot(uow_factory: UnitOfWorkFactory) -> Snapshot:
    stored, expected = _partition(uow_factory)
    assert stored == expected, "networks must be the connected components"
    with uow_factory() as uow:
        refs = {row[0]: row[1] for row in uow.session.execute(select(IntelReport.id, IntelReport.source_ref))}
        identifiers = {
            row.key: (row.n_reports, row.state, row.linkable, row.status, row.strength)
            for row in uow.session.scalars(select(IntelIdentifier))
        }
        occurrences: defaultdict[str | None, list[tuple[str, str, str]]] = defaultdict(list)
        for key, report_id, role, source in uow.session.execute(
            select(
                IntelIdentifier.key, IntelOccurrence.report_id, IntelOccurrence.role, IntelOccurrence.source
            ).join(IntelIdentifier, IntelIdentifier.id == IntelOccurrence.identifier_id)
        ):
            occurrences[refs[report_id]].append((key, role, source))
        counts = {
            model.__tablename__: uow.session.scalar(select(func.count()).select_from(model))
            for model in (IntelTransaction, IntelVictim, IntelReport)
        }
        active = uow.session.scalar(
            select(func.count()).select_from(IntelNetwork).where(IntelNetwork.status == "active")
        )
    partition = {frozenset(refs[r] for r in group) for group in stored}
    return {
        "partition": partition,
        "identifiers": identifiers,
        "occurrences": {ref: sorted(items) for ref, items in occurrences.items()},
        "counts": counts,
        "active_networks": active,
    }


def _wipe(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.session.execute(update(IntelReport).values(network_id=None))
        for model in (IntelOccurrence, IntelTransaction, IntelVictim, IntelReport, IntelIdentifier):
            uow.session.execute(delete(model))
        uow.session.execute(delete(IntelNetworkChange))
        uow.session.execute(delete(IntelNetwork))
        uow.commit()


def _bulk(uow_factory: UnitOfWorkFactory, principal: Principal, reports: list[ReportIn], size: int) -> int:
    imported = 0
    for start in range(0, len(reports), size):
        with uow_factory() as uow:
            outcome = bulk.ingest(uow, principal, reports[start : start + size])
            uow.commit()
        assert not outcome.failures
        imported += len(outcome.imported)
    return imported


@pytest.mark.parametrize("seed", [7, 11])
def test_bulk_equals_one_by_one(uow_factory: UnitOfWorkFactory, seed: int) -> None:
    principal = _analyst(uow_factory)
    reports = list(synthetic.generate(160, seed=seed))
    for cmd in reports:
        with uow_factory() as uow:
            filing.file_report(uow, principal, cmd, audited=False, suggest=False)
            uow.commit()
    one_by_one = _snapshot(uow_factory)
    _wipe(uow_factory)
    assert _bulk(uow_factory, principal, reports, 37) == len(reports)
    in_bulk = _snapshot(uow_factory)
    assert in_bulk["partition"] == one_by_one["partition"]
    assert in_bulk["identifiers"] == one_by_one["identifiers"]
    assert in_bulk["occurrences"] == one_by_one["occurrences"]
    assert in_bulk == one_by_one
    assert any(state[1] == "hot" for state in in_bulk["identifiers"].values())
    assert any(len(group) > 2 for group in in_bulk["partition"])


def test_reingesting_skips_duplicates_and_mixes_with_filing(uow_factory: UnitOfWorkFactory) -> None:
    principal = _analyst(uow_factory)
    reports = list(synthetic.generate(80, seed=3))
    with uow_factory() as uow:  # some filed one by one first: bulk must join their networks
        for cmd in reports[:20]:
            filing.file_report(uow, principal, cmd, audited=False, suggest=False)
        uow.commit()
    assert _bulk(uow_factory, principal, reports, 50) == 60
    first = _snapshot(uow_factory)
    with uow_factory() as uow:
        outcome = bulk.ingest(uow, principal, reports + reports[:5])
        uow.commit()
    assert outcome.imported == [] and len(outcome.duplicates) == 85
    assert _snapshot(uow_factory) == first


def test_bad_typology_fails_one_report_not_the_chunk(uow_factory: UnitOfWorkFactory) -> None:
    principal = _analyst(uow_factory)
    good, bad = list(synthetic.generate(2, seed=5))
    bad = bad.model_copy(update={"typology_code": "NOPE", "source_ref": f"x-{uuid.uuid4()}"})
    with uow_factory() as uow:
        outcome = bulk.ingest(uow, principal, [bad, good])
        uow.commit()
    assert len(outcome.imported) == 1
    assert [(f.index, f.field) for f in outcome.failures] == [(0, "typology_code")]


def test_bulk_rows_hold_no_none_where_a_column_has_a_default() -> None:
    """``bulk_sql`` stores ``None`` as NULL; the ORM's bulk insert used the column default instead.

    The two agree only while the bulk path never puts ``None`` in such a column.
    """
    ctx = bulk.Context(uuid.uuid4(), None, "CN", b"k" * 32, b"f" * 32, datetime.now(UTC))
    reports = list(synthetic.generate(200, seed=5))
    bare = ReportIn.model_validate({"identifiers": [{"id_type": "phone", "value": "not a phone"}]})
    items = [p for p in bulk.prepare(enumerate([*reports, bare]), ctx) if isinstance(p, bulk.Prepared)]
    results = [(key, s) for p in items for key, s in zip(p.keys, p.sightings, strict=True)]
    rows: dict[type[Any], list[dict[str, Any]]] = {
        IntelReport: [p.report for p in items],
        IntelVictim: [p.victim for p in items if p.victim is not None],
        IntelTransaction: [row for p in items for row, _payer, _payee in p.transactions],
        IntelIdentifier: [bulk._identifier_row(s.result, key, ctx.now) for key, s in results],
        IntelOccurrence: [
            bulk._occurrence(uuid.uuid4(), uuid.uuid4(), s, ctx.now, ctx.field_key) for _k, s in results
        ],
    }
    assert any(row["status"] == "rejected" for row in rows[IntelIdentifier])
    for model, built in rows.items():
        defaulted = {
            c.name for c in table_of(model).columns if c.default is not None or c.server_default is not None
        }
        assert built
        assert not {name for row in built for name in defaulted if row.get(name, "") is None}, model
