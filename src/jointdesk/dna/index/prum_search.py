"""Prüm-style full and near-match search by the pigeonhole split (dna.md §3.4, §6.2.6).

A hit differs in at most one allele in total, so it differs at most at one common locus: split the query
loci into two halves and every hit agrees exactly (or lacks the locus) on all loci of one half. Each half
is an exact filter seeded from a posting list or one column scan; the union of both halves is then
verified on every query locus (total differing alleles, common fully designated loci ≥ ``min_loci``) and
given its match quality exactly as :func:`jointdesk.dna.compute.prum.prum_compare` does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jointdesk.dna.compute.prum import MatchQuality
from jointdesk.dna.index import scan
from jointdesk.dna.index.core import IndexData
from jointdesk.dna.index.encoding import U8, U32, Array, Bool
from jointdesk.dna.index.evaluate import PRUM_COMMON, PRUM_DIFF, PRUM_FULL, PRUM_MICRO, PRUM_WILD, prum_states
from jointdesk.dna.index.query import PrumQuery


@dataclass
class PrumTally:
    """Per-row sums: differing alleles, common and common fully designated loci, OR of the state bits."""

    rows: U32
    diff: Array
    common: Array
    full: Array
    bits: U8
    applied: int = 0

    @classmethod
    def start(cls, rows: U32) -> PrumTally:
        zeros = np.zeros(rows.size, dtype=np.int32)
        return cls(rows, zeros, zeros.copy(), zeros.copy(), np.zeros(rows.size, dtype=np.uint8))

    def add(self, states: U8) -> None:
        """Fold in states ``(loci, rows)``."""
        self.diff += (states & PRUM_DIFF).sum(axis=0, dtype=np.int32)
        self.common += ((states & PRUM_COMMON) != 0).sum(axis=0)
        self.full += ((states & PRUM_FULL) != 0).sum(axis=0)
        self.bits |= np.bitwise_or.reduce(states, axis=0)
        self.applied += states.shape[0]

    def take(self, keep: Bool) -> PrumTally:
        """The tally of the kept rows."""
        return PrumTally(
            self.rows[keep],
            self.diff[keep],
            self.common[keep],
            self.full[keep],
            self.bits[keep],
            self.applied,
        )

    def alive(self, q: PrumQuery) -> Bool:
        """Rows that can still be a hit once every query locus is applied."""
        remaining = len(q.loci) - self.applied
        result: Bool = (self.diff <= 1) & (self.full + remaining >= q.policy.min_loci)
        return result

    def quality(self) -> list[MatchQuality]:
        """Match quality per row (only meaningful for hits)."""
        return [_quality(int(d), int(b)) for d, b in zip(self.diff.tolist(), self.bits.tolist(), strict=True)]


def _quality(diff: int, bits: int) -> MatchQuality:
    if diff == 1:
        return MatchQuality.NEAR
    if bits & PRUM_MICRO:
        return MatchQuality.FULL_MICROVARIANT
    return MatchQuality.FULL_WILDCARD if bits & PRUM_WILD else MatchQuality.FULL


def gid_states(data: IndexData, q: PrumQuery) -> list[U8]:
    """States of every genotype id (through its Prüm export) at each query locus (cached per index)."""
    keys = [(locus, q.cache_keys[j], len(data.genotypes[locus])) for j, locus in enumerate(q.loci)]
    found: list[U8 | None] = [data.state_cache.get(key) for key in keys]
    missing = [j for j, states in enumerate(found) if states is None]
    if missing:
        codes, loc, splits = scan.gid_codes(data, [q.loci[j] for j in missing], prum=True)
        evaluated = np.split(prum_states(q, np.array(missing, dtype=np.int64)[loc], codes), splits)
        for j, states in zip(missing, evaluated, strict=True):
            found[j] = states
            data.state_cache.put(keys[j], states)
    return [states for states in found if states is not None]


def _exact(states: U8) -> Bool:
    """Genotype ids that agree exactly or are absent (not typed, not exported)."""
    result: Bool = ((states & PRUM_COMMON) == 0) | ((states & PRUM_DIFF) == 0)
    return result


def _seed_cost(data: IndexData, locus: str, keep: Bool) -> int:
    if locus in data.postings.loci:
        return scan.posting_cost(data, locus, np.flatnonzero(keep).tolist())
    return data.n + scan.kept_count(data, locus, keep)


def _order(data: IndexData, q: PrumQuery, keeps: list[Bool]) -> list[int]:
    """Query loci, most selective first."""
    return sorted(range(len(q.loci)), key=lambda j: scan.kept_count(data, q.loci[j], keeps[j]))


def _halves(data: IndexData, q: PrumQuery, order: list[int]) -> tuple[list[int], list[int]]:
    """Split the query loci in two, dealing posting loci first so each half can start from a list."""
    posted = [j for j in order if q.loci[j] in data.postings.loci]
    rest = [j for j in order if j not in posted]
    dealt = posted + rest
    return dealt[0::2], dealt[1::2]


def _half_seed(data: IndexData, q: PrumQuery, half: list[int], keeps: list[Bool]) -> tuple[U32, list[int]]:
    """Rows agreeing exactly (or absent) at the half's best loci: two posting loci intersected, one
    posting locus, or one column scan; and the loci applied."""
    posted = [j for j in half if q.loci[j] in data.postings.loci]
    gids = {j: np.flatnonzero(keeps[j]).tolist() for j in posted}
    if len(posted) >= 2:
        first, second = posted[:2]
        rows = scan.intersect(data, (q.loci[first], gids[first]), (q.loci[second], gids[second]))
        return rows, [first, second]
    best = min(half, key=lambda j: _seed_cost(data, q.loci[j], keeps[j]))
    if best in gids:
        return scan.posting_rows(data, q.loci[best], gids[best]), [best]
    return scan.scan_rows(data, q.loci[best], keeps[best]), [best]


def _half_rows(data: IndexData, q: PrumQuery, half: list[int], keeps: list[Bool]) -> U32:
    if not half:
        return scan.all_rows(data)
    rows, applied = _half_seed(data, q, half, keeps)
    for j in half:
        if rows.size <= scan.VERIFY_ROWS:
            break
        if j not in applied:
            rows = rows[scan.lookup(data, q.loci[j], keeps[j], rows)]
    return rows


def _verify(data: IndexData, q: PrumQuery, rows: U32, states: list[U8], order: list[int]) -> PrumTally:
    tally = PrumTally.start(rows)
    pending = list(order)
    while pending and tally.rows.size > scan.VERIFY_ROWS:
        j = pending.pop(0)
        tally.add(states[j][scan.gathered_gids(data, q.loci[j], tally.rows)][None, :])
        tally = tally.take(tally.alive(q))
    if pending:
        gathered = [states[j][scan.gathered_gids(data, q.loci[j], tally.rows)] for j in pending]
        tally.add(np.stack(gathered))
    return tally.take(tally.alive(q))


def _scanned(data: IndexData, q: PrumQuery, category_ok: Bool) -> PrumTally:
    arrays = data.irregular.arrays(data.store.loci)
    chosen = scan.scanned_allowed(data, arrays.rows, category_ok) & arrays.exportable
    tally = PrumTally.start(arrays.rows[chosen])
    if not chosen.any():
        return tally
    positions = [data.store.position(locus) for locus in q.loci]
    codes = arrays.prum[positions][:, chosen]
    loc = np.broadcast_to(np.arange(len(q.loci), dtype=np.int64)[:, None], codes.shape)
    tally.add(prum_states(q, loc, codes))
    return tally.take(tally.alive(q))


def _exhaustive(data: IndexData, q: PrumQuery, states: list[U8]) -> U32:
    """Baseline without the index: total differing alleles and full loci over every row."""
    rows = scan.all_rows(data)
    diff = np.zeros(rows.size, dtype=np.int16)
    full = np.zeros(rows.size, dtype=np.int16)
    for j, locus in enumerate(q.loci):
        by_code = states[j][data.genotypes[locus].gid_of]
        state = by_code[data.store.column(locus)]
        diff += state & PRUM_DIFF
        full += (state & PRUM_FULL) != 0
    return rows[(diff <= 1) & (full >= q.policy.min_loci)]


def search(
    data: IndexData, q: PrumQuery, category_ok: Bool, *, exhaustive: bool = False
) -> tuple[PrumTally, PrumTally]:
    """Hits (full and near) in the column store and in the scanned store (``exhaustive``: baseline)."""
    if q.n_full < q.policy.min_loci:
        empty = PrumTally.start(np.empty(0, dtype=np.uint32))
        return empty, empty
    states = gid_states(data, q)
    keeps = [_exact(st) for st in states]
    order = _order(data, q, keeps)
    if exhaustive:
        rows = _exhaustive(data, q, states)
    else:
        rows = scan.union([_half_rows(data, q, half, keeps) for half in _halves(data, q, order)])
    columns = _verify(data, q, scan.usable(data, rows, category_ok), states, order)
    return columns, _scanned(data, q, category_ok)
