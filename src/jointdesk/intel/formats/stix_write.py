"""Reports → one STIX 2.1 bundle, written as it goes (sharing.md §6, identifiers.md §7).

Report ids are UUIDv5 of the jointdesk report id; observable ids are STIX deterministic SCO ids,
so the same identifier has the same id in every export. Each observable and TLP 2.0 marking
definition is written once per bundle (a set of written ids is kept). Roles and transfers travel
in ``x_jointdesk_*`` custom properties of the report; only what ``outbound`` allows leaves.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, Final, TextIO

from jointdesk.authz import Tlp
from jointdesk.intel.formats.markings import STIX_TLP2_IDS, stix_marking_object
from jointdesk.intel.formats.outbound import all_identifiers, transaction_record
from jointdesk.intel.formats.stix_map import observable_of
from jointdesk.intel.schemas import ReportView

NAMESPACE: Final = uuid.UUID("0b5c2f4e-7f67-5b2a-8d0e-2c6a4c1f9e31")


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def report_id(view: ReportView) -> str:
    return f"report--{uuid.uuid5(NAMESPACE, str(view.id))}"


def objects_of(view: ReportView, *, include_narrative: bool = False) -> list[dict[str, Any]]:
    """The observables, the TLP marking and the report object for one report (report last)."""
    tlp = Tlp(view.tlp)
    shared = all_identifiers(view, include_narrative=include_narrative)
    observables = [observable_of(item.id_type, item.value) for item in shared]
    roles = {obs["id"]: item.role for obs, item in zip(observables, shared, strict=True)}
    refs = list(dict.fromkeys(obs["id"] for obs in observables)) or [STIX_TLP2_IDS[tlp]]
    report: dict[str, Any] = {
        "type": "report",
        "spec_version": "2.1",
        "id": report_id(view),
        "created": _stamp(view.created_at),
        "modified": _stamp(view.created_at),
        "name": f"Fraud report {view.crime_reference_no}",
        "published": _stamp(view.received_at),
        "report_types": ["threat-report"],
        "object_refs": refs,
        "object_marking_refs": [STIX_TLP2_IDS[tlp]],
        "x_jointdesk_jurisdiction": view.jurisdiction,
        "x_jointdesk_source_reliability": view.source_reliability,
        "x_jointdesk_info_accuracy": view.info_accuracy,
        "x_jointdesk_roles": roles,
        "x_jointdesk_transactions": [transaction_record(view, tx) for tx in view.transactions],
    }
    if view.typology_code:
        report["labels"] = [f"typology:{view.typology_code}"]
    if include_narrative and view.narrative:
        report["description"] = view.narrative
    return [stix_marking_object(tlp), *observables, report]


def _bundle_id(first: ReportView | None) -> str:
    seed = str(first.id) if first is not None else "empty"
    return f"bundle--{uuid.uuid5(NAMESPACE, 'bundle:' + seed)}"


def write_stix(reports: Iterable[ReportView], out: TextIO, *, include_narrative: bool = False) -> int:
    iterator: Iterator[ReportView] = iter(reports)
    first = next(iterator, None)
    out.write(f'{{"type": "bundle", "id": "{_bundle_id(first)}", "objects": [')
    written: set[str] = set()
    count = 0
    for view in [first] if first is not None else []:
        count += _write_report(view, out, written, include_narrative)
    for view in iterator:
        count += _write_report(view, out, written, include_narrative)
    out.write("\n]}\n")
    return count


def _write_report(view: ReportView, out: TextIO, written: set[str], include_narrative: bool) -> int:
    for obj in objects_of(view, include_narrative=include_narrative):
        if obj["id"] in written and obj["type"] != "report":
            continue
        out.write(",\n" if written else "\n")
        written.add(obj["id"])
        out.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
    return 1
