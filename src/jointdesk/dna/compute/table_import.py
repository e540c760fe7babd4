"""Import of other frequency tables (dna.md §4.1): a CSV of ``locus,allele,frequency`` or
``locus,allele,count`` rows. Every bad row is reported with its line and reason; nothing is
silently dropped, and a table whose loci do not sum to ~1 is refused."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass

from jointdesk.dna.compute.alleles import parse_allele
from jointdesk.dna.compute.errors import DnaError
from jointdesk.dna.compute.frequencies import FrequencyTable
from jointdesk.dna.compute.loci import canonical_locus

SUM_TOLERANCE = 0.02


@dataclass(frozen=True)
class TableRowError:
    line: int
    field: str
    reason: str


class TableImportError(DnaError):
    def __init__(self, errors: list[TableRowError]) -> None:
        super().__init__("; ".join(f"line {e.line} ({e.field}): {e.reason}" for e in errors[:20]))
        self.errors = errors


def read_table_csv(
    text: str, *, name: str, population: str = "custom", n_individuals: int | None = None
) -> FrequencyTable:
    """Build a table from CSV text; raises :class:`TableImportError` listing every bad row."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    fields = {f.strip().lower() for f in reader.fieldnames or []}
    value_field = "frequency" if "frequency" in fields else "count" if "count" in fields else None
    if not {"locus", "allele"} <= fields or value_field is None:
        raise TableImportError(
            [TableRowError(1, "header", "columns must be locus,allele,frequency (or count)")]
        )
    values: dict[str, dict[str, float]] = defaultdict(dict)
    errors: list[TableRowError] = []
    for line, row in enumerate(reader, start=2):
        clean = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        problem = _add_row(values, clean, value_field)
        if problem:
            errors.append(TableRowError(line, problem[0], problem[1]))
    errors += _normalise(values, counts=value_field == "count")
    if errors:
        raise TableImportError(errors)
    return FrequencyTable.from_frequencies(
        values, name=name, population=population, n_individuals=n_individuals
    )


def _add_row(
    values: dict[str, dict[str, float]], row: dict[str, str], value_field: str
) -> tuple[str, str] | None:
    try:
        locus = canonical_locus(row["locus"])
    except DnaError as exc:
        return ("locus", str(exc))
    try:
        allele = parse_allele(row["allele"], allow_bins=True)
    except DnaError as exc:
        return ("allele", str(exc))
    try:
        value = float(row[value_field])
    except ValueError:
        return (value_field, f"{row[value_field]!r} is not a number")
    if value < 0 or (value_field == "frequency" and value > 1):
        return (value_field, f"{value} is out of range")
    if allele in values[locus]:
        return ("allele", f"{locus} allele {allele} listed twice")
    values[locus][allele] = value
    return None


def _normalise(values: dict[str, dict[str, float]], *, counts: bool) -> list[TableRowError]:
    errors = []
    for locus, freqs in values.items():
        total = sum(freqs.values())
        if counts and total > 0:
            values[locus] = {a: c / total for a, c in freqs.items()}
        elif abs(total - 1.0) > SUM_TOLERANCE:
            errors.append(TableRowError(0, "frequency", f"{locus} frequencies sum to {total:.4f}, not 1"))
    return errors
