"""Per-locus genotype registry: the distinct genotype codes present, their counts and Prüm export view.

Every distinct genotype code of a locus gets a dense id (``gid``; 0 = not typed). Per-query lookup tables
are built over gids (a few hundred per locus), not over the 65,536 possible codes; the counts give the
exact selectivity of a query genotype before any column is read. Each gid also keeps the genotype as
Prüm would export it (dna.md §3.4: ``OL``, ``1``, ``99`` → ``*``, homozygote ``a`` → ``a,a``), computed once
by the compute module's own exporter.
"""

from __future__ import annotations

import numpy as np

from jointdesk.dna.compute.alleles import WILDCARD
from jointdesk.dna.compute.prum import PRUM_EXPORT_LOCI, prum_export_values
from jointdesk.dna.index.encoding import (
    I64,
    NOT_TYPED,
    STAR_CODE,
    U16,
    LocusAlleles,
    code_alleles,
    pair_code,
)

#: Possible genotype codes (``uint16``).
CODES = 1 << 16


def prum_code(code: int, alleles: LocusAlleles) -> int:
    """Genotype code of the Prüm export of a genotype code (``NOT_TYPED`` if not exported)."""
    if code == NOT_TYPED or alleles.locus not in PRUM_EXPORT_LOCI:
        return NOT_TYPED
    first, second = prum_export_values(code_alleles(code, alleles))
    codes = [STAR_CODE if token == WILDCARD else alleles.code(token) for token in (first, second)]
    return pair_code(codes[0], codes[1])


class GenotypeTable:
    """Distinct genotype codes of one locus with dense ids, live counts and Prüm export codes."""

    __slots__ = ("_codes", "_counts", "_n", "_prum", "alleles", "gid_of")

    def __init__(self, alleles: LocusAlleles, gid_of: U16 | None = None) -> None:
        self.alleles = alleles
        #: Gid per genotype code; may be a row of :class:`GidGrid` (which re-points it when it grows).
        self.gid_of: U16 = np.zeros(CODES, dtype=np.uint16) if gid_of is None else gid_of
        self._codes: U16 = np.full(16, NOT_TYPED, dtype=np.uint16)
        self._prum: U16 = np.full(16, NOT_TYPED, dtype=np.uint16)
        self._counts: I64 = np.zeros(16, dtype=np.int64)
        self._n = 1

    def __len__(self) -> int:
        return self._n

    @property
    def codes(self) -> U16:
        """Genotype code per gid (gid 0 = not typed)."""
        return self._codes[: self._n]

    @property
    def prum(self) -> U16:
        """Prüm export genotype code per gid."""
        return self._prum[: self._n]

    @property
    def counts(self) -> I64:
        """Live rows per gid."""
        return self._counts[: self._n]

    def register(self, codes: U16) -> None:
        """Give new genotype codes a gid."""
        present = np.flatnonzero(np.bincount(codes, minlength=1 << 16))
        fresh = present[(self.gid_of[present] == 0) & (present != NOT_TYPED)]
        if fresh.size:
            self._grow(self._n + fresh.size)
            for code in fresh.tolist():
                self._add(int(code))

    def register_one(self, code: int) -> int:
        """The gid of one genotype code, registering it if new."""
        if code == NOT_TYPED:
            return 0
        gid = int(self.gid_of[code])
        if gid == 0:
            self._grow(self._n + 1)
            gid = self._add(code)
        return gid

    def count_one(self, gid: int, sign: int = 1) -> None:
        """Add (or remove) one row holding genotype id ``gid``."""
        self._counts[gid] += sign

    def count(self, codes: U16, sign: int = 1) -> None:
        """Add (or with ``sign=-1`` remove) rows holding these codes to the live counts."""
        tally = np.bincount(self.gid_of[codes], minlength=self._n)
        self._counts[: self._n] += sign * tally

    def nbytes(self) -> int:
        """Bytes held by the registry arrays."""
        return self.gid_of.nbytes + self._codes.nbytes + self._prum.nbytes + self._counts.nbytes

    def _add(self, code: int) -> int:
        gid = self._n
        self.gid_of[code] = gid
        self._codes[gid] = code
        self._prum[gid] = prum_code(code, self.alleles)
        self._n += 1
        return gid

    def _grow(self, size: int) -> None:
        if size <= self._codes.size:
            return
        capacity = max(size, 2 * self._codes.size)
        self._codes = _resized(self._codes, capacity, NOT_TYPED)
        self._prum = _resized(self._prum, capacity, NOT_TYPED)
        counts = np.zeros(capacity, dtype=np.int64)
        counts[: self._counts.size] = self._counts
        self._counts = counts


class GidGrid:
    """The ``gid_of`` tables of every locus as one ``(loci, 65536)`` array, in the row store's locus order,
    so compiled kernels can map any column's codes to gids."""

    __slots__ = ("grid", "tables")

    def __init__(self) -> None:
        self.grid: U16 = np.zeros((0, CODES), dtype=np.uint16)
        self.tables: list[GenotypeTable] = []

    def new_table(self, alleles: LocusAlleles) -> GenotypeTable:
        """A registry for the next locus, its ``gid_of`` a row of the grid."""
        grid = np.zeros((len(self.tables) + 1, CODES), dtype=np.uint16)
        grid[: len(self.tables)] = self.grid
        self.grid = grid
        for position, table in enumerate(self.tables):
            table.gid_of = grid[position]
        table = GenotypeTable(alleles, grid[len(self.tables)])
        self.tables.append(table)
        return table


def _resized(values: U16, capacity: int, fill: int) -> U16:
    grown = np.full(capacity, fill, dtype=np.uint16)
    grown[: values.size] = values
    return grown
