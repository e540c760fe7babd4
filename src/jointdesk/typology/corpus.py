"""Labelled message corpora: the ``text,label`` CSV layout, reading, writing and de-duplication.

The CSV layout is the one every tool here reads: UTF-8 (a BOM is tolerated), a header row with at least
the columns ``text`` and ``label`` (other columns are ignored), one message per row. Texts may span
lines when quoted, as the csv module writes them.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from jointdesk.typology.codes import load_typology
from jointdesk.typology.errors import BinaryTextError, CsvFormatError
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


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CsvFormatError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    if b"\x00" in raw[:_SNIFF_BYTES]:
        raise BinaryTextError("the file contains NUL bytes", where=str(path))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvFormatError(str(path), f"not UTF-8 text (byte {exc.start}); save the CSV as UTF-8") from exc


def _header(reader: csv.DictReader[str], source: str) -> None:
    found = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in found]
    if missing:
        raise CsvFormatError(
            source, f"missing column(s) {', '.join(missing)}; found {found or 'no header'}; need text,label"
        )
    reader.fieldnames = found


def parse_labelled_csv(content: str, source: str = "<csv>") -> list[LabelledRow]:
    """Rows of a ``text,label`` CSV document (see the module docstring for the layout)."""
    reader = csv.DictReader(io.StringIO(content, newline=""))
    try:
        _header(reader, source)
        rows = [_row(record, source, reader.line_num) for record in reader]
    except csv.Error as exc:
        raise CsvFormatError(source, f"line {reader.line_num}: {exc}") from exc
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


def read_labelled_csv(path: Path | str, *, require_canonical: bool = False) -> list[LabelledRow]:
    """Read a ``text,label`` CSV file.

    Raises :class:`CsvFormatError` (unreadable, not UTF-8, missing columns, no rows), an
    :class:`InvalidTextError` naming the line (empty or binary text) and, with ``require_canonical``,
    :class:`~jointdesk.typology.errors.UnknownLabelError` listing every label that is not canonical.
    """
    source = Path(path)
    rows = parse_labelled_csv(_read_text(source), str(source))
    return canonical_rows(rows) if require_canonical else rows


def canonical_rows(rows: Sequence[LabelledRow]) -> list[LabelledRow]:
    """Rows with labels mapped to canonical typology labels (case, aliases); unknown labels raise."""
    labels = load_typology().canonicalise(row.label for row in rows)
    return [LabelledRow(row.text, label) for row, label in zip(rows, labels, strict=True)]


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
    "label_counts",
    "parse_labelled_csv",
    "read_labelled_csv",
    "write_labelled_csv",
]
