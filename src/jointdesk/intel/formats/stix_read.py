"""STIX 2.1 bundle → one report per ``report``/``grouping``/``incident``, streaming ``objects``.

One pass: observables are kept as compact ``(type, value, role)`` tuples keyed by STIX id (never
the objects' text) because a report may reference objects that come later in the bundle; a report
is yielded as soon as every object it references has been seen, the rest at the end with a warning
per missing reference. ``row`` is the report object's position (1-based) in ``objects``.
Observables no report references are not imported: one error row at the end names them (a bundle
of loose indicators is not a victim report and must not become one network).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, TextIO

from jointdesk.authz import Tlp
from jointdesk.intel.formats.common import FormatError, ParsedRow, build_row, content_ref, failed
from jointdesk.intel.formats.guess import instant
from jointdesk.intel.formats.jsonstream import JsonStreamError, iter_document
from jointdesk.intel.formats.markings import STIX_TLP_BY_ID, stix_marking_tlp, strictest
from jointdesk.intel.formats.stix_map import Mapped, is_observable, map_observable

REPORT_TYPES: Final = frozenset({"report", "grouping", "incident"})
_SHOWN_ORPHANS: Final = 5


@dataclass
class _Pending:
    row: int
    obj: dict[str, Any]
    waiting: set[str]


@dataclass
class _Bundle:
    observables: dict[str, list[Mapped] | str] = field(default_factory=dict)
    others: set[str] = field(default_factory=set)
    markings: dict[str, Tlp | None] = field(default_factory=dict)
    referenced: set[str] = field(default_factory=set)
    waiting_on: dict[str, list[_Pending]] = field(default_factory=dict)
    pending: dict[int, _Pending] = field(default_factory=dict)

    def known(self, ref: str) -> bool:
        return ref in self.observables or ref in self.others or ref in self.markings or ref in STIX_TLP_BY_ID


def read_stix(stream: TextIO) -> Iterator[ParsedRow]:
    bundle, position = _Bundle(), 0
    try:
        for key, value in iter_document(stream, frozenset({"objects"})):
            if key in ("objects", "") and isinstance(value, dict):
                position += 1
                yield from _take(bundle, position, value)
    except JsonStreamError as exc:
        if position == 0 and exc.offset == 0:
            raise FormatError("document", exc.reason) from None
        yield failed(position + 1, f"invalid-json@{exc.offset}", "json", f"{exc}; the rest was not read")
    for pending in sorted(bundle.pending.values(), key=lambda p: p.row):
        yield _report(bundle, pending)
    yield from _orphans(bundle, position)


def _take(bundle: _Bundle, row: int, obj: dict[str, Any]) -> Iterator[ParsedRow]:
    kind, ident = str(obj.get("type", "")), str(obj.get("id", ""))
    if kind in REPORT_TYPES:
        yield from _new_report(bundle, row, obj)
        return
    if kind == "marking-definition":
        bundle.markings[ident] = stix_marking_tlp(obj)
    elif is_observable(kind):
        found, reason = map_observable(obj)
        bundle.observables[ident] = found if found else (reason or "nothing to import")
    else:
        bundle.others.add(ident)
    for pending in bundle.waiting_on.pop(ident, []):
        pending.waiting.discard(ident)
        if not pending.waiting and bundle.pending.pop(pending.row, None) is not None:
            yield _report(bundle, pending)


def _refs(obj: Mapping[str, Any], name: str) -> list[str]:
    refs = obj.get(name)
    return [str(r) for r in refs if isinstance(r, str)] if isinstance(refs, list) else []


def _new_report(bundle: _Bundle, row: int, obj: dict[str, Any]) -> Iterator[ParsedRow]:
    refs = _refs(obj, "object_refs") + _refs(obj, "object_marking_refs")
    bundle.referenced.update(refs)
    pending = _Pending(row, obj, {ref for ref in refs if not bundle.known(ref)})
    if not pending.waiting:
        yield _report(bundle, pending)
        return
    bundle.pending[row] = pending
    for ref in pending.waiting:
        bundle.waiting_on.setdefault(ref, []).append(pending)


def _report(bundle: _Bundle, pending: _Pending) -> ParsedRow:
    obj, warnings = pending.obj, [f"{ref} is not in the bundle" for ref in sorted(pending.waiting)]
    ref = str(obj.get("id") or content_ref(obj))
    roles = obj.get("x_jointdesk_roles") if isinstance(obj.get("x_jointdesk_roles"), dict) else {}
    identifiers: list[dict[str, str]] = []
    for target in _refs(obj, "object_refs"):
        entry = bundle.observables.get(target)
        if isinstance(entry, str):
            warnings.append(f"{target}: {entry}")
        for id_type, value, role in entry if isinstance(entry, list) else []:
            identifiers.append(
                {"id_type": id_type, "value": value, "role": str((roles or {}).get(target, role))}
            )
    transactions = obj.get("x_jointdesk_transactions")
    transactions = transactions if isinstance(transactions, list) else []
    if not identifiers and not transactions:
        return failed(pending.row, ref, "object_refs", "no referenced object maps to an identifier", warnings)
    data = {**_fields(obj, bundle, warnings), "identifiers": identifiers, "transactions": transactions}
    return build_row(pending.row, ref, data, warnings=warnings)


def _fields(obj: Mapping[str, Any], bundle: _Bundle, warnings: list[str]) -> dict[str, Any]:
    received, note = instant(obj.get("published") or obj.get("created"))
    if note:
        warnings.append(f"published: {note}")
    data: dict[str, Any] = {"narrative": str(obj.get("description") or obj.get("name") or "")}
    data["channel_of_report"] = "partner_agency"
    if received:
        data["received_at"] = received
    markings = (bundle.markings.get(r) or STIX_TLP_BY_ID.get(r) for r in _refs(obj, "object_marking_refs"))
    tlp = strictest(m for m in markings if m is not None)
    if tlp is None:
        warnings.append("no TLP marking: the report is marked AMBER")
    else:
        data["tlp"] = tlp.value
    for label in _refs(obj, "labels"):
        if label.startswith("typology:"):
            data["typology_code"] = label.removeprefix("typology:")
    for name in ("jurisdiction", "source_reliability", "info_accuracy"):
        if obj.get(f"x_jointdesk_{name}") is not None:
            data[name] = obj[f"x_jointdesk_{name}"]
    return data


def _orphans(bundle: _Bundle, position: int) -> Iterator[ParsedRow]:
    loose = sorted(
        i for i, e in bundle.observables.items() if isinstance(e, list) and i not in bundle.referenced
    )
    if not loose:
        return
    shown = ", ".join(loose[:_SHOWN_ORPHANS]) + (", ..." if len(loose) > _SHOWN_ORPHANS else "")
    reason = (
        f"{len(loose)} observables are referenced by no report, grouping or incident ({shown}); "
        "wrap them in a report object to import them"
    )
    yield failed(position + 1, content_ref(loose), "objects", reason)
