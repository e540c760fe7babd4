"""Delimited-text tables shared by the GeneMapper and LRmix formats (dna.md §7.1, §7.2).

Reading tolerates a BOM, CRLF/CR line ends, tab/comma/semicolon delimiters, blank lines and R-mangled
headers (``Allele.1`` = ``Allele 1``). Every row keeps its 1-based physical line number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from jointdesk.dna.compute import AMEL, ExportRefusedError, Profile
from jointdesk.dna.formats._assemble import Assembler, LocusRow
from jointdesk.dna.formats.common import (
    Feature,
    ImportResult,
    RowError,
    check_exportable,
    decode_text,
    failed,
)

_KEY = re.compile(r"[\s._\-]")
_ALLELE = re.compile(r"^allele(\d+)$")
#: First characters a spreadsheet may execute as a formula (CSV injection); refused in written ids.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")

#: ``(sample_id, sample_type) -> reason`` if the row belongs to a ladder or control, else ``None``.
ControlCheck = Callable[[str, str], str | None]


def header_key(name: str) -> str:
    """Normalised header: lowercase without spaces, ``.``, ``_``, ``-`` (``Sample.Name`` → ``samplename``)."""
    return _KEY.sub("", name).lower()


@dataclass(frozen=True)
class Table:
    """Header cells, their normalised keys and the data rows as (line, cells)."""

    header: tuple[str, ...]
    keys: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    delimiter: str
    header_line: int

    def column(self, *keys: str) -> int | None:
        """Index of the first column whose key is one of ``keys``."""
        for key in keys:
            if key in self.keys:
                return self.keys.index(key)
        return None

    def allele_columns(self) -> list[int]:
        """Indexes of ``Allele 1..n`` columns in numeric order."""
        found = [(int(m.group(1)), i) for i, key in enumerate(self.keys) if (m := _ALLELE.match(key))]
        return [index for _, index in sorted(found)]


def sniff_delimiter(first_line: str) -> str:
    """Tab if the header has one, else the more frequent of ``;`` and ``,``."""
    if "\t" in first_line:
        return "\t"
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _first_line(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip()), "")


def read_table(text: str) -> Table:
    """Parse delimited text; raises ``csv.Error`` or ``ValueError`` (no header) for unreadable input."""
    delimiter = sniff_delimiter(_first_line(text))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, tuple[str, ...]]] = []
    previous_end = 0
    for cells in reader:
        start, previous_end = previous_end + 1, reader.line_num
        if any(cell.strip() for cell in cells):
            rows.append((start, tuple(cells)))
    if not rows:
        raise ValueError("no header row: the file is empty")
    (header_line, header), data = rows[0], tuple(rows[1:])
    stripped = tuple(cell.strip() for cell in header)
    return Table(stripped, tuple(header_key(cell) for cell in stripped), data, delimiter, header_line)


def cell(cells: Sequence[str], index: int | None) -> str:
    """The stripped cell at ``index`` ('' if the row is short or the column absent)."""
    return cells[index].strip() if index is not None and index < len(cells) else ""


def overflow(table: Table, cells: Sequence[str]) -> bool:
    """True if a row has non-empty cells beyond the header."""
    return any(value.strip() for value in cells[len(table.header) :])


@dataclass(frozen=True)
class LongColumns:
    """Column indexes of a long (sample × marker) table."""

    sample: int
    marker: int
    alleles: list[int]
    sample_type: int | None


def long_columns(table: Table, asm: Assembler) -> LongColumns | None:
    """Locate the sample, marker and allele columns; an error and ``None`` if one is missing."""
    sample = table.column("samplename", "sampleid", "sample")
    marker = table.column("marker", "locus")
    alleles = table.allele_columns()
    missing = [label for label, found in (("Sample Name", sample), ("Marker", marker)) if found is None]
    missing += [] if alleles else ["Allele 1..n"]
    if sample is None or marker is None or missing:
        asm.error(table.header_line, None, None, f"missing column(s): {', '.join(missing)}")
        return None
    return LongColumns(sample, marker, alleles, table.column("sampletype"))


def read_long(table: Table, asm: Assembler, control: ControlCheck | None) -> None:
    """Add every row of a long table to ``asm``: one row = one sample × marker."""
    columns = long_columns(table, asm)
    if columns is None:
        return
    used = {columns.sample, columns.marker, *columns.alleles, columns.sample_type}
    note_ignored(table, used, asm)
    for line, cells in table.rows:
        sample_id = cell(cells, columns.sample)
        if not sample_id:
            asm.error(line, None, table.header[columns.sample], "empty sample name")
            continue
        if overflow(table, cells):
            asm.error(line, asm.sample(sample_id, line), None, "more cells than header columns")
            continue
        reason = control(sample_id, cell(cells, columns.sample_type)) if control else None
        if reason:
            asm.skip(line, sample_id, table.header[columns.sample], reason)
            continue
        values = [cell(cells, index) for index in columns.alleles]
        asm.add(asm.sample(sample_id, line), LocusRow(cell(cells, columns.marker), values, line))


def note_ignored(table: Table, used: Iterable[int | None], asm: Assembler) -> None:
    """Note the non-empty header columns the importer does not read (sizes, heights, flags)."""
    keep = {index for index in used if index is not None}
    ignored = [name for i, name in enumerate(table.header) if name and i not in keep]
    if ignored:
        asm.notes.append(f"columns not imported: {', '.join(dict.fromkeys(ignored))}")


def check_written_id(sample_id: str) -> None:
    """Refuse sample ids that would not survive a round trip or could run as a spreadsheet formula."""
    if not sample_id or sample_id != sample_id.strip():
        raise ExportRefusedError(f"sample id {sample_id!r} is empty or has surrounding spaces")
    if any(ord(char) < 32 for char in sample_id):
        raise ExportRefusedError(f"sample id {sample_id!r} contains control characters")
    if sample_id.startswith(_FORMULA):
        raise ExportRefusedError(f"sample id {sample_id!r} starts like a spreadsheet formula")


def write_table(header: Sequence[str], rows: Iterable[Sequence[str]], delimiter: str) -> str:
    """Delimited text with ``\\n`` line ends (quoted only where needed)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def open_table(data: bytes | str, asm: Assembler) -> Table | ImportResult[Profile]:
    """Decode and parse ``data`` for ``asm``; a failed result if the table cannot be read at all."""
    text, notes = decode_text(data)
    asm.notes.extend(notes)
    try:
        return read_table(text)
    except (csv.Error, ValueError) as exc:
        return failed(asm.format_name, RowError(None, None, None, f"unreadable table: {exc}"), notes)


def locus_rows(profile: Profile) -> list[tuple[str, tuple[str, ...]]]:
    """(marker, values) rows of a profile: AMEL (if any), autosomal loci, then lineage markers."""
    rows: list[tuple[str, tuple[str, ...]]] = [(AMEL, profile.amel)] if profile.amel else []
    rows += [(name, call.alleles) for name, call in profile.loci.items()]
    rows += list(profile.lineage_markers.items())
    return rows


def checked(profiles: Iterable[Profile], supported: frozenset[Feature], allow_lossy: bool) -> list[Profile]:
    """The profiles, after refusing unwritable ids and (unless allowed) lossy content."""
    items = list(profiles)
    for profile in items:
        check_written_id(profile.profile_ref)
        check_exportable(profile, supported, allow_lossy=allow_lossy)
    return items


def write_long(profiles: Sequence[Profile], labels: tuple[str, str, str], delimiter: str) -> str:
    """Long table: sample, marker, ``<allele label>1..K`` with K = max(2, most values at a marker)."""
    rows = [(p.profile_ref, name, values) for p in profiles for name, values in locus_rows(p)]
    width = max([2, *(len(values) for _, _, values in rows)])
    header = [labels[0], labels[1], *(f"{labels[2]}{i}" for i in range(1, width + 1))]
    body = ([ref, name, *values, *([""] * (width - len(values)))] for ref, name, values in rows)
    return write_table(header, body, delimiter)
