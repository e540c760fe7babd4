"""Shared result types of the intel importers: one :class:`ParsedRow` per input record.

Readers never raise on bad records: a record that cannot become a :class:`ReportIn` is yielded with
its :class:`RowError` list (row, field, reason) and the next record is read. Only a file whose
structure is unusable before the first record (a CSV header naming unknown or lacking required
columns, a JSON document that is neither an object nor an array) raises :class:`FormatError`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from pydantic import ValidationError

from jointdesk.indicators.types import UnknownType, get_type
from jointdesk.intel.schemas import ReportIn

Format = Literal["csv", "jsonl", "misp", "stix"]
FORMATS: Final[tuple[Format, ...]] = ("csv", "jsonl", "misp", "stix")


@dataclass(frozen=True)
class RowError:
    """Why one field of one record was refused (``identifiers[2].value``, ``received_at``...)."""

    field: str
    reason: str


@dataclass(frozen=True)
class ParsedRow:
    """One input record: a report, or the errors that kept it out; warnings name what was left out."""

    row: int
    source_ref: str
    report: ReportIn | None
    errors: tuple[RowError, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.report is not None


class FormatError(ValueError):
    """The file as a whole cannot be read (header or document structure), before any record."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def content_ref(record: object) -> str:
    """A stable reference for a record without one: SHA-256 of its canonical JSON."""
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def field_path(loc: Sequence[int | str]) -> str:
    """``('identifiers', 2, 'value')`` → ``identifiers[2].value``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "record"


def validation_errors(exc: ValidationError) -> list[RowError]:
    return [RowError(field_path(err["loc"]), err["msg"]) for err in exc.errors(include_url=False)]


def type_errors(report: ReportIn) -> list[RowError]:
    """Identifier types must be registered (indicators.types); the model only checks their length."""
    found: list[RowError] = []
    for index, item in enumerate(report.identifiers):
        found += _unknown_type(item.id_type, f"identifiers[{index}].id_type")
    for index, tx in enumerate(report.transactions):
        for name, party in (("payer", tx.payer), ("payee", tx.payee)):
            if party is not None:
                found += _unknown_type(party.id_type, f"transactions[{index}].{name}.id_type")
    return found


def _unknown_type(name: str, field: str) -> list[RowError]:
    try:
        get_type(name)
    except UnknownType:
        return [RowError(field, f"unknown identifier type {name!r}")]
    return []


def build_row(
    row: int,
    source_ref: str,
    data: Mapping[str, Any],
    *,
    warnings: Sequence[str] = (),
    rename: Callable[[str], str] | None = None,
) -> ParsedRow:
    """Validate ``data`` as a :class:`ReportIn` carrying ``source_ref``; map errors to fields."""
    try:
        report = ReportIn.model_validate({**data, "source_ref": source_ref})
    except ValidationError as exc:
        errors = validation_errors(exc)
    else:
        errors = type_errors(report)
        if not errors:
            return ParsedRow(row, source_ref, report, (), tuple(warnings))
    if rename is not None:
        errors = [RowError(rename(e.field), e.reason) for e in errors]
    return ParsedRow(row, source_ref, None, tuple(errors), tuple(warnings))


def failed(row: int, source_ref: str, field: str, reason: str, warnings: Sequence[str] = ()) -> ParsedRow:
    return ParsedRow(row, source_ref, None, (RowError(field, reason),), tuple(warnings))
