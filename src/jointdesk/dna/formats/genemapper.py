"""GeneMapper ID-X text exports, both shapes (dna.md §7.1).

* **Long**: tab-separated, one row per sample × marker: ``Sample File``, ``Sample Name``, (``Panel``),
  ``Marker``, ``Dye``, ``Allele 1..n``, ``Size 1..n``, ``Height 1..n``, flags, ``UD1..``; R-mangled
  headers (``Allele.1``) are accepted. A marker row with no allele is a not-typed locus.
* **Wide**: one row per sample, one column per locus holding a padded list (``11, 12, , , ``), optionally
  followed by a ``Height`` column. An empty cell is a not-typed locus.

Ladders and controls are skipped (``Sample Type`` column, else a sample-name pattern), each skipped row
listed in :attr:`ImportResult.skipped`. Sizes, heights and quality flags are not imported (a note names
the columns); heights therefore never set thresholds here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from jointdesk.dna.compute import Profile
from jointdesk.dna.formats._assemble import Assembler, LocusRow
from jointdesk.dna.formats._table import (
    ControlCheck,
    Table,
    cell,
    checked,
    locus_rows,
    note_ignored,
    open_table,
    overflow,
    read_long,
    write_long,
    write_table,
)
from jointdesk.dna.formats.common import Feature, ImportResult, RefFactory

FORMAT = "genemapper"

#: Sample names of allelic ladders, positive/negative controls and blanks (case-insensitive).
CONTROL_PATTERN = re.compile(
    r"ladder"
    r"|(?<![a-z])(?:pos|neg)(?:itive|ative)?[\s_.-]*(?:control|kontroll|ctrl|ctr|ktr|k)(?![a-z])"
    r"|(?<![a-z])(?:reagent|extraction)[\s_.-]*blank"
    r"|^(?:pc|nc|ntc|rb|blank)(?:$|[\s_.-])",
    re.IGNORECASE,
)
_NOT_LOCUS = frozenset({"samplefile", "samplename", "sampleid", "sampletype", "panel", "runname", "comments"})
_MEASURE = re.compile(r"(?:height|size|peakarea|datapoint)\d*$")
_SUPPORTED = frozenset({Feature.NOT_TYPED})


def _control_check(pattern: re.Pattern[str] | None) -> ControlCheck:
    def check(sample_id: str, sample_type: str) -> str | None:
        kind = sample_type.lower()
        if "ladder" in kind or "control" in kind:
            return f"skipped: Sample Type {sample_type!r}"
        if pattern is not None and pattern.search(sample_id):
            return "skipped: sample name looks like a ladder or control"
        return None

    return check


def _wide_loci(table: Table) -> list[int]:
    return [
        index
        for index, key in enumerate(table.keys)
        if key and key not in _NOT_LOCUS and not _MEASURE.search(key)
    ]


def _read_wide_row(table: Table, asm: Assembler, line: int, cells: Sequence[str], loci: list[int]) -> None:
    sample_col = table.column("samplename", "sampleid")
    sample_id = cell(cells, sample_col)
    name = table.header[sample_col] if sample_col is not None else "Sample Name"
    if not sample_id:
        asm.error(line, None, name, "empty sample name")
    elif sample_id in asm.samples:
        asm.error(line, asm.samples[sample_id], name, "sample given on more than one row")
    elif overflow(table, cells):
        asm.error(line, asm.sample(sample_id, line), None, "more cells than header columns")
    else:
        sample = asm.sample(sample_id, line)
        for index in loci:
            asm.add(sample, LocusRow(table.header[index], [cell(cells, index)], line))


def _read_wide(table: Table, asm: Assembler, control: ControlCheck) -> None:
    loci = _wide_loci(table)
    type_col = table.column("sampletype")
    note_ignored(table, [*loci, table.column("samplename", "sampleid"), type_col], asm)
    for line, cells in table.rows:
        reason = control(cell(cells, table.column("samplename", "sampleid")), cell(cells, type_col))
        if reason:
            asm.skip(line, cell(cells, table.column("samplename", "sampleid")) or None, None, reason)
        else:
            _read_wide_row(table, asm, line, cells, loci)


def import_genemapper(
    data: bytes | str,
    *,
    ref_factory: RefFactory | None = None,
    keep_partial: bool = False,
    mixture: bool = False,
    specimen_category: str | None = None,
    control_pattern: re.Pattern[str] | None = CONTROL_PATTERN,
) -> ImportResult[Profile]:
    """Import a GeneMapper ID-X export of either shape (detected from a ``Marker`` column).

    ``mixture`` and ``specimen_category`` apply to every sample (the format carries neither);
    ``control_pattern=None`` keeps samples whatever their name (``Sample Type`` still applies).
    """
    asm = Assembler(
        FORMAT,
        ref_factory=ref_factory,
        keep_partial=keep_partial,
        mixture=mixture,
        category=specimen_category,
    )
    table = open_table(data, asm)
    if isinstance(table, ImportResult):
        return table
    control = _control_check(control_pattern)
    if table.column("marker", "locus") is not None:
        read_long(table, asm, control)
    elif table.column("samplename", "sampleid") is not None:
        _read_wide(table, asm, control)
    else:
        asm.error(table.header_line, None, None, "missing column: Sample Name")
    return asm.result()


def export_genemapper_long(profiles: Iterable[Profile], *, allow_lossy: bool = False) -> str:
    """Long shape (tab-separated): ``Sample Name``, ``Marker``, ``Allele 1..n``; canonical locus names.

    Refuses inconclusive loci, obligate alleles and drop-out flags unless ``allow_lossy``.
    """
    items = checked(profiles, _SUPPORTED, allow_lossy)
    return write_long(items, ("Sample Name", "Marker", "Allele "), "\t")


def export_genemapper_wide(profiles: Iterable[Profile], *, allow_lossy: bool = False) -> str:
    """Wide shape (tab-separated): ``Sample Name`` and one ``"11, 12"`` column per locus.

    Columns are the union over all profiles: a locus absent from one profile is written empty and comes
    back as not typed (the shape cannot tell "absent" from "not typed"; both mean "not compared").
    """
    items = checked(profiles, _SUPPORTED, allow_lossy)
    per_profile = [dict(locus_rows(p)) for p in items]
    columns = list(dict.fromkeys(name for rows in per_profile for name in rows))
    body = (
        [p.profile_ref, *(", ".join(rows.get(c, ())) for c in columns)]
        for p, rows in zip(items, per_profile, strict=True)
    )
    return write_table(["Sample Name", *columns], body, "\t")
