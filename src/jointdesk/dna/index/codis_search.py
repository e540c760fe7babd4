"""CODIS-style search over the index (dna.md §3.2, §6.2.3-§6.2.5).

1. **Seed**: rows that surely hold every match (:mod:`jointdesk.dna.index.codis_seed`).
2. **Progressive filtering**: loci in order of selectivity, each a lookup over genotype ids of the
   survivors; rows are dropped as soon as too many loci fail to pass, the tolerated differing alleles are
   exceeded or a required allele is missing.
3. **Verification**: every query locus of the few survivors, stacked. The scanned store is checked the
   same way. Survivors are exactly the matches of ``codis_match``.
"""

from __future__ import annotations

import numpy as np

from jointdesk.dna.index import codis_rules, codis_seed, scan
from jointdesk.dna.index.codis_tally import CodisTally, LocusStates
from jointdesk.dna.index.core import IndexData
from jointdesk.dna.index.encoding import U16, U32, Bool, code_slots
from jointdesk.dna.index.evaluate import C_IN_T, T_IN_C, TYPED, codis_states
from jointdesk.dna.index.irregular import IrregularArrays
from jointdesk.dna.index.query import CodisQuery

#: Survivors the filter leaves to verification, which evaluates every query locus for them anyway.
TALLY_ROWS = 4


def _order(data: IndexData, q: CodisQuery, states: LocusStates, applied: tuple[int, ...]) -> list[int]:
    """Query loci, fewest surviving rows first; the loci the seed applied go last."""
    slack = len(q.loci) - q.policy.min_loci
    return sorted(range(len(q.loci)), key=lambda j: (j in applied, states.rules(j, slack).kept))


def _filter(data: IndexData, q: CodisQuery, states: LocusStates, seeded: codis_seed.Seed) -> U32:
    """Apply query loci, most selective first, to the seeded rows until at most :data:`TALLY_ROWS` are
    left: verification then tallies only (nearly) the matches."""
    rows, applied = seeded
    if rows.size <= TALLY_ROWS:
        return rows
    total = len(q.loci)
    slack, tolerance = total - q.policy.min_loci, q.policy.mismatch_tolerance
    states.ensure(range(total))
    steps = [(q.loci[j], states.rules(j, slack).penalty) for j in _order(data, q, states, applied)]
    nonpass = np.zeros(rows.size, dtype=np.int16)
    failing = np.zeros(rows.size, dtype=np.int16)
    for locus, by_gid in steps:
        if rows.size <= TALLY_ROWS:
            break
        penalty = scan.lookup(data, locus, by_gid, rows)
        if slack == 0 and tolerance == 0:
            rows = rows[penalty == 0]
            continue
        if tolerance == 0:
            # Only passing (0) and not-typed (1) loci are tolerable: count the latter against the slack.
            nonpass += penalty
            alive = (penalty <= 1) & (nonpass <= slack)
            rows, nonpass = rows[alive], nonpass[alive]
            continue
        nonpass += penalty > 0
        failing += np.maximum(penalty.astype(np.int16) - 1, 0)
        alive = (nonpass <= slack) & (failing <= tolerance) & (penalty != 255)
        rows, nonpass, failing = rows[alive], nonpass[alive], failing[alive]
    return rows


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
    chosen = scan.scanned_allowed(data, arrays.rows, category_ok)
    tally = CodisTally.start(arrays.rows[chosen], arrays.mixture[chosen])
    if not chosen.any():
        return tally
    positions = [data.store.position(locus) for locus in q.loci]
    by_call = _call_states(data, q, arrays, positions)
    rows = [by_call[j][arrays.call_ids[position][chosen]] for j, position in enumerate(positions)]
    found = np.stack(rows) if rows else np.zeros((0, tally.rows.size), dtype=np.uint16)
    alive = _alive(q, found)
    tally = tally.take(alive)
    if tally.rows.size:
        tally.add(found[:, alive])
    return tally


def _alive(q: CodisQuery, found: U16) -> Bool:
    """Rows whose states ``(loci, rows)`` over every query locus make a match (what the tally's ``alive``
    decides, from the per-locus penalties, so only matches get tallied)."""
    scores = codis_rules.penalty(q, found)
    nonpass = (scores > 0).sum(axis=0)
    failing = np.maximum(scores.astype(np.int16) - 1, 0).sum(axis=0)
    result: Bool = (
        (nonpass <= len(q.loci) - q.policy.min_loci)
        & (failing <= q.policy.mismatch_tolerance)
        & ~(scores == 255).any(axis=0)
    )
    return result


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
