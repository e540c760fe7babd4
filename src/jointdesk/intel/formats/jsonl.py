"""JSON Lines: one ``ReportIn``-shaped JSON object per line, with an optional ``source_ref``."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, Final, TextIO

from jointdesk.intel.formats.common import ParsedRow, build_row, content_ref, failed
from jointdesk.intel.formats.outbound import report_record
from jointdesk.intel.schemas import ReportIn, ReportView

KNOWN_FIELDS: Final = frozenset(ReportIn.model_fields)


def read_jsonl(stream: TextIO) -> Iterator[ParsedRow]:
    """One :class:`ParsedRow` per non-blank line; ``row`` is the line number."""
    for line_no, line in enumerate(stream, start=1):
        text = line.strip()
        if text:
            yield parse_line(line_no, text)


def parse_line(line_no: int, text: str) -> ParsedRow:
    try:
        record: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        return failed(line_no, content_ref(text), "json", f"invalid JSON: {exc.msg} (column {exc.colno})")
    if not isinstance(record, dict):
        return failed(line_no, content_ref(text), "json", "expected a JSON object")
    explicit = record.get("source_ref")
    ref = explicit if isinstance(explicit, str) and explicit.strip() else content_ref(record)
    unknown = sorted(set(record) - KNOWN_FIELDS)
    warnings = [f"ignored unknown field {name!r}" for name in unknown]
    return build_row(
        line_no, ref.strip(), {k: v for k, v in record.items() if k in KNOWN_FIELDS}, warnings=warnings
    )


def write_jsonl(reports: Iterable[ReportView], out: TextIO, *, include_narrative: bool = False) -> int:
    count = 0
    for view in reports:
        record = report_record(view, include_narrative=include_narrative)
        out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=str))
        out.write("\n")
        count += 1
    return count
