"""STIX 2.1 bundles: reports, groupings, OpenCTI observables, markings, order, orphans, our export."""

from __future__ import annotations

import io
import json
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

from jointdesk.intel.formats import read, write
from jointdesk.intel.formats.markings import STIX_TLP2_IDS
from jointdesk.intel.schemas import ReportIn
from unit.intel.intel_formats_support import GeneratedText, canonical, report_data, view_of

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples" / "intel"
AMBER_STRICT = "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"


def bundle(*objects: dict[str, object]) -> io.StringIO:
    return io.StringIO(json.dumps({"type": "bundle", "id": "bundle--1", "objects": list(objects)}))


def report(ident: str, *refs: str, **extra: object) -> dict[str, object]:
    return {
        "type": "report",
        "id": ident,
        "published": "2026-03-06T02:30:00Z",
        "name": "r",
        "object_refs": list(refs),
        **extra,
    }


def test_the_documented_example_gives_a_report_and_a_grouping() -> None:
    with (EXAMPLES / "stix-bundle.json").open(encoding="utf-8") as stream:
        first, second = list(read("stix", stream))
    assert (first.row, first.source_ref) == (3, "report--d4f1a2b3-c4d5-4e6f-8a9b-0c1d2e3f4a5b")
    assert (
        first.report is not None and first.report.typology_code == "IMP" and first.report.tlp.value == "AMBER"
    )
    assert {i.id_type for i in first.report.identifiers} == {"phone", "bank_account", "url"}
    assert second.report is not None and second.report.tlp.value == "AMBER+STRICT"
    assert {i.value for i in second.report.identifiers} == {
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "telegram:lucky_invest_amy",
    }


def test_observables_after_the_report_and_opencti_prefixes_are_resolved() -> None:
    parsed = list(
        read(
            "stix",
            bundle(
                report(
                    "report--a",
                    "x-opencti-phone-number--1",
                    "payment-card--2",
                    object_marking_refs=[AMBER_STRICT],
                ),
                {
                    "type": "x-opencti-phone-number",
                    "id": "x-opencti-phone-number--1",
                    "value": "+66 81 234 5678",
                },
                {"type": "payment-card", "id": "payment-card--2", "card_number": "4539148803436467"},
            ),
        )
    )
    (only,) = parsed
    assert only.report is not None and only.row == 1
    assert [(i.id_type, i.role.value) for i in only.report.identifiers] == [
        ("phone", "scam_contact"),
        ("payment_card", "payee"),
    ]


def test_missing_refs_warn_and_a_report_with_nothing_usable_is_an_error() -> None:
    parsed = list(
        read(
            "stix",
            bundle(
                report("report--a", "url--1", "url--gone"),
                {"type": "url", "id": "url--1", "value": "https://x.example/"},
                report("report--b", "malware--1"),
                {"type": "malware", "id": "malware--1", "name": "SpyNote"},
                report("report--c", "indicator--1"),
                {
                    "type": "indicator",
                    "id": "indicator--1",
                    "pattern": "[file:hashes.'SHA-256' = 'ab'] AND [url:value = 'x']",
                },
            ),
        )
    )
    by_ref = {p.source_ref: p for p in parsed}
    assert by_ref["report--a"].ok and "url--gone is not in the bundle" in by_ref["report--a"].warnings
    assert by_ref["report--b"].errors[0].field == "object_refs"
    assert not by_ref["report--c"].ok and "simple" in by_ref["report--c"].warnings[0]


def test_observables_no_report_references_are_one_clear_error() -> None:
    loose = (
        {"type": "domain-name", "id": "domain-name--1", "value": "a.example"},
        {"type": "domain-name", "id": "domain-name--2", "value": "b.example"},
    )
    (only,) = list(read("stix", bundle(*loose)))
    assert only.errors[0].field == "objects" and "2 observables" in only.errors[0].reason
    assert [p.source_ref for p in read("stix", bundle(*loose))] == [only.source_ref]


def _objects(count: int) -> Iterator[str]:
    yield '{"type": "bundle", "id": "bundle--big", "objects": ['
    for index in range(count):
        sep = "," if index else ""
        url = {"type": "url", "id": f"url--{index}", "value": f"https://s{index}.example/login"}
        yield (
            sep
            + json.dumps(url)
            + ","
            + json.dumps(report(f"report--{index}", f"url--{index}", description="d" * 2000))
        )
    yield "]}"


def test_a_big_bundle_streams_without_holding_its_text() -> None:
    tracemalloc.start()
    try:
        count = sum(1 for p in read("stix", GeneratedText(_objects(4_000))) if p.ok)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 4_000
    assert peak < 4 * 1024 * 1024  # about 9 MB of JSON


def test_our_export_uses_tlp2_markings_deterministic_ids_and_re_imports() -> None:
    original = ReportIn.model_validate(report_data(typology_code="IMP", tlp="AMBER+STRICT"))
    texts = []
    for _ in range(2):
        out = io.StringIO()
        write("stix", [view_of(original), view_of(original)], out)
        texts.append(out.getvalue())
    assert texts[0] == texts[1]
    objects = json.loads(texts[0])["objects"]
    ids = [o["id"] for o in objects]
    assert ids.count(STIX_TLP2_IDS[original.tlp]) == 1 and len(set(ids)) == len(ids) - 1  # one report twice
    parsed = list(read("stix", io.StringIO(texts[0])))
    again = parsed[0].report
    assert again is not None and again.tlp == original.tlp and again.typology_code == "IMP"
    assert ("bank_account", "TH:KASITHBK:0481234567", "payee") in {
        (i.id_type, canonical(i.id_type, i.value), i.role.value) for i in again.identifiers
    }
    assert [t.amount for t in again.transactions] == [t.amount for t in original.transactions]
