"""Imports as resumable jobs: good rows land, bad rows are reported, nothing is ever doubled."""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from jointdesk.audit.models import AuditEvent
from jointdesk.authz import Principal, Role
from jointdesk.db import UnitOfWorkFactory
from jointdesk.db.maintenance import crossed_doubling
from jointdesk.db.models import Job
from jointdesk.intel import exports, imports, synthetic
from jointdesk.intel.events import IntelEvent
from jointdesk.intel.models import IntelReport
from jointdesk.intel.tasks import TASKS
from jointdesk.jobs import Worker
from jointdesk.kernel.errors import NotFound
from support import make_agency, make_user

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples" / "intel"


def _investigator(uow_factory: UnitOfWorkFactory, name: str = "ASC", country: str = "CN") -> Principal:
    agency = make_agency(uow_factory, name, country)
    return make_user(uow_factory, agency, f"{name.lower()}.inv", Role.INVESTIGATOR).principal


def _jsonl(n: int, seed: int = 1, bad: bool = True) -> bytes:
    lines = [json.dumps(row, ensure_ascii=False) for row in synthetic.generate_rows(n, seed=seed)]
    if bad:
        lines.insert(3, "{not json")
        broken = json.loads(lines[7])
        broken["received_at"] = "yesterday"
        lines[7] = json.dumps(broken)
        lines.insert(12, json.dumps({"identifiers": [{"id_type": "nope", "value": "x"}]}))
    return ("\n".join(lines) + "\n").encode()


def _start(uow_factory: UnitOfWorkFactory, who: Principal, data: bytes, fmt: str = "jsonl") -> uuid.UUID:
    with uow_factory() as uow:
        started = imports.start_import(uow, who, data=data, filename=f"reports.{fmt}", fmt=fmt)
        uow.commit()
    return started.id


def _run(uow_factory: UnitOfWorkFactory, batch_id: uuid.UUID, **kwargs: object) -> imports.ImportView:
    with uow_factory() as uow:
        return imports.run_import(uow, batch_id, checkpoint=uow.commit, **kwargs)  # type: ignore[arg-type]


def _reports(uow_factory: UnitOfWorkFactory) -> tuple[int, int]:
    with uow_factory() as uow:
        total = uow.session.scalar(select(func.count()).select_from(IntelReport))
        distinct = uow.session.scalar(select(func.count(func.distinct(IntelReport.source_ref))))
    return int(total or 0), int(distinct or 0)


def _audited(uow_factory: UnitOfWorkFactory, event: IntelEvent) -> int:
    with uow_factory() as uow:
        stmt = select(func.count()).select_from(AuditEvent).where(AuditEvent.event_type == event.value)
        return int(uow.session.scalar(stmt) or 0)


def test_worker_imports_good_rows_and_reports_bad_ones(
    uow_factory: UnitOfWorkFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "CHUNK", 7)
    who = _investigator(uow_factory)
    batch_id = _start(uow_factory, who, _jsonl(30))
    worker = Worker(uow_factory, TASKS, worker_id="t")
    while worker.run_once():
        pass
    with uow_factory() as uow:
        done = imports.get_import(uow, who, batch_id)
        csv_text = imports.import_errors_csv(uow, who, batch_id)
    assert (done.status, done.rows_seen, done.imported, done.rejected, done.duplicates) == (
        "done",
        32,
        29,
        3,
        0,
    )
    assert {(e["row"], e["field"]) for e in done.errors} >= {(4, "json"), (8, "received_at")}
    assert any(e["row"] == 13 and e["field"].startswith("identifiers[0]") for e in done.errors)
    assert (
        csv_text.startswith("row,source_ref,field,reason")
        and len(csv_text.splitlines()) == 1 + done.error_count
    )
    assert _reports(uow_factory) == (29, 29)
    assert _audited(uow_factory, IntelEvent.REPORTS_IMPORTED) == 1


def test_reimport_adds_nothing(uow_factory: UnitOfWorkFactory) -> None:
    who = _investigator(uow_factory)
    data = _jsonl(25, bad=False)
    first = _run(uow_factory, _start(uow_factory, who, data))
    again = _start(uow_factory, who, data)
    assert again != first.id, "a finished file starts a new batch"
    second = _run(uow_factory, again)
    assert (first.imported, second.imported, second.duplicates) == (25, 0, 25)
    assert _reports(uow_factory) == (25, 25)


def test_crash_half_way_then_rerun_finishes_without_loss_or_doubles(
    uow_factory: UnitOfWorkFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "CHUNK", 10)
    who = _investigator(uow_factory)
    data = _jsonl(55)
    batch_id = _start(uow_factory, who, data)
    seen: list[int] = []

    def crash(progress: imports.ImportView) -> None:
        seen.append(progress.rows_seen)
        if len(seen) == 3:
            raise KeyboardInterrupt("killed")

    with pytest.raises(KeyboardInterrupt):
        _run(uow_factory, batch_id, on_chunk=crash)
    assert _reports(uow_factory)[0] == 30 - 3  # three chunks committed, holding the three bad rows
    assert _start(uow_factory, who, data) == batch_id, "the same file resumes its open batch"
    done = _run(uow_factory, batch_id)
    assert (done.status, done.rows_seen, done.imported, done.rejected) == ("done", 57, 54, 3)
    assert _reports(uow_factory) == (54, 54)


@pytest.mark.parametrize(("name", "fmt"), [("misp-events.json", "misp"), ("stix-bundle.json", "stix")])
def test_example_files_import(uow_factory: UnitOfWorkFactory, name: str, fmt: str) -> None:
    who = _investigator(uow_factory)
    done = _run(uow_factory, _start(uow_factory, who, (EXAMPLES / name).read_bytes(), fmt))
    assert done.status == "done" and done.imported >= 1
    assert done.imported + done.rejected + done.duplicates == done.rows_seen


def test_bad_header_fails_the_batch_with_the_field(uow_factory: UnitOfWorkFactory) -> None:
    who = _investigator(uow_factory)
    done = _run(uow_factory, _start(uow_factory, who, b"colour,size\nred,1\n", "csv"))
    assert done.status == "failed" and done.errors[0]["field"]


def test_export_then_import_into_another_agency(uow_factory: UnitOfWorkFactory) -> None:
    home = _investigator(uow_factory)
    _run(uow_factory, _start(uow_factory, home, _jsonl(20, bad=False)))
    for fmt in ("jsonl", "csv", "misp", "stix"):
        out = io.StringIO()
        with uow_factory() as uow:
            written = exports.export_reports(uow, home, out, fmt)
            uow.commit()
        assert written == 20
        other = _investigator(uow_factory, f"Partner{fmt}", "TH")
        done = _run(uow_factory, _start(uow_factory, other, out.getvalue().encode(), fmt))
        assert (done.status, done.imported) == ("done", 20), done.errors[:3]
    assert _audited(uow_factory, IntelEvent.REPORTS_EXPORTED) == 4


def test_other_agency_cannot_see_an_import(uow_factory: UnitOfWorkFactory) -> None:
    home = _investigator(uow_factory)
    batch_id = _start(uow_factory, home, _jsonl(3, bad=False))
    stranger = _investigator(uow_factory, "Other", "MM")
    with uow_factory() as uow:
        assert imports.list_imports(uow, stranger) == []
        with pytest.raises(NotFound):
            imports.get_import(uow, stranger, batch_id)


def test_uploading_the_file_again_revives_a_batch_whose_job_died(
    uow_factory: UnitOfWorkFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "CHUNK", 10)
    who = _investigator(uow_factory)
    data = _jsonl(25, bad=False)
    batch_id = _start(uow_factory, who, data)
    with uow_factory() as uow:  # its job ran out of retries before filing anything
        uow.session.execute(update(Job).values(status="dead"))
        uow.commit()
    worker = Worker(uow_factory, TASKS, worker_id="t")
    assert not worker.run_once(), "nothing left to run: the batch would stay open for ever"
    assert _start(uow_factory, who, data) == batch_id
    assert _start(uow_factory, who, data) == batch_id, "a second upload does not queue a second job"
    with uow_factory() as uow:
        queued = uow.session.scalar(select(func.count()).select_from(Job).where(Job.status == "queued"))
    assert queued == 1
    while worker.run_once():
        pass
    with uow_factory() as uow:
        done = imports.get_import(uow, who, batch_id)
    assert (done.status, done.imported) == ("done", 25)
    assert _reports(uow_factory) == (25, 25)


def test_a_long_import_refreshes_planner_statistics_as_it_grows(
    uow_factory: UnitOfWorkFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "CHUNK", 5)
    monkeypatch.setattr(
        imports, "crossed_doubling", lambda before, after: crossed_doubling(before, after, first=8)
    )
    refreshed: list[int] = []
    real = imports.refresh_statistics

    def spy(session: object, tables: tuple[str, ...]) -> None:
        refreshed.append(len(tables))
        real(session, tables)  # type: ignore[arg-type]

    monkeypatch.setattr(imports, "refresh_statistics", spy)
    who = _investigator(uow_factory)
    done = _run(uow_factory, _start(uow_factory, who, _jsonl(40, bad=False)))
    assert done.imported == 40
    assert len(refreshed) == 1 + 3, "at 8, 16 and 32 reports filed, and when the import finishes"
