"""MISP event JSON: realistic exports, envelopes, bad events, streaming, our own round trip."""

from __future__ import annotations

import io
import json
import tracemalloc
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from jointdesk.intel.formats import FormatError, read, write
from jointdesk.intel.schemas import ReportIn
from unit.intel.intel_formats_support import GeneratedText, canonical, report_data, view_of

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples" / "intel"
EVENT = {
    "uuid": "2d4f6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a4b",
    "info": "Loan app extortion",
    "date": "2026-02-20",
    "Tag": [{"name": "tlp:green"}, {"name": "tlp:amber"}],
    "Attribute": [{"type": "phone-number", "value": "+855 12 345 678"}],
}


def test_the_documented_example_maps_objects_tags_and_transfers() -> None:
    with (EXAMPLES / "misp-events.json").open(encoding="utf-8") as stream:
        first, second = list(read("misp", stream))
    report = first.report
    assert report is not None and first.source_ref == "5f3c1a9e-2b7d-4c8e-9a41-7d2e6b0c5f18"
    assert report.tlp.value == "AMBER+STRICT" and (report.source_reliability, report.info_accuracy) == (
        "B",
        2,
    )
    assert {i.id_type for i in report.identifiers} == {"phone", "url", "tron_address", "imei"}
    (tx,) = report.transactions
    assert tx.payee is not None
    assert (tx.amount, tx.currency, tx.payee.value) == (Decimal(120000), "THB", "TH:KASITHBK:0481234567")
    assert any("xmr" in w.lower() for w in first.warnings)
    assert "verification" in report.narrative
    assert second.report is not None and second.report.tlp.value == "CLEAR"
    assert second.report.transactions[0].currency == "USDT"
    assert any("victim" in w for w in second.warnings)


@pytest.mark.parametrize(
    "document",
    [
        {"Event": EVENT},
        {"response": [{"Event": EVENT}]},
        [{"Event": EVENT}],
        [EVENT],
    ],
)
def test_every_envelope_gives_one_report_per_event(document: object) -> None:
    (parsed,) = list(read("misp", io.StringIO(json.dumps(document))))
    assert parsed.row == 1 and parsed.source_ref == EVENT["uuid"]
    assert parsed.report is not None and parsed.report.tlp.value == "AMBER"  # the strictest tag wins


def test_an_event_with_nothing_usable_is_an_error_and_the_others_are_kept() -> None:
    empty = {
        "uuid": "e1",
        "info": "only malware",
        "Attribute": [{"type": "md5", "value": "d41d8cd98f00b204e9800998ecf8427e"}],
    }
    bad_date = {**EVENT, "uuid": "e3", "date": "yesterday"}
    parsed = list(read("misp", io.StringIO(json.dumps([EVENT, empty, bad_date]))))
    assert [p.ok for p in parsed] == [True, False, True]
    assert parsed[1].errors[0].field == "Event" and "md5" in parsed[1].warnings[0]
    assert any("unreadable time" in w for w in parsed[2].warnings)


def test_broken_json_mid_file_keeps_earlier_events_and_reports_the_break() -> None:
    text = "[" + json.dumps({"Event": EVENT}) + ', {"Event": {"uuid": }]'
    parsed = list(read("misp", io.StringIO(text)))
    assert parsed[0].ok and parsed[1].row == 2 and parsed[1].errors[0].field == "json"


def test_a_file_that_is_not_json_raises() -> None:
    with pytest.raises(FormatError):
        list(read("misp", io.StringIO("uuid,info\n")))


def test_reading_twice_gives_the_same_refs_even_without_uuids() -> None:
    text = json.dumps([{k: v for k, v in EVENT.items() if k != "uuid"}])
    refs = [[p.source_ref for p in read("misp", io.StringIO(text))] for _ in range(2)]
    assert refs[0] == refs[1] and refs[0][0].startswith("sha256:")


def _events(count: int) -> Iterator[str]:
    yield '{"response": ['
    for index in range(count):
        event = {**EVENT, "uuid": f"00000000-0000-4000-8000-{index:012d}", "info": "x" * 500}
        yield ("," if index else "") + json.dumps({"Event": event})
    yield "]}"


def test_five_thousand_events_stream_in_bounded_memory() -> None:
    tracemalloc.start()
    try:
        count = sum(1 for p in read("misp", GeneratedText(_events(5_000))) if p.ok)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 5_000
    assert peak < 3 * 1024 * 1024  # about 4 MB of JSON


def test_our_export_re_imports_with_types_roles_and_transfers() -> None:
    original = ReportIn.model_validate(report_data(typology_code="IMP"))
    out = io.StringIO()
    assert write("misp", [view_of(original)], out) == 1
    (parsed,) = list(read("misp", io.StringIO(out.getvalue())))
    again = parsed.report
    assert again is not None, parsed.errors
    assert (again.tlp, again.typology_code, again.jurisdiction, again.source_reliability) == (
        original.tlp,
        "IMP",
        "TH",
        "B",
    )
    parties = [t.payee for t in again.transactions if t.payee] + [
        t.payer for t in again.transactions if t.payer
    ]
    assert {
        (i.id_type, canonical(i.id_type, i.value), i.role.value) for i in again.identifiers + parties
    } >= {
        ("phone", "+6620295540", "scam_contact"),
        ("bank_account", "TH:KASITHBK:0481234567", "payee"),
    }
    assert [(t.hop, t.amount) for t in again.transactions] == [
        (1, original.transactions[0].amount),
        (2, 84000),
    ]
    event = json.loads(out.getvalue())["response"][0]["Event"]
    assert event["uuid"] == json.loads(_again(original))["response"][0]["Event"]["uuid"]  # deterministic


def _again(report: ReportIn) -> str:
    out = io.StringIO()
    write("misp", [view_of(report)], out)
    return out.getvalue()
