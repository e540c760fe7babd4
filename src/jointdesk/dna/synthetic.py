"""Synthetic STR profiles drawn from a frequency table, reproducible from a seed (dna.md §6.3).

Hardy–Weinberg draws per locus (default NIST 1036 ``All``, CODIS 20), with planted duplicates, near
matches (one allele off at one locus), partial profiles (8 to L−1 typed loci), parents/children and full
siblings of other rows, rare ``OL`` and ``*`` calls, and a few two-person mixtures. Rows come as a
:class:`~jointdesk.dna.index.GenotypeBlock` (bulk index import) and as
:class:`~jointdesk.dna.compute.Profile` objects on demand. Used by the benchmark, the training sandbox
and the tests; never real data.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import numpy.typing as npt

from jointdesk.dna.compute.alleles import OFF_LADDER, WILDCARD, sort_alleles
from jointdesk.dna.compute.frequencies import load_frequency_table
from jointdesk.dna.compute.loci import CODIS_20
from jointdesk.dna.compute.profile import LocusCall, Profile
from jointdesk.dna.index.block import GenotypeBlock

Matrix = npt.NDArray[np.int16]
CATEGORIES = ("offender", "arrestee", "forensic_unknown", "forensic_mixture")


class Kind(IntEnum):
    """How a synthetic row was made; ``sources`` names the row it derives from."""

    RANDOM = 0
    DUPLICATE = 1
    NEAR = 2
    PARTIAL = 3
    PARENT_CHILD = 4
    SIBLING = 5


@dataclass(frozen=True)
class SyntheticConfig:
    """Size, seed and planted-row rates (fractions of ``size``; ``off_ladder``/``wildcards`` per call)."""

    size: int = 10_000
    seed: int = 20_260_611
    loci: tuple[str, ...] = CODIS_20.loci
    table: str = "nist1036"
    population: str | None = None
    duplicates: float = 0.01
    near_matches: float = 0.01
    partials: float = 0.05
    relatives: float = 0.01
    off_ladder: float = 0.0005
    wildcards: float = 0.0002
    mixtures: int = 0
    min_partial_loci: int = 8
    ref_prefix: str = "S"


@dataclass(frozen=True)
class SyntheticProfiles:
    """Synthetic single-source rows (as a block), their provenance, and mixture profiles."""

    config: SyntheticConfig
    block: GenotypeBlock
    kinds: npt.NDArray[np.uint8]
    sources: npt.NDArray[np.int32]
    mixtures: tuple[Profile, ...]

    def __len__(self) -> int:
        return len(self.block)

    def ref(self, row: int) -> str:
        """The reference of a row."""
        return bytes(self.block.refs[row]).decode()

    def category(self, row: int) -> str:
        """The category of a row."""
        return self.block.category_names[int(self.block.category_index[row])]

    def profile(self, row: int) -> Profile:
        """A row as a :class:`Profile` (not-typed loci omitted)."""
        block = self.block
        loci = {}
        for j, locus in enumerate(block.loci):
            first, second = int(block.first[row, j]), int(block.second[row, j])
            if first >= 0:
                loci[locus] = LocusCall(locus, (block.labels[j][first], block.labels[j][second]))
        return Profile(self.ref(row), loci, specimen_category=self.category(row))

    def profiles(self) -> list[Profile]:
        """Every single-source row as a :class:`Profile`."""
        return [self.profile(row) for row in range(len(self))]


def _labels_and_freqs(config: SyntheticConfig) -> tuple[list[tuple[str, ...]], list[npt.NDArray[np.float64]]]:
    table = load_frequency_table(config.table, config.population)
    labels, freqs = [], []
    for locus in config.loci:
        listed = table.locus_frequencies(locus)
        alleles = sort_alleles(list(listed))
        weights = np.array([listed[a] for a in alleles], dtype=np.float64)
        labels.append((*alleles, OFF_LADDER, WILDCARD))
        freqs.append(weights / weights.sum())
    return labels, freqs


def _draw(rng: np.random.Generator, freqs: list[npt.NDArray[np.float64]], size: int) -> tuple[Matrix, Matrix]:
    first = np.empty((size, len(freqs)), dtype=np.int16)
    second = np.empty_like(first)
    for j, weights in enumerate(freqs):
        draws = rng.choice(weights.size, size=(size, 2), p=weights).astype(np.int16)
        first[:, j], second[:, j] = draws[:, 0], draws[:, 1]
    return first, second


def _assign(
    rng: np.random.Generator, config: SyntheticConfig
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int32]]:
    size = config.size
    counts = [
        (Kind.DUPLICATE, config.duplicates),
        (Kind.NEAR, config.near_matches),
        (Kind.PARTIAL, config.partials),
        (Kind.PARENT_CHILD, config.relatives / 2),
        (Kind.SIBLING, config.relatives / 2),
    ]
    kinds = np.zeros(size, dtype=np.uint8)
    order, start = rng.permutation(size), 0
    for kind, rate in counts:
        take = round(size * rate)
        kinds[order[start : start + take]] = kind
        start += take
    randoms = np.flatnonzero(kinds == Kind.RANDOM)
    sources = np.full(size, -1, dtype=np.int32)
    derived = kinds != Kind.RANDOM
    if randoms.size and derived.any():
        sources[derived] = rng.choice(randoms, size=int(derived.sum()))
    return kinds, sources


def _plant(
    rng: np.random.Generator,
    first: Matrix,
    second: Matrix,
    kinds: npt.NDArray[np.uint8],
    sources: npt.NDArray[np.int32],
    freqs: list[npt.NDArray[np.float64]],
) -> None:
    copied = np.isin(kinds, [Kind.DUPLICATE, Kind.NEAR, Kind.PARTIAL])
    first[copied], second[copied] = first[sources[copied]], second[sources[copied]]
    _near(rng, first, np.flatnonzero(kinds == Kind.NEAR), freqs)
    for kind in (Kind.PARENT_CHILD, Kind.SIBLING):
        rows = np.flatnonzero(kinds == kind)
        shared = np.ones((rows.size, first.shape[1]), dtype=np.int8)
        if kind is Kind.SIBLING:
            shared = rng.choice(3, size=shared.shape, p=[0.25, 0.5, 0.25]).astype(np.int8)
        pick = rng.integers(0, 2, size=shared.shape)
        inherited = np.where(pick == 0, first[sources[rows]], second[sources[rows]])
        first[rows] = np.where(shared >= 1, inherited, first[rows])
        both = shared == 2
        first[rows] = np.where(both, first[sources[rows]], first[rows])
        second[rows] = np.where(both, second[sources[rows]], second[rows])


def _near(
    rng: np.random.Generator, first: Matrix, rows: npt.NDArray[np.int64], freqs: list[npt.NDArray[np.float64]]
) -> None:
    """Change one allele at one locus of each row to another designated allele."""
    loci = rng.integers(0, len(freqs), size=rows.size)
    for row, j in zip(rows.tolist(), loci.tolist(), strict=True):
        count = freqs[j].size
        first[row, j] = (int(first[row, j]) + 1 + int(rng.integers(0, count - 1))) % count


def _tokens(
    rng: np.random.Generator, second: Matrix, labels: list[tuple[str, ...]], config: SyntheticConfig
) -> None:
    """Replace the second allele by ``OL`` or ``*`` at the configured per-call rates."""
    for j, names in enumerate(labels):
        draw = rng.random(second.shape[0])
        second[draw < config.off_ladder, j] = len(names) - 2
        second[draw > 1.0 - config.wildcards, j] = len(names) - 1


def _partials(
    rng: np.random.Generator,
    first: Matrix,
    second: Matrix,
    rows: npt.NDArray[np.int64],
    config: SyntheticConfig,
) -> None:
    width = first.shape[1]
    keep = rng.integers(
        min(config.min_partial_loci, width), max(width, config.min_partial_loci + 1), size=rows.size
    )
    ranks = rng.random((rows.size, width)).argsort(axis=1).argsort(axis=1)
    dropped = ranks >= keep[:, None]
    first[rows] = np.where(dropped, -1, first[rows])
    second[rows] = np.where(dropped, -1, second[rows])


def _mixtures(rng: np.random.Generator, data: SyntheticProfiles, count: int) -> tuple[Profile, ...]:
    randoms = np.flatnonzero(data.kinds == Kind.RANDOM)
    made = []
    for i in range(count):
        a, b = (data.profile(int(row)) for row in rng.choice(randoms, size=2, replace=False))
        loci = {
            locus: LocusCall(locus, sort_alleles(set(a.loci[locus].alleles) | set(b.loci[locus].alleles)))
            for locus in a.loci
            if locus in b.loci
        }
        made.append(Profile(f"M{i:06d}", loci, mixture=True, specimen_category="forensic_mixture"))
    return tuple(made)


def stain(
    data: SyntheticProfiles, row: int, *, seed: int, loci: int | None = None, dropout: float = 0.0
) -> Profile:
    """A crime-scene-like copy of a row: ``loci`` of its typed loci (default all), each heterozygote
    losing one allele with probability ``dropout`` (so it matches its source at moderate stringency)."""
    rng = np.random.default_rng(seed)
    source = data.profile(row)
    names = sorted(source.loci)
    chosen = names if loci is None else sorted(rng.choice(names, size=min(loci, len(names)), replace=False))
    calls = {}
    for locus in chosen:
        alleles = source.loci[locus].alleles
        if len(set(alleles)) == 2 and rng.random() < dropout:
            alleles = (alleles[int(rng.integers(0, 2))],)
        calls[locus] = LocusCall(locus, alleles)
    return Profile(f"Q{row:07d}", calls, specimen_category="forensic_unknown")


def mixture_of(data: SyntheticProfiles, rows: tuple[int, ...], *, seed: int, required: int = 0) -> Profile:
    """A mixture of rows (union of alleles per common locus), ``required`` loci carrying one obligate
    allele taken from the first contributor."""
    rng = np.random.default_rng(seed)
    people = [data.profile(row) for row in rows]
    common = sorted(set.intersection(*(set(p.loci) for p in people)))
    marked = (
        set(rng.choice(common, size=min(required, len(common)), replace=False).tolist()) if common else set()
    )
    calls = {}
    for locus in common:
        alleles = sort_alleles({a for p in people for a in p.loci[locus].alleles})
        own = people[0].loci[locus].alleles
        obligate = frozenset({own[int(rng.integers(0, len(own)))]}) if locus in marked else frozenset()
        calls[locus] = LocusCall(locus, alleles, required=obligate)
    return Profile(
        "MIX" + "-".join(map(str, rows)), calls, mixture=True, specimen_category="forensic_mixture"
    )


def generate(config: SyntheticConfig | None = None) -> SyntheticProfiles:
    """Synthetic profiles for ``config`` (same config, same profiles)."""
    config = config or SyntheticConfig()
    rng = np.random.default_rng(config.seed)
    labels, freqs = _labels_and_freqs(config)
    first, second = _draw(rng, freqs, config.size)
    kinds, sources = _assign(rng, config)
    _tokens(rng, second, labels, config)
    _plant(rng, first, second, kinds, sources, freqs)
    _partials(rng, first, second, np.flatnonzero(kinds == Kind.PARTIAL), config)
    low, high = np.minimum(first, second), np.maximum(first, second)
    category = np.where(rng.random(config.size) < 0.8, 0, 1).astype(np.uint8)
    category[kinds == Kind.PARTIAL] = 2
    numbers = np.char.zfill(np.arange(config.size).astype("U"), 7)
    refs = np.char.add(config.ref_prefix, numbers).astype(np.bytes_)
    block = GenotypeBlock(refs, CATEGORIES, category, config.loci, tuple(labels), low, high)
    data = SyntheticProfiles(config, block, kinds, sources, ())
    return SyntheticProfiles(config, block, kinds, sources, _mixtures(rng, data, config.mixtures))
