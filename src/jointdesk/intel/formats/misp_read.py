"""MISP event JSON → one report per event, streamed (``{"Event"}``, ``{"response": [...]}`` or a list)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Final, TextIO

from jointdesk.intel.formats.common import FormatError, ParsedRow, build_row, content_ref, failed
from jointdesk.intel.formats.guess import instant
from jointdesk.intel.formats.jsonstream import JsonStreamError, iter_document
from jointdesk.intel.formats.markings import (
    ACCURACY_FROM_ADMIRALTY,
    MISP_TLP_TAGS,
    RELIABILITY_FROM_ADMIRALTY,
    strictest,
)
from jointdesk.intel.formats.misp_map import EventParts, map_attribute, map_object, map_transfers

_MACHINE_TAG: Final = re.compile(r'^([a-z0-9_-]+):([a-z0-9_-]+)="?([^"]*)"?$', re.I)
_ENVELOPES: Final = frozenset({"response"})


def read_misp(stream: TextIO) -> Iterator[ParsedRow]:
    """One :class:`ParsedRow` per event; ``row`` is the event's position (1-based) in the file."""
    row = 0
    try:
        for key, value in iter_document(stream, _ENVELOPES):
            event = event_of(key, value)
            if event is not None:
                row += 1
                yield parse_event(row, event)
    except JsonStreamError as exc:
        if row == 0 and exc.offset == 0:
            raise FormatError("document", exc.reason) from None
        yield failed(
            row + 1, f"invalid-json@{exc.offset}", "json", f"{exc}; the rest of the file was not read"
        )


def event_of(key: str, value: Any) -> Mapping[str, Any] | None:
    if key not in ("", "Event", "response") or not isinstance(value, dict):
        return None
    inner = value.get("Event", value) if key != "Event" else value
    return inner if isinstance(inner, dict) else None


def parse_event(row: int, event: Mapping[str, Any]) -> ParsedRow:
    ref = str(event["uuid"]) if isinstance(event.get("uuid"), str) and event["uuid"] else content_ref(event)
    parts = EventParts()
    objects = [o for o in event.get("Object") or [] if isinstance(o, dict)]
    for attr in event.get("Attribute") or []:
        if isinstance(attr, dict):
            map_attribute(attr, parts)
    for obj in objects:
        map_object(obj, parts)
    map_transfers(objects, parts)
    if not parts.identifiers and not parts.transactions:
        reason = "no attribute or object of the event maps to an identifier or a transfer"
        return failed(row, ref, "Event", reason, parts.warnings)
    data = {**_header(event, parts), **_tag_fields(tags_of(event), parts)}
    data["identifiers"], data["transactions"] = parts.identifiers, parts.transactions
    return build_row(row, ref, data, warnings=parts.warnings)


def _header(event: Mapping[str, Any], parts: EventParts) -> dict[str, Any]:
    received, note = instant(event.get("date") or event.get("timestamp"))
    if note:
        parts.warnings.append(f"date: {note}")
    info = str(event.get("info") or "").strip()
    narrative = "\n\n".join(parts.texts) or info
    data: dict[str, Any] = {"narrative": narrative, "channel_of_report": "partner_agency"}
    if received:
        data["received_at"] = received
    return data


def tags_of(event: Mapping[str, Any]) -> list[str]:
    names: list[str] = []
    for tag in event.get("Tag") or []:
        if isinstance(tag, dict) and isinstance(tag.get("name"), str):
            names.append(tag["name"])
    for link in event.get("EventTag") or []:
        tag = link.get("Tag") if isinstance(link, dict) else None
        if isinstance(tag, dict) and isinstance(tag.get("name"), str):
            names.append(tag["name"])
    return names


def _tag_fields(names: list[str], parts: EventParts) -> dict[str, Any]:
    data: dict[str, Any] = {}
    tlp = strictest(MISP_TLP_TAGS[n.strip().lower()] for n in names if n.strip().lower() in MISP_TLP_TAGS)
    if tlp is None:
        parts.warnings.append("no tlp tag: the report is marked AMBER")
    else:
        data["tlp"] = tlp.value
    for name in names:
        match = _MACHINE_TAG.match(name.strip())
        if match:
            _machine_tag(match.group(1).lower(), match.group(2).lower(), match.group(3), data)
    return data


def _machine_tag(namespace: str, predicate: str, value: str, data: dict[str, Any]) -> None:
    if namespace == "jointdesk" and predicate == "typology":
        data["typology_code"] = value
    elif namespace == "jointdesk" and predicate == "jurisdiction":
        data["jurisdiction"] = value.upper()
    elif namespace == "admiralty-scale" and predicate == "source-reliability":
        data["source_reliability"] = RELIABILITY_FROM_ADMIRALTY.get(value.lower(), "X")
    elif namespace == "admiralty-scale" and predicate == "information-credibility":
        data["info_accuracy"] = ACCURACY_FROM_ADMIRALTY.get(value, 4)
