"""Labelled message corpora: the ``text,label`` CSV layout, reading, writing and de-duplication.

The CSV layout is the one every tool here reads: UTF-8 (a BOM is tolerated), a header row with at least
the columns ``text`` and ``label`` (other columns are ignored), one message per row. Texts may span
lines when quoted, as the csv module writes them.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from jointdesk.typology.codes import load_typology
from jointdesk.typology.errors import BinaryTextError, CsvFormatError, UnknownLabelError
from jointdesk.typology.text import check_text, dedupe_key

REQUIRED_COLUMNS = ("text", "label")
_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class LabelledRow:
    """One labelled message."""

    text: str
    label: str


@dataclass(frozen=True)
class Deduplicated:
    """Rows after :func:`deduplicate`, with what was removed."""

    rows: tuple[LabelledRow, ...]
    duplicates_removed: int
    conflicting_groups_dropped: int
    conflicting_rows_dropped: int


def _header(reader: csv.DictReader[str], source: str) -> None:
    found = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in found]
    if missing:
        raise CsvFormatError(
            source,
            f"missing column(s) {', '.join(missing)}; found {found or 'no header'}; "
            "expected a header with the columns text,label",
        )
    reader.fieldnames = found


def _records(handle: TextIO, source: str) -> Iterator[tuple[int, LabelledRow]]:
    reader = csv.DictReader(handle)
    try:
        _header(reader, source)
        for record in reader:
            yield reader.line_num, _row(record, source, reader.line_num)
    except csv.Error as exc:
        raise CsvFormatError(source, f"line {reader.line_num}: {exc}") from exc


def parse_labelled_csv(content: str, source: str = "<csv>") -> list[LabelledRow]:
    """Rows of a ``text,label`` CSV document (see the module docstring for the layout)."""
    rows = [row for _line, row in _records(io.StringIO(content, newline=""), source)]
    if not rows:
        raise CsvFormatError(source, "no data rows")
    return rows


def _row(record: dict[str, str | None], source: str, line: int) -> LabelledRow:
    text, label = record.get("text"), record.get("label")
    if text is None or label is None:
        raise CsvFormatError(source, f"line {line}: too few fields")
    if not label.strip():
        raise CsvFormatError(source, f"line {line}: empty label")
    return LabelledRow(check_text(text, where=f"{source} line {line}"), label.strip())


def iter_labelled_csv(path: Path | str) -> Iterator[tuple[int, LabelledRow]]:
    """Stream ``(line number, row)`` from a ``text,label`` CSV file without reading it whole.

    Raises :class:`CsvFormatError` (unreadable, not UTF-8, missing columns), :class:`BinaryTextError`
    (NUL bytes: a binary file) and an :class:`InvalidTextError` naming the line of an empty or binary text.
    """
    source = Path(path)
    try:
        handle = source.open("rb")
    except OSError as exc:
        raise CsvFormatError(str(source), f"cannot read: {exc.strerror or exc}") from exc
    with handle:
        if b"\x00" in handle.read(_SNIFF_BYTES):
            raise BinaryTextError("the file contains NUL bytes", where=str(source))
        handle.seek(0)
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        try:
            yield from _records(text, str(source))
        except UnicodeDecodeError as exc:
            raise CsvFormatError(str(source), "not UTF-8 text; save the CSV as UTF-8") from exc


def read_labelled_csv(path: Path | str, *, require_canonical: bool = False) -> list[LabelledRow]:
    """Read a ``text,label`` CSV file (streamed, see :func:`iter_labelled_csv`).

    With ``require_canonical`` labels are mapped to canonical typology labels, and every label that is
    not canonical is refused at once with an :class:`~jointdesk.typology.errors.UnknownLabelError` that
    names the line where each first occurs. A file with no data rows is a :class:`CsvFormatError`.
    """
    located = list(iter_labelled_csv(path))
    if not located:
        raise CsvFormatError(str(path), "no data rows")
    if not require_canonical:
        return [row for _line, row in located]
    return canonical_rows([row for _line, row in located], [f"{path} line {line}" for line, _row in located])


def canonical_rows(rows: Sequence[LabelledRow], where: Sequence[str] | None = None) -> list[LabelledRow]:
    """Rows with labels mapped to canonical typology labels (case, aliases).

    Unknown labels raise one :class:`~jointdesk.typology.errors.UnknownLabelError` listing them all, each
    with where it first occurs (``where[i]`` describes ``rows[i]``; default ``"row i+1"``).
    """
    typology = load_typology()
    allowed = set(typology.classifier_labels)
    mapped = [typology.aliases.get(row.label.strip().upper(), row.label.strip().upper()) for row in rows]
    first: dict[str, str] = {}
    for i, (row, label) in enumerate(zip(rows, mapped, strict=True)):
        if label not in allowed and row.label not in first:
            first[row.label] = where[i] if where is not None else f"row {i + 1}"
    if first:
        raise UnknownLabelError(first, allowed, where=first)
    return [LabelledRow(row.text, label) for row, label in zip(rows, mapped, strict=True)]


def write_labelled_csv(rows: Iterable[LabelledRow], path: Path | str) -> int:
    """Write rows as a ``text,label`` CSV (UTF-8, minimal quoting); returns the number of rows."""
    count = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REQUIRED_COLUMNS)
        for row in rows:
            writer.writerow((row.text, row.label))
            count += 1
    return count


def deduplicate(rows: Iterable[LabelledRow]) -> Deduplicated:
    """Keep the first row of every group of duplicate texts (same :func:`~jointdesk.typology.text.dedupe_key`:
    NFKC, case folded, whitespace collapsed); drop whole groups whose rows disagree on the label."""
    groups: dict[str, list[LabelledRow]] = {}
    total = 0
    for row in rows:
        groups.setdefault(dedupe_key(row.text), []).append(row)
        total += 1
    kept = [group[0] for group in groups.values() if len({row.label for row in group}) == 1]
    conflicting = [group for group in groups.values() if len({row.label for row in group}) > 1]
    dropped_rows = sum(len(group) for group in conflicting)
    return Deduplicated(
        rows=tuple(kept),
        duplicates_removed=total - len(groups) - dropped_rows + len(conflicting),
        conflicting_groups_dropped=len(conflicting),
        conflicting_rows_dropped=dropped_rows,
    )


def label_counts(rows: Iterable[LabelledRow]) -> dict[str, int]:
    """Rows per label, sorted by label."""
    return dict(sorted(Counter(row.label for row in rows).items()))


__all__ = [
    "Deduplicated",
    "LabelledRow",
    "canonical_rows",
    "deduplicate",
    "iter_labelled_csv",
    "label_counts",
    "parse_labelled_csv",
    "read_labelled_csv",
    "write_labelled_csv",
]
