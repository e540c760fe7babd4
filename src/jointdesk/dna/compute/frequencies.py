"""Allele frequency tables, the 5/(2N) floor and unseen-allele policies (dna.md §4.1, §9).

Shipped tables (``data/*.csv``) hold allele counts per population; frequency = count / alleles typed at
the locus. Loci map through §1.2, alleles stay strings, every population-locus sums to 1 ± 1e-5.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib.resources import files
from types import MappingProxyType

from jointdesk.dna.compute.alleles import OFF_LADDER, WILDCARD, parse_allele
from jointdesk.dna.compute.errors import FrequencyError
from jointdesk.dna.compute.loci import canonical_autosomal_locus

SUM_TOLERANCE = 1e-5
#: Key of the extra allele added by the ``pooled_other`` and ``complement`` policies (§4.1).
OTHER_ALLELE = "_other"


class UnseenPolicy(StrEnum):
    """How alleles outside the listed ones are handled (§4.1; config, pin in tests)."""

    POOLED_OTHER = "pooled_other"
    COMPLEMENT = "complement"
    MIN_F = "minF"


def min_allele_frequency(n_individuals: int) -> float:
    """The NRC II floor 5/(2N) for a database of N individuals (§4.1; N = 302 → 0.00828)."""
    if n_individuals <= 0:
        raise FrequencyError(f"database size must be positive, got {n_individuals}")
    return 5.0 / (2.0 * n_individuals)


@dataclass(frozen=True)
class FrequencyTable:
    """Allele frequencies of one population (§9). ``sha256`` identifies the shipped file."""

    name: str
    population: str
    loci: Mapping[str, Mapping[str, float]]
    n_alleles: Mapping[str, int] = field(default_factory=dict)
    n_individuals: int | None = None
    sha256: str | None = None

    def __post_init__(self) -> None:
        frozen = {locus: MappingProxyType(dict(freqs)) for locus, freqs in self.loci.items()}
        object.__setattr__(self, "loci", MappingProxyType(frozen))
        object.__setattr__(self, "n_alleles", MappingProxyType(dict(self.n_alleles)))

    @classmethod
    def from_frequencies(
        cls,
        loci: Mapping[str, Mapping[str, float]],
        *,
        name: str = "custom",
        population: str = "custom",
        n_individuals: int | None = None,
    ) -> FrequencyTable:
        """An ad hoc table (tests, lab tables); locus names and alleles are normalised."""
        normalised = {
            canonical_autosomal_locus(locus): {
                parse_allele(a, allow_bins=True): float(p) for a, p in freqs.items()
            }
            for locus, freqs in loci.items()
        }
        return cls(name=name, population=population, loci=normalised, n_individuals=n_individuals)

    @property
    def floor(self) -> float | None:
        """5/(2N) if N is known, else ``None`` (§4.1)."""
        return None if self.n_individuals is None else min_allele_frequency(self.n_individuals)

    def locus_frequencies(self, locus: str) -> Mapping[str, float]:
        """Listed frequencies at a canonical locus; raises :class:`FrequencyError` naming it."""
        if locus not in self.loci:
            raise FrequencyError(f"table {self.name}/{self.population} has no locus {locus!r}")
        return self.loci[locus]

    def minimum_frequency(self, locus: str) -> float:
        """minF (§4.1): 5/(2N) if N is known, else the smallest listed frequency at the locus."""
        floor = self.floor
        return floor if floor is not None else min(self.locus_frequencies(locus).values())

    def frequency(self, locus: str, allele: str, *, apply_floor: bool = True) -> float:
        """Frequency of an allele: listed value (raised to the floor if ``apply_floor``); unseen → minF."""
        if allele == WILDCARD:
            raise FrequencyError(f"{locus}: a wildcard has no frequency (§2.1)")
        listed = self.locus_frequencies(locus).get(allele)
        if listed is None or allele == OFF_LADDER:
            return self.minimum_frequency(locus)
        floor = self.floor
        return max(listed, floor) if apply_floor and floor is not None else listed

    def locus_sum(self, locus: str) -> float:
        """Sum of the listed frequencies at a locus (shipped tables: 1 ± 1e-5)."""
        return math.fsum(self.locus_frequencies(locus).values())


def allele_space(
    listed: Mapping[str, float],
    alleles: Iterable[str],
    policy: UnseenPolicy,
    rare_frequency: float,
) -> dict[str, float]:
    """Frequencies of the alleles in play plus, per policy, one extra allele (§4.1; no renormalisation).

    ``pooled_other``: extra = sum of the remaining listed frequencies. ``complement``: extra = 1 - sum of
    the space. ``minF``: no extra allele. Alleles not listed get ``rare_frequency`` under every policy.
    """
    space = {allele: listed.get(allele, rare_frequency) for allele in alleles}
    if policy is UnseenPolicy.POOLED_OTHER:
        space[OTHER_ALLELE] = math.fsum(p for a, p in listed.items() if a not in space)
    elif policy is UnseenPolicy.COMPLEMENT:
        space[OTHER_ALLELE] = max(0.0, 1.0 - math.fsum(space.values()))
    return space


# --- shipped tables -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableInfo:
    """Provenance of a shipped table (``data/tables.json``)."""

    name: str
    title: str
    citation: str
    licence: str
    default_population: str
    populations: tuple[str, ...]
    sha256: str


@dataclass(frozen=True)
class _RawTable:
    info: TableInfo
    rows: tuple[tuple[str, str, tuple[int | None, ...]], ...]


def _data_text(filename: str) -> bytes:
    return files("jointdesk.dna").joinpath("data", filename).read_bytes()


@cache
def _manifest() -> dict[str, dict[str, str]]:
    manifest: dict[str, dict[str, str]] = json.loads(_data_text("tables.json"))
    return manifest


def _count(cell: str) -> int | None:
    return int(cell) if cell.strip() else None


@cache
def _raw_table(name: str) -> _RawTable:
    meta = _manifest().get(name)
    if meta is None:
        raise FrequencyError(
            f"unknown frequency table {name!r}; shipped: {', '.join(frequency_table_names())}"
        )
    payload = _data_text(meta["file"])
    reader = csv.reader(io.StringIO(payload.decode("utf-8")))
    header = next(reader)
    rows = tuple((row[0], row[1], tuple(_count(cell) for cell in row[2:])) for row in reader if row)
    info = TableInfo(
        name=name,
        title=meta["title"],
        citation=meta["citation"],
        licence=meta["licence"],
        default_population=meta["default_population"],
        populations=tuple(header[2:]),
        sha256=hashlib.sha256(payload).hexdigest(),
    )
    return _RawTable(info=info, rows=rows)


def frequency_table_names() -> tuple[str, ...]:
    """Names of the shipped tables (``nist1036``, ``fbi2015``, ``ukdna17``)."""
    return tuple(_manifest())


def table_info(name: str) -> TableInfo:
    """Provenance and populations of a shipped table."""
    return _raw_table(name).info


def _population_counts(raw: _RawTable, population: str) -> dict[str, dict[str, int]]:
    column = raw.info.populations.index(population)
    counts: dict[str, dict[str, int]] = {}
    for raw_locus, raw_allele, cells in raw.rows:
        count = cells[column]
        if count:
            locus = canonical_autosomal_locus(raw_locus)
            counts.setdefault(locus, {})[parse_allele(raw_allele, allow_bins=True)] = count
    return counts


@cache
def load_frequency_table(name: str = "nist1036", population: str | None = None) -> FrequencyTable:
    """Load a shipped table for one population (default: the table's default, NIST ``All``; §9)."""
    raw = _raw_table(name)
    chosen = population or raw.info.default_population
    if chosen not in raw.info.populations:
        known = ", ".join(raw.info.populations)
        raise FrequencyError(f"table {name} has no population {chosen!r}; known: {known}")
    counts = _population_counts(raw, chosen)
    n_alleles = {locus: sum(by_allele.values()) for locus, by_allele in counts.items()}
    loci = {
        locus: {a: c / n_alleles[locus] for a, c in by_allele.items()} for locus, by_allele in counts.items()
    }
    table = FrequencyTable(
        name=name,
        population=chosen,
        loci=loci,
        n_alleles=n_alleles,
        n_individuals=max(n_alleles.values()) // 2,
        sha256=raw.info.sha256,
    )
    for locus in table.loci:
        if abs(table.locus_sum(locus) - 1.0) > SUM_TOLERANCE:
            raise FrequencyError(f"{name}/{chosen}/{locus}: frequencies sum to {table.locus_sum(locus)}")
    return table
