"""Posting lists: ``uint32`` rows per (locus, genotype) on the most discriminating loci (dna.md §6.2.4).

For each chosen locus the rows are sorted by genotype id (gid 0 = not typed, so the "not typed" list is
there too); ``offsets[g]..offsets[g+1]`` delimit the rows of gid ``g``. Rows added after a build form a
short tail that searches read directly; the lists are rebuilt once the tail grows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from jointdesk.dna.index.encoding import I64, U16, U32

#: Number of loci with posting lists.
POSTING_LOCI = 4


def collision_rate(counts: I64) -> float:
    """Probability that two random rows share the genotype (not typed counted as one genotype)."""
    total = float(counts.sum())
    if total <= 0:
        return 1.0
    shares = counts.astype(np.float64) / total
    return float(np.dot(shares, shares))


def choose_loci(counts: Mapping[str, I64], limit: int = POSTING_LOCI) -> tuple[str, ...]:
    """The ``limit`` loci whose genotypes discriminate best (lowest collision rate)."""
    ranked = sorted(counts, key=lambda locus: (collision_rate(counts[locus]), locus))
    return tuple(ranked[:limit])


class PostingLists:
    """Rows by genotype id for a few loci, built over rows ``0..built_n-1``."""

    __slots__ = ("_offsets", "_order", "built_n", "loci")

    def __init__(self) -> None:
        self.loci: tuple[str, ...] = ()
        self.built_n = 0
        self._order: dict[str, U32] = {}
        self._offsets: dict[str, I64] = {}

    def build(self, gids: Mapping[str, U16], sizes: Mapping[str, int], loci: Sequence[str], n: int) -> None:
        """Sort the rows of each chosen locus by gid (``gids[locus]`` covers rows 0..n-1)."""
        self.loci, self.built_n = tuple(loci), n
        self._order, self._offsets = {}, {}
        for locus in self.loci:
            column = gids[locus]
            self._order[locus] = np.argsort(column, kind="stable").astype(np.uint32)
            tally = np.bincount(column, minlength=sizes[locus])
            self._offsets[locus] = np.concatenate([[0], np.cumsum(tally)]).astype(np.int64)

    def stale(self, n: int) -> bool:
        """True once the unindexed tail is long enough to warrant a rebuild."""
        return n - self.built_n > max(4096, self.built_n // 16)

    def rows(self, locus: str, gids: Sequence[int]) -> U32:
        """Indexed rows (< ``built_n``) whose genotype at ``locus`` has one of the gids."""
        order, offsets = self._order[locus], self._offsets[locus]
        limit = offsets.size - 1
        parts = [order[offsets[g] : offsets[g + 1]] for g in gids if g < limit]
        if not parts:
            return np.empty(0, dtype=np.uint32)
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def size(self, locus: str, gids: Sequence[int]) -> int:
        """Number of indexed rows for these gids."""
        offsets = self._offsets[locus]
        limit = offsets.size - 1
        return int(sum(int(offsets[g + 1] - offsets[g]) for g in gids if g < limit))

    def nbytes(self) -> int:
        """Bytes held by the lists."""
        return sum(a.nbytes for a in self._order.values()) + sum(a.nbytes for a in self._offsets.values())
