"""JSON Lines reader and writer: per-line errors, stable refs, round trip, bounded memory."""

from __future__ import annotations

import io
import json
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

from jointdesk.intel.formats import read, write
from jointdesk.intel.schemas import ReportIn
from unit.intel.intel_formats_support import GeneratedText, canonical, report_data, view_of

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples" / "intel"


def test_the_documented_example_reads_without_errors() -> None:
    with (EXAMPLES / "reports.jsonl").open(encoding="utf-8") as stream:
        parsed = list(read("jsonl", stream))
    assert [(p.row, p.source_ref, p.errors) for p in parsed] == [
        (1, "VN-A05-2026-0042", ()),
        (2, "PH-NBI-2026-3310", ()),
    ]


def test_bad_lines_are_reported_and_good_lines_kept() -> None:
    good = json.dumps(report_data(source_ref="G1"))
    lines = [
        good,
        "",
        '{"jurisdiction": "TH", "received_at": "2026-03-02T10:15:00+07:00"',
        "[1, 2]",
        json.dumps({"identifiers": [{"id_type": "phone", "value": "1"}, {"id_type": "phone", "value": ""}]}),
        json.dumps({"identifiers": [{"id_type": "pager", "value": "1"}], "colour": "red"}),
        json.dumps(
            {
                "transactions": [
                    {"occurred_at": "2026-03-01T16:40:00", "amount": "1", "currency": "THB", "rail": "cash"}
                ]
            }
        ),
    ]
    parsed = list(read("jsonl", io.StringIO("\n".join(lines) + "\n")))
    assert [p.row for p in parsed] == [1, 3, 4, 5, 6, 7]
    assert parsed[0].ok and parsed[0].source_ref == "G1"
    fields = [[e.field for e in p.errors] for p in parsed[1:]]
    assert fields == [
        ["json"],
        ["json"],
        ["identifiers[1].value"],
        ["identifiers[0].id_type"],
        ["transactions[0].occurred_at"],
    ]
    assert "invalid JSON" in parsed[1].errors[0].reason
    assert parsed[4].warnings == ("ignored unknown field 'colour'",)


def test_reading_twice_gives_the_same_refs() -> None:
    text = (
        json.dumps({"jurisdiction": "TH", "narrative": "a"})
        + "\n"
        + json.dumps({"narrative": "a", "jurisdiction": "TH"})
        + "\n"
    )
    first = [p.source_ref for p in read("jsonl", io.StringIO(text))]
    assert first == [p.source_ref for p in read("jsonl", io.StringIO(text))]
    assert first[0] == first[1]  # key order does not change the canonical record


def test_export_then_import_keeps_the_report() -> None:
    original = ReportIn.model_validate(report_data())
    out = io.StringIO()
    write("jsonl", [view_of(original)], out, include_narrative=True)
    (parsed,) = list(read("jsonl", io.StringIO(out.getvalue())))
    again = parsed.report
    assert again is not None, parsed.errors
    assert again.narrative == original.narrative and again.received_at == original.received_at
    assert [
        (t.hop, t.amount, t.payee and canonical("bank_account", t.payee.value)) for t in again.transactions
    ] == [
        (1, original.transactions[0].amount, "TH:KASITHBK:0481234567"),
        (2, original.transactions[1].amount, "TH:BKKBTHBK:2031234561"),
    ]
    assert again.transactions[1].payer is not None  # a mule paying onward is scam side
    assert again.transactions[0].payer is None  # the victim's own account never leaves
    assert {(i.id_type, i.role.value) for i in again.identifiers} == {
        ("phone", "scam_contact"),
        ("url", "scam_site"),
        ("payment_card", "payee"),
        ("bank_account", "payee"),
    }


def _lines(count: int) -> Iterator[str]:
    for index in range(count):
        record = {
            "jurisdiction": "TH",
            "received_at": "2026-03-02T10:15:00+07:00",
            "narrative": f"report {index} " + "x" * 200,
            "identifiers": [{"id_type": "phone", "value": f"+66 81 {index:07d}"}],
        }
        yield json.dumps(record) + "\n"


def test_fifty_thousand_lines_stream_in_bounded_memory() -> None:
    tracemalloc.start()
    try:
        count = sum(1 for p in read("jsonl", GeneratedText(_lines(50_000))) if p.ok)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 50_000
    assert peak < 4 * 1024 * 1024  # the input is about 17 MB of text
