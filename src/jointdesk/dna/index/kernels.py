"""Compiled (Numba) kernels of the CODIS-style search: posting-list seeding and progressive filtering.

What is left of a partial-profile search after the index narrows it down is tens of thousands of row
touches spread over a few dozen small array operations; in NumPy the per-call overhead and temporaries
cost as much as the work. These loops do the same work in one pass each, with no temporaries:

- :func:`posting_rows` and :func:`pair_rows` read posting lists (dropping "not typed" rows typed at too
  few query loci) and, for a pair, intersect them through a bit-per-row bitmap that stays in cache;
- :func:`filter_rows` applies the query loci one after the other (so the column reads of one locus are
  independent and overlap in memory), keeping rows within the slack, the tolerance and the required
  alleles: exactly the rows that pass the per-locus penalty rules of :mod:`.codis_rules`.

Compiled on first use and cached on disk next to this module (``__pycache__``).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from jointdesk.dna.index.encoding import I64, U8, U16, U32, U64

#: Penalty of a locus with a required-allele violation (see :func:`.codis_rules.penalty`).
VIOLATION_PENALTY = 255

_M1 = np.uint64(0x5555555555555555)
_M2 = np.uint64(0x3333333333333333)
_M4 = np.uint64(0x0F0F0F0F0F0F0F0F)
_H01 = np.uint64(0x0101010101010101)


@njit(inline="always", cache=True)
def _popcount(x: np.uint64) -> int:
    x = x - ((x >> np.uint64(1)) & _M1)
    x = (x & _M2) + ((x >> np.uint64(2)) & _M2)
    x = (x + (x >> np.uint64(4))) & _M4
    return int((x * _H01) >> np.uint64(56))


@njit(inline="always", cache=True)
def _pruned(i: int, masks: U64, typed_mask: np.uint64, need: int) -> bool:
    """True for a gid-0 (not typed) entry ``i < masks.size`` typed at fewer than ``need`` query loci."""
    return need > 0 and i < masks.size and _popcount(masks[i] & typed_mask) < need


@njit(cache=True, nogil=True)
def posting_rows(order: U32, spans: I64, masks: U64, typed_mask: np.uint64, need: int, out: U32) -> int:
    """Copy the rows of the posting-list ``spans`` (``(k, 2)`` start/end into ``order``) to ``out``;
    rows of the gid-0 (not typed) span, ``order[:masks.size]``, are kept only if typed at ``need`` or more
    of the loci in ``typed_mask`` (their ``masks``). Returns the number of rows written."""
    k = 0
    for s in range(spans.shape[0]):
        for i in range(spans[s, 0], spans[s, 1]):
            if not _pruned(i, masks, typed_mask, need):
                out[k] = order[i]
                k += 1
    return k


@njit(cache=True, nogil=True)
def pair_rows(
    first: tuple[U32, I64, U64],
    second: tuple[U32, I64, U64],
    typed_mask: np.uint64,
    need: int,
    bits: U64,
    out: U32,
) -> int:
    """Rows in both posting selections (``(order, spans, masks)`` as in :func:`posting_rows`), in the
    order of the second, through ``bits`` (all zero before and after). Returns the rows written."""
    order, spans, masks = first
    for s in range(spans.shape[0]):
        for i in range(spans[s, 0], spans[s, 1]):
            if not _pruned(i, masks, typed_mask, need):
                bits[order[i] >> 6] |= np.uint64(1) << np.uint64(order[i] & 63)
    k = 0
    order2, spans2, masks2 = second
    for s in range(spans2.shape[0]):
        for i in range(spans2[s, 0], spans2[s, 1]):
            row = order2[i]
            if (bits[row >> 6] >> np.uint64(row & 63)) & np.uint64(1) and not _pruned(
                i, masks2, typed_mask, need
            ):
                out[k] = row
                k += 1
    for s in range(spans.shape[0]):
        for i in range(spans[s, 0], spans[s, 1]):
            bits[order[i] >> 6] = 0
    return k


@njit(cache=True, nogil=True)
def filter_rows(
    rows: U32,
    grid: U16,
    gid_grid: U16,
    positions: I64,
    penalties: U8,
    offsets: I64,
    limits: tuple[int, int],
) -> U32:
    """The rows that match: over the query loci (``grid`` rows ``positions``, in the order given), at most
    ``limits[0]`` (slack) non-passing loci, at most ``limits[1]`` (tolerance) differing alleles and no
    required-allele violation. ``gid_grid[position, code]`` maps a code to its gid (an empty ``gid_grid``:
    the grid holds gids already); ``penalties[offsets[j] + gid]`` is query locus ``j``'s penalty."""
    slack, tolerance = limits
    mapped = gid_grid.shape[0] > 0
    alive = rows.copy()
    nonpass = np.zeros(rows.size, dtype=np.int16)
    failing = np.zeros(rows.size, dtype=np.int16)
    k = rows.size
    for j in range(positions.size):
        position, base, kept = positions[j], offsets[j], 0
        for i in range(k):
            row = alive[i]
            code = grid[position, row]
            penalty = int(penalties[base + (gid_grid[position, code] if mapped else code)])
            missed = nonpass[i] + (penalty > 0)
            differing = failing[i] + max(penalty - 1, 0)
            if penalty == VIOLATION_PENALTY or missed > slack or differing > tolerance:
                continue
            alive[kept], nonpass[kept], failing[kept] = row, missed, differing
            kept += 1
        k = kept
    return alive[:k]
