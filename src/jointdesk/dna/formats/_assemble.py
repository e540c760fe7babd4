"""Assemble per-sample locus rows into profiles, collecting per-row errors (dna.md §1.2, §2.1).

Names go through :func:`canonical_locus` (aliases; unknown → error naming the locus), alleles through
:func:`parse_allele` (via :func:`make_call`); Amelogenin and lineage markers are kept apart. By default a
sample with any error is withheld entirely (one extra error says so); ``keep_partial`` keeps its good rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from jointdesk.dna.compute import (
    AMEL,
    DnaError,
    LocusCall,
    Profile,
    canonical_locus,
    is_lineage_marker,
    make_call,
)
from jointdesk.dna.compute.alleles import split_allele_cell
from jointdesk.dna.formats.common import (
    ImportResult,
    LocusProvenance,
    RefFactory,
    RowError,
    SampleMeta,
    identity_ref,
)


def split_cells(values: Sequence[str]) -> list[str]:
    """Non-empty, stripped values of the given cells (a cell may hold ``"11, 12"``), as :func:`make_call`."""
    return split_allele_cell(",".join(values))


def _is_amel(name: str) -> bool:
    try:
        return canonical_locus(name) == AMEL
    except DnaError:
        return False


@dataclass
class SampleRows:
    """Rows gathered for one sample so far."""

    sample_id: str
    line: int | None
    loci: dict[str, LocusCall] = field(default_factory=dict)
    amel: tuple[str, ...] | None = None
    lineage: dict[str, tuple[str, ...]] = field(default_factory=dict)
    provenance: dict[str, LocusProvenance] = field(default_factory=dict)
    errors: int = 0
    mixture: bool = False
    category: str | None = None
    meta: SampleMeta | None = None


@dataclass(frozen=True)
class LocusRow:
    """One raw locus row of one sample: name, value cells, obligate alleles and provenance."""

    raw_name: str
    values: Sequence[str]
    line: int | None
    required: tuple[str, ...] = ()
    provenance: LocusProvenance | None = None


class Assembler:
    """Collects rows of many samples and builds the :class:`ImportResult`."""

    def __init__(
        self,
        format_name: str,
        *,
        ref_factory: RefFactory | None = None,
        keep_partial: bool = False,
        mixture: bool = False,
        category: str | None = None,
    ) -> None:
        self.format_name = format_name
        self.ref_factory = ref_factory or identity_ref
        self.keep_partial = keep_partial
        self.mixture = mixture
        self.category = category
        self.samples: dict[str, SampleRows] = {}
        self.errors: list[RowError] = []
        self.skipped: list[RowError] = []
        self.notes: list[str] = []
        self.header: dict[str, str] = {}

    def sample(self, sample_id: str, line: int | None) -> SampleRows:
        """The rows of ``sample_id``, created on first use."""
        if sample_id not in self.samples:
            self.samples[sample_id] = SampleRows(
                sample_id, line, mixture=self.mixture, category=self.category
            )
        return self.samples[sample_id]

    def error(
        self, line: int | None, sample: SampleRows | str | None, field_name: str | None, reason: str
    ) -> None:
        """Record an error; an error tied to a sample counts against it."""
        sample_id = sample.sample_id if isinstance(sample, SampleRows) else sample
        if isinstance(sample, SampleRows):
            sample.errors += 1
        self.errors.append(RowError(line, sample_id, field_name, reason))

    def skip(self, line: int | None, sample_id: str | None, field_name: str | None, reason: str) -> None:
        """Record a row deliberately left out (ladder, control)."""
        self.skipped.append(RowError(line, sample_id, field_name, reason))

    def add(self, sample: SampleRows, row: LocusRow) -> None:
        """Add one locus row to a sample; problems become errors naming the locus."""
        name = row.raw_name.strip()
        if not name:
            self.error(row.line, sample, "Marker", "empty locus name")
        elif row.required and (is_lineage_marker(name) or _is_amel(name)):
            self.error(row.line, sample, name, "obligate alleles are only for autosomal loci")
        elif is_lineage_marker(name):
            self._add_lineage(sample, name, row)
        else:
            self._add_locus(sample, name, row)

    def _add_lineage(self, sample: SampleRows, name: str, row: LocusRow) -> None:
        values = tuple(split_cells(row.values))
        if name in sample.lineage:
            self.error(row.line, sample, name, f"lineage marker {name!r} given twice")
        elif values:
            sample.lineage[name] = values
            self._provenance(sample, name, row)

    def _add_locus(self, sample: SampleRows, name: str, row: LocusRow) -> None:
        try:
            locus = canonical_locus(name)
            if locus == AMEL:
                self._add_amel(sample, name, row)
                return
            call = make_call(name, list(row.values), required=list(row.required))
        except DnaError as exc:
            self.error(row.line, sample, name, str(exc))
            return
        if locus in sample.loci:
            first = sample.loci[locus].raw_name
            self.error(row.line, sample, name, f"locus {locus} given twice (as {first!r} and {name!r})")
            return
        sample.loci[locus] = call
        self._provenance(sample, locus, row)

    def _add_amel(self, sample: SampleRows, name: str, row: LocusRow) -> None:
        values = tuple(value.upper() for value in split_cells(row.values))
        bad = [value for value in values if value not in {"X", "Y"}]
        if bad:
            self.error(row.line, sample, name, f"amelogenin values must be X or Y, got {', '.join(bad)}")
        elif sample.amel is not None:
            self.error(row.line, sample, name, "amelogenin given twice")
        else:
            sample.amel = values
            self._provenance(sample, AMEL, row)

    @staticmethod
    def _provenance(sample: SampleRows, key: str, row: LocusRow) -> None:
        if row.provenance is not None:
            sample.provenance[key] = row.provenance

    def _build(self, sample: SampleRows, seen: set[str]) -> tuple[Profile, SampleMeta] | None:
        if sample.errors and not self.keep_partial:
            reason = f"sample withheld: {sample.errors} error(s) above (keep_partial=False)"
            self.errors.append(RowError(sample.line, sample.sample_id, None, reason))
            return None
        ref = self.ref_factory(sample.sample_id)
        if ref in seen:
            self.error(sample.line, sample.sample_id, None, f"profile_ref {ref!r} produced twice")
            return None
        seen.add(ref)
        try:
            profile = Profile(
                profile_ref=ref,
                loci=sample.loci,
                amel=sample.amel or (),
                lineage_markers=sample.lineage,
                mixture=sample.mixture,
                specimen_category=sample.category,
            )
        except DnaError as exc:
            self.error(sample.line, sample.sample_id, None, str(exc))
            return None
        meta = sample.meta or SampleMeta(sample_id=sample.sample_id)
        return profile, replace(meta, loci=sample.provenance, line=sample.line)

    def result(self) -> ImportResult[Profile]:
        """The :class:`ImportResult` of everything added so far."""
        built: list[tuple[Profile, SampleMeta]] = []
        seen: set[str] = set()
        for sample in self.samples.values():
            item = self._build(sample, seen)
            if item is not None:
                built.append(item)
        return ImportResult(
            format=self.format_name,
            profiles=tuple(profile for profile, _ in built),
            errors=tuple(sorted(self.errors, key=lambda e: (e.line is None, e.line or 0))),
            skipped=tuple(self.skipped),
            meta={profile.profile_ref: meta for profile, meta in built},
            header=self.header,
            notes=tuple(self.notes),
        )
