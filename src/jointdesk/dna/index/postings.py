"""Posting lists: ``uint32`` rows per (locus, genotype) on the most discriminating loci (dna.md §6.2.4).

For each chosen locus the rows are sorted by genotype id (gid 0 = not typed, so the "not typed" list is
there too); ``offsets[g]..offsets[g+1]`` delimit the rows of gid ``g``. Rows added after a build form a
short tail that searches read directly; the lists are rebuilt once the tail grows.

The "not typed" list is the long one a tolerant search must read (partial profiles), so each of its rows
also keeps a bit mask of the loci it is typed at: a search needing ``n`` passing loci drops the rows typed
at fewer than ``n`` of its query loci before reading anything else (:class:`TypedPrune`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from jointdesk.dna.index import kernels
from jointdesk.dna.index.encoding import I64, U16, U32, U64

#: Number of loci with posting lists.
POSTING_LOCI = 4
#: Loci a typed mask can describe.
MASK_BITS = 64
_NO_MASKS: U64 = np.zeros(0, dtype=np.uint64)


@dataclass(frozen=True)
class TypedPrune:
    """Keep only rows typed at ``need`` or more of the loci in ``mask`` (the query loci)."""

    mask: np.uint64
    need: int

    def arguments(self) -> tuple[np.uint64, int]:
        """``(typed_mask, need)`` as the kernels take them."""
        return self.mask, self.need


def span_rows(spans: I64) -> int:
    """Rows in ``(k, 2)`` start/end spans."""
    return int((spans[:, 1] - spans[:, 0]).sum())


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

    __slots__ = ("_bounds", "_masks", "_offsets", "_order", "built_n", "loci", "mask_loci")

    def __init__(self) -> None:
        self.loci: tuple[str, ...] = ()
        self.mask_loci: tuple[str, ...] = ()
        self.built_n = 0
        self._order: dict[str, U32] = {}
        self._offsets: dict[str, I64] = {}
        self._bounds: dict[str, list[int]] = {}  # the offsets as Python ints: slicing with them is cheaper
        self._masks: dict[str, U64] = {}

    def build(
        self,
        gids: Mapping[str, U16],
        sizes: Mapping[str, int],
        loci: Sequence[str],
        n: int,
        typed: tuple[Sequence[str], Callable[[U32], U64]] | None = None,
    ) -> None:
        """Sort the rows of each chosen locus by gid (``gids[locus]`` covers rows 0..n-1). ``typed`` gives
        the loci (at most :data:`MASK_BITS`) and a function returning the typed masks of rows over them."""
        self.loci, self.built_n = tuple(loci), n
        self._order, self._offsets, self._bounds, self._masks = {}, {}, {}, {}
        self.mask_loci = tuple(typed[0]) if typed is not None else ()
        for locus in self.loci:
            column = gids[locus]
            self._order[locus] = np.argsort(column, kind="stable").astype(np.uint32)
            tally = np.bincount(column, minlength=sizes[locus])
            self._offsets[locus] = np.concatenate([[0], np.cumsum(tally)]).astype(np.int64)
            self._bounds[locus] = self._offsets[locus].tolist()
            if typed is not None:
                self._masks[locus] = typed[1](self._order[locus][: int(self._offsets[locus][1])])

    def typed_prune(self, query_loci: Sequence[str], need: int) -> TypedPrune | None:
        """The prune for a search needing ``need`` typed query loci (``None`` without masks). Query loci
        unknown at build time add no bit: no indexed row is typed there."""
        if not self._masks:
            return None
        bit = {locus: position for position, locus in enumerate(self.mask_loci)}
        mask = sum((1 << bit[locus] for locus in query_loci if locus in bit), 0)
        return TypedPrune(np.uint64(mask), need)

    def stale(self, n: int) -> bool:
        """True once the unindexed tail is long enough to warrant a rebuild."""
        return n - self.built_n > max(4096, self.built_n // 16)

    def rows(self, locus: str, gids: Sequence[int], prune: TypedPrune | None = None) -> U32:
        """Indexed rows (< ``built_n``) whose genotype at ``locus`` has one of the gids; ``prune`` drops
        not-typed rows (gid 0) typed at too few query loci to match (in the compiled reader)."""
        if prune is not None:
            selection = self.selection(locus, gids)
            out = np.empty(span_rows(selection[1]), dtype=np.uint32)
            return out[: kernels.posting_rows(*selection, *prune.arguments(), out)]
        parts = self.parts(locus, gids)
        if not parts:
            return np.empty(0, dtype=np.uint32)
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def parts(self, locus: str, gids: Sequence[int]) -> list[U32]:
        """:meth:`rows` without a prune, one array per gid (no copies)."""
        bounds = self._bounds[locus]
        order = self._order[locus]
        return [order[bounds[g] : bounds[g + 1]] for g in gids if g < len(bounds) - 1]

    def selection(self, locus: str, gids: Sequence[int]) -> tuple[U32, I64, U64]:
        """For the kernels: the locus's row order, the ``(k, 2)`` spans of the gids in it and the typed
        masks of its gid-0 span (empty without masks)."""
        bounds = self._bounds[locus]
        limit = len(bounds) - 1
        spans = np.array([(bounds[g], bounds[g + 1]) for g in gids if g < limit], dtype=np.int64)
        masks = self._masks.get(locus, _NO_MASKS)
        return self._order[locus], spans.reshape(-1, 2), masks

    def size(self, locus: str, gids: Sequence[int]) -> int:
        """Number of indexed rows for these gids."""
        bounds = self._bounds[locus]
        limit = len(bounds) - 1
        return sum(bounds[g + 1] - bounds[g] for g in gids if g < limit)

    def nbytes(self) -> int:
        """Bytes held by the lists."""
        arrays: list[npt.NDArray[np.generic]] = [*self._order.values(), *self._offsets.values()]
        return sum(a.nbytes for a in [*arrays, *self._masks.values()])
