"""CODIS-style search over the index (dna.md §3.2, §6.2.3-§6.2.5).

1. **Seed**: rows that surely hold every match (:mod:`jointdesk.dna.index.codis_seed`).
2. **Progressive filtering** (compiled, :mod:`.kernels`): loci in order of selectivity, each a penalty
   lookup over genotype ids of the survivors; rows drop out as soon as too many loci fail to pass, the
   tolerated differing alleles are exceeded or a required allele is missing.
3. **Verification**: every query locus of the survivors (the matches), stacked into their tally. The
   scanned store is filtered the same way over its call ids. Survivors are exactly the matches of
   ``codis_match``.
"""

from __future__ import annotations

import numpy as np

from jointdesk.dna.index import codis_rules, codis_seed, kernels, scan
from jointdesk.dna.index.codis_tally import CodisTally, LocusStates
from jointdesk.dna.index.core import IndexData
from jointdesk.dna.index.encoding import I64, U8, U16, U32, Bool, code_slots
from jointdesk.dna.index.evaluate import C_IN_T, T_IN_C, TYPED, codis_states
from jointdesk.dna.index.irregular import IrregularArrays
from jointdesk.dna.index.query import CodisQuery

#: Seeded rows this few go straight to verification, which evaluates every query locus for them anyway.
DIRECT_ROWS = 4
#: Call ids of the scanned store are their own table index (no gid mapping).
_UNMAPPED = np.zeros((0, 0), dtype=np.uint16)


def _order(data: IndexData, q: CodisQuery, states: LocusStates, applied: tuple[int, ...]) -> list[int]:
    """Query loci, fewest surviving rows first; the loci the seed applied go last."""
    slack = len(q.loci) - q.policy.min_loci
    return sorted(range(len(q.loci)), key=lambda j: (j in applied, states.rules(j, slack).kept))


def _filter(data: IndexData, q: CodisQuery, states: LocusStates, seeded: codis_seed.Seed) -> U32:
    """Apply every query locus, most selective first, to the seeded rows (compiled loop): the survivors
    are the rows whose per-locus penalties make a match."""
    rows, applied = seeded
    if rows.size <= DIRECT_ROWS:
        return rows
    total = len(q.loci)
    slack = total - q.policy.min_loci
    states.ensure(range(total))
    order = _order(data, q, states, applied)
    penalties, offsets = _flat_tables([states.rules(j, slack).penalty for j in order])
    positions = np.array([data.store.position(q.loci[j]) for j in order], dtype=np.int64)
    limits = (slack, q.policy.mismatch_tolerance)
    return kernels.filter_rows(rows, data.store.grid, data.gids.grid, positions, penalties, offsets, limits)


#: State of a plain designated call compared with the very same genotype code.
_SAME = TYPED | T_IN_C | C_IN_T


def _row_states(data: IndexData, q: CodisQuery, states: LocusStates, rows: U32) -> U16:
    """States ``(loci, rows)`` of every query locus: evaluated directly for a few rows on a cold cache,
    else through the per-genotype-id states."""
    loci = list(range(len(q.loci)))
    if rows.size <= scan.DIRECT_ROWS and not states.cached():
        codes = scan.column_codes(data, q.loci, rows)
        slots, counts = code_slots(codes)
        loc = np.broadcast_to(np.array(loci, dtype=np.int64)[:, None], codes.shape)
        return codis_states(q, loc, slots, counts)
    states.ensure(loci)
    return np.stack([states.gather(j, rows) for j in loci]) if loci else np.zeros((0, rows.size), np.uint16)


def _verify(data: IndexData, q: CodisQuery, states: LocusStates, rows: U32) -> CodisTally:
    """Tally every query locus of the rows; rows holding exactly the codes of a plain (designated,
    two-allele) query at every locus are identical there without evaluation."""
    tally = CodisTally.start(rows)
    if not rows.size:
        return tally
    if q.plain_codes is None:
        tally.add(_row_states(data, q, states, rows))
    else:
        same = (scan.column_codes(data, q.loci, rows) == q.plain_codes[:, None]).all(axis=0)
        if same.all():
            return CodisTally.identical(rows, len(q.loci))
        found = np.full((len(q.loci), rows.size), _SAME, dtype=np.uint16)
        if not same.all():
            found[:, ~same] = _row_states(data, q, states, rows[~same])
        tally.add(found)
    return tally.take(tally.alive(q, len(q.loci)))


def _scanned(data: IndexData, q: CodisQuery, category_ok: Bool) -> CodisTally:
    arrays = data.irregular.arrays(data.store.loci)
    chosen = np.flatnonzero(scan.scanned_allowed(data, arrays.rows, category_ok)).astype(np.uint32)
    if not chosen.size:
        return CodisTally.start(chosen)
    positions = [data.store.position(locus) for locus in q.loci]
    by_call = _call_states(data, q, arrays, positions)
    tables = [_call_penalty(data, q, j, by_call[j], arrays.version) for j in range(len(q.loci))]
    alive = kernels.filter_rows(
        chosen,
        arrays.call_ids,
        _UNMAPPED,
        np.array(positions, dtype=np.int64),
        *_flat_tables(tables),
        (len(q.loci) - q.policy.min_loci, q.policy.mismatch_tolerance),
    )
    tally = CodisTally.start(arrays.rows[alive], arrays.mixture[alive])
    if alive.size and positions:
        tally.add(np.stack([by_call[j][arrays.call_ids[p][alive]] for j, p in enumerate(positions)]))
    return tally


def _flat_tables(tables: list[U8]) -> tuple[U8, I64]:
    """Per-locus tables as one array and each one's offset in it (what the kernels take)."""
    offsets = np.zeros(len(tables), dtype=np.int64)
    np.cumsum([table.size for table in tables[:-1]], out=offsets[1:])
    return (np.concatenate(tables) if tables else np.zeros(0, dtype=np.uint8)), offsets


def _call_penalty(data: IndexData, q: CodisQuery, j: int, states: U16, version: int) -> U8:
    """Penalty per scanned-store call at query locus ``j`` (cached with its states' key)."""
    if q.cache_keys is None:
        return codis_rules.penalty(q, states)
    switches = (q.policy.stringency, q.policy.mismatch_tolerance)
    key = ("scanned-penalty", q.loci[j], q.cache_keys[j], version, switches)
    found: U8 | None = data.state_cache.get(key)
    if found is None:
        found = codis_rules.penalty(q, states)
        data.state_cache.put(key, found)
    return found


def _call_states(data: IndexData, q: CodisQuery, arrays: IrregularArrays, positions: list[int]) -> list[U16]:
    """States of every distinct scanned-store call at each query locus (cached per index)."""
    keys = [
        None if q.cache_keys is None else ("scanned", q.loci[j], q.cache_keys[j], arrays.version)
        for j in range(len(q.loci))
    ]
    found = [None if key is None else data.state_cache.get(key) for key in keys]
    missing = [j for j, states in enumerate(found) if states is None]
    if missing:
        slots = np.concatenate([arrays.call_slots[positions[j]] for j in missing], axis=1)
        counts = np.concatenate([arrays.call_counts[positions[j]] for j in missing])
        sizes = [arrays.call_counts[positions[j]].size for j in missing]
        loc = np.repeat(np.array(missing, dtype=np.int64), sizes)
        evaluated = np.split(codis_states(q, loc, slots, counts), np.cumsum(sizes)[:-1])
        for j, states in zip(missing, evaluated, strict=True):
            found[j] = states
            if keys[j] is not None:
                data.state_cache.put(keys[j], states)
    return [states for states in found if states is not None]


def _exhaustive(data: IndexData, q: CodisQuery, states: LocusStates) -> U32:
    """Baseline without the index: every query locus over every row (full column scans)."""
    total = len(q.loci)
    slack, tolerance = total - q.policy.min_loci, q.policy.mismatch_tolerance
    states.ensure(range(total))
    rows = scan.all_rows(data)
    nonpass = np.zeros(rows.size, dtype=np.int16)
    failing = np.zeros(rows.size, dtype=np.int16)
    violation = np.zeros(rows.size, dtype=np.bool_)
    for j in range(total):
        penalty = states.lookup(j, states.rules(j, slack).penalty, rows)
        nonpass += penalty > 0
        failing += np.maximum(penalty.astype(np.int16) - 1, 0)
        violation |= penalty == 255
    return rows[(nonpass <= slack) & (failing <= tolerance) & ~violation]


def search(
    data: IndexData, q: CodisQuery, category_ok: Bool, *, exhaustive: bool = False
) -> tuple[CodisTally, CodisTally]:
    """Matches in the column store and in the scanned store (``exhaustive``: full-scan baseline)."""
    if len(q.loci) < q.policy.min_loci:
        empty = CodisTally.start(np.empty(0, dtype=np.uint32))
        return empty, empty
    states = LocusStates(data, q)
    if exhaustive:
        rows = _exhaustive(data, q, states)
    else:
        rows, applied = codis_seed.seed(data, q, states)
        if not scan.all_allowed(data, category_ok):
            rows = scan.usable(data, rows, category_ok)
        rows = _filter(data, q, states, (rows, applied))
    rows = scan.usable(data, rows, category_ok)
    return _verify(data, q, states, rows), _scanned(data, q, category_ok)
