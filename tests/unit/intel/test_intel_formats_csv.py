"""CSV reader and writer: good and bad rows, header errors, stable refs, escaping, round trips."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from jointdesk.intel.formats import FormatError, ParsedRow, read, write
from jointdesk.intel.formats.csv_format import COLUMNS, escape_value, parse_identifiers, split_items
from jointdesk.intel.schemas import ReportIn
from unit.intel.intel_formats_support import canonical, report_data, view_of

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples" / "intel"
HEADER = "source_ref,received_at,jurisdiction,amount,currency,transferred_at,rail,payee_type,payee_value,identifiers\n"


def rows(text: str) -> list[ParsedRow]:
    return list(read("csv", io.StringIO(text)))


def essence(report: ReportIn) -> dict[str, Any]:
    """What must survive an export and re-import (identifiers compared by normalised value)."""
    region = report.jurisdiction or "TH"
    return {
        "fields": report.model_dump(
            include={"jurisdiction", "channel_of_report", "received_at", "language", "reporter_role", "tlp"}
            | {"typology_code", "source_reliability", "info_accuracy", "handling_codes", "platforms"}
        ),
        "victim": report.victim.model_dump(include={"age_band", "sex", "nationality"})
        if report.victim
        else None,
        "identifiers": sorted(
            (i.id_type, canonical(i.id_type, i.value, region), i.role.value)
            for i in report.identifiers
            if not i.role.value.startswith("victim") and i.id_type != "payment_card"
        ),
        "transactions": [
            (t.hop, t.occurred_at, t.amount, t.currency, t.rail, t.institution, t.reference)
            + ((t.payee.id_type, canonical(t.payee.id_type, t.payee.value, region)) if t.payee else ())
            for t in report.transactions
        ],
    }


def test_the_documented_example_reads_without_errors() -> None:
    with (EXAMPLES / "reports.csv").open(encoding="utf-8", newline="") as stream:
        parsed = list(read("csv", stream))
    assert [p.row for p in parsed] == [2, 3]
    assert all(p.ok and not p.errors for p in parsed)
    first = parsed[0].report
    assert first is not None and first.source_ref == "TH-CCIB-2026-000481"
    assert (
        first.transactions[0].payee is not None
        and first.transactions[0].payee.value == "TH:KASITHBK:0481234567"
    )
    assert [(i.id_type, i.role.value) for i in first.identifiers] == [
        ("phone", "scam_contact"),
        ("social_handle", "scam_contact"),
    ]


def test_bad_rows_are_reported_with_line_field_and_reason_and_good_rows_kept() -> None:
    text = HEADER + (
        "A1,2026-03-02T10:15:00+07:00,TH,85000,THB,2026-03-01T16:40:00+07:00,bank_transfer,bank_account,TH:KASITHBK:0481234567,phone:scam_contact:+6620295540\n"
        "A2,2026-03-02T10:15:00,TH,,,,,,,phone:scam_contact:+6620295540\n"
        "A3,2026-03-02T10:15:00+07:00,TH,-5,THB,2026-03-01T16:40:00+07:00,bank_transfer,,,\n"
        '"A4","2026-03-02T10:15:00+07:00",TH,,,,,,,"phone:scam_contact:+6620295540|fax:payee:123|url:+bad"\n'
        "A5,2026-03-02T10:15:00+07:00,TH,1,THB,2026-03-01T16:40:00+07:00,bank_transfer,bank_account,1234567890,phone:boss:+6620295540\n"
        "A6,2026-03-02T10:15:00+07:00,TH\n"
        "A7,2026-03-02T10:15:00+07:00,TH,,,,,,,url:scam_site:https://ok.example/\n"
    )
    parsed = rows(text)
    assert [p.row for p in parsed] == [2, 3, 4, 5, 6, 7, 8]
    assert [p.ok for p in parsed] == [True, False, False, False, False, False, True]
    errors = {p.source_ref: {(e.field, e.reason.split(",")[0]) for e in p.errors} for p in parsed}
    assert ("received_at", "Value error") in errors["A2"]
    assert {field for field, _ in errors["A3"]} == {"amount"}
    assert {field for field, _ in errors["A4"]} == {"identifiers[2]"}
    assert {field for field, _ in errors["A5"]} == {"identifiers[0].role"}
    assert {field for field, _ in errors["A6"]} == {"row"}


def test_unknown_identifier_types_are_named_by_their_position() -> None:
    parsed = rows(
        HEADER + "B1,2026-03-02T10:15:00+07:00,TH,,,,,,,phone:scam_contact:+6620295540|fax:payee:123\n"
    )
    assert parsed[0].errors[0].field == "identifiers[1].id_type" and "fax" in parsed[0].errors[0].reason


def test_multi_line_narratives_keep_the_line_the_record_starts_on() -> None:
    text = 'received_at,jurisdiction,narrative,identifiers\n2026-03-02T10:15:00+07:00,TH,"line one\nline two",\nnot-a-time,TH,x,\n'
    parsed = rows(text)
    assert [p.row for p in parsed] == [2, 4]
    assert parsed[1].errors[0].field == "received_at"


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("received_at,jurisdiction,identifiers,colour\n", ["unknown columns", "colour"]),
        ("received_at,identifiers\n", ["missing required columns", "jurisdiction"]),
        ("received_at,jurisdiction,identifiers,tlp,tlp\n", ["named twice", "tlp"]),
        ("", ["empty"]),
    ],
)
def test_header_problems_raise_before_the_first_row(header: str, words: list[str]) -> None:
    with pytest.raises(FormatError) as caught:
        rows(header + "2026-03-02T10:15:00+07:00,TH,\n" if header else "")
    assert caught.value.field == "header"
    assert all(word in caught.value.reason for word in words)


def test_reading_the_same_file_twice_gives_the_same_source_refs() -> None:
    text = (
        HEADER.replace("source_ref,", "")
        + "2026-03-02T10:15:00+07:00,TH,,,,,,,phone:scam_contact:+6620295540\n" * 2
    )
    text += "2026-03-03T10:15:00+07:00,TH,,,,,,,phone:scam_contact:+6620295540\n"
    first, second = [p.source_ref for p in rows(text)], [p.source_ref for p in rows(text)]
    assert first == second and first[0].startswith("sha256:") and first[0] == first[1] != first[2]
    assert all(p.report is not None and p.report.source_ref == p.source_ref for p in rows(text))


def test_identifier_cells_keep_colons_and_escaped_pipes_in_values() -> None:
    cell = "bank_account:payee:CN:ICBC:6222020200001234567|url::https://x.example/a\\|b|social_handle:scam_contact:line:a\\\\b"
    found, errors = parse_identifiers(cell)
    assert not errors
    assert found == [
        {"id_type": "bank_account", "value": "CN:ICBC:6222020200001234567", "role": "payee"},
        {"id_type": "url", "value": "https://x.example/a|b"},
        {"id_type": "social_handle", "value": "line:a\\b", "role": "scam_contact"},
    ]
    assert split_items(escape_value("a|b\\") + "|c") == ["a|b\\", "c"]


def test_export_then_import_gives_an_equivalent_report() -> None:
    original = ReportIn.model_validate(report_data())
    out = io.StringIO()
    assert write("csv", [view_of(original)], out) == 1
    parsed = rows(out.getvalue())
    assert len(parsed) == 1 and parsed[0].ok, parsed[0].errors
    again = parsed[0].report
    assert again is not None
    assert essence(again) == essence(original)
    assert again.narrative == ""  # the narrative stays home unless asked for
    assert out.getvalue().splitlines()[0].split(",") == list(COLUMNS)


def test_csv_to_report_to_csv_is_stable() -> None:
    with (EXAMPLES / "reports.csv").open(encoding="utf-8", newline="") as stream:
        first = [p.report for p in read("csv", stream)]
    out = io.StringIO()
    write("csv", [view_of(r) for r in first if r is not None], out, include_narrative=True)
    second = [p.report for p in rows(out.getvalue())]
    assert len(second) == len(first)
    for before, after in zip(first, second, strict=True):
        assert before is not None and after is not None
        assert essence(after) == essence(before) and after.narrative == before.narrative
    again = io.StringIO()
    write("csv", [view_of(r) for r in second if r is not None], again, include_narrative=True)
    third = [p.report for p in rows(again.getvalue())]
    assert [r.model_dump(exclude={"source_ref"}) for r in third if r] == [
        r.model_dump(exclude={"source_ref"}) for r in second if r
    ]
