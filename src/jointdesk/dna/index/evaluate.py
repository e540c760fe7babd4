"""Vectorised per-locus comparisons, equal by construction to the compute module's matchers.

:func:`codis_states` reproduces :func:`jointdesk.dna.compute.matching.compare` (outcome, ``diff_alleles``,
containment flags) and the required-allele rule of :func:`jointdesk.dna.compute.codis.codis_match` for many
candidate calls at once; :func:`prum_states` reproduces :func:`jointdesk.dna.compute.prum.compare_pair`.
A candidate call is a set of sorted allele-code slots plus its reported-allele count; the slots are
handled as separate arrays (no reductions over a tiny trailing axis) and the per-locus tables are read
through flat indices. The result is one packed state per call (bit layout below), 0 when the candidate
locus is not typed.
"""

from __future__ import annotations

import numpy as np

from jointdesk.dna.index.encoding import CODE_SPACE, NOT_TYPED, OL_CODE, STAR_CODE, U8, U16, Array, Bool
from jointdesk.dna.index.query import (
    ID_SPACE,
    LEN_T,
    REQ_N,
    T_CONC_PAIR,
    T_OL,
    T_SIZE,
    T_STAR,
    T_WILD,
    T_WILD_PAIR,
    CodisQuery,
    PrumQuery,
)

# CODIS state bits: outcome (0 identical, 1 subset, 2 overlap, 3 incompatible), flags, diff_alleles << 8.
OUTCOME = 0x3
T_IN_C = 0x4
C_IN_T = 0x8
VIOLATION = 0x10
WILD = 0x20
OFF_LADDER = 0x40
TYPED = 0x80
DIFF_SHIFT = 8

# Prüm state bits: diff_alleles (0..2), wildcard used, microvariant used, both fully designated, common.
PRUM_DIFF = 0x3
PRUM_WILD = 0x4
PRUM_MICRO = 0x8
PRUM_FULL = 0x10
PRUM_COMMON = 0x20


def _first(ids: Array) -> Bool:
    """Slots (sorted along axis 0) that start a run of equal ids."""
    first = np.ones(ids.shape, dtype=np.bool_)
    first[1:] = ids[1:] != ids[:-1]
    return first


def _mapped(q: CodisQuery, loc: Array, raw: Array, valid: Bool) -> Array:
    """Allele ids after the microvariant equivalence table (sorted again), or the raw codes."""
    if q.remap is None:
        return raw
    ids = np.where(valid, q.remap[loc * CODE_SPACE + raw], ID_SPACE - 1).astype(np.intp)
    ids.sort(axis=0)
    return ids


def _exact(q: CodisQuery, base: Array, pair: Array, rank: Array, concrete: Bool) -> Array:
    """|multiset intersection| of the candidate pair multiset with the query's concrete alleles."""
    if pair.shape[0] == 2:  # the usual case: a slot is a repeat only if it equals the one before
        repeat = pair[1] == pair[0]
        first = concrete[0] & (q.t_cnt[base + pair[0]] > 0)
        second = concrete[1] & (q.t_cnt[base + pair[1]] > repeat)
        result: Array = first.astype(np.int32) + second
        return result
    occurrence = rank - np.maximum.accumulate(np.where(_first(pair), rank, 0), axis=0)
    counted: Array = (concrete & (occurrence < q.t_cnt[base + pair])).sum(axis=0)
    return counted


def _diff(q: CodisQuery, base: Array, ids: Array, rank: Array, count: Array, fields: Array) -> Array:
    """``diff_alleles``: max(|T|, |C|) − matched over the pair multisets, wildcards matching anything."""
    pair = ids.copy()
    pair[1] = np.where(count == 1, ids[0], ids[1])
    width = np.maximum(count, 2)
    valid = rank < width
    wild = q.wild_id[pair] & valid
    concrete = valid & ~wild
    exact = _exact(q, base, pair, rank, concrete)
    c_free, c_wild = concrete.sum(axis=0) - exact, wild.sum(axis=0)
    t_wild, t_free = fields[T_WILD_PAIR], fields[T_CONC_PAIR] - exact
    t_used, c_used = np.minimum(t_wild, c_free), np.minimum(c_wild, t_free)
    matched = exact + t_used + c_used + np.minimum(t_wild - t_used, c_wild - c_used)
    result: Array = np.maximum(fields[LEN_T], width) - matched
    return result


def _violation(q: CodisQuery, loc: Array, raw: Array, valid: Bool, fields: Array) -> Array:
    """A required target allele missing from a candidate without wildcards (raw alleles, §3.2)."""
    required = fields[REQ_N]
    if not required.any():
        return np.zeros(required.shape, dtype=np.bool_)
    has_wild = (valid & q.wild_raw[raw]).any(axis=0)
    hits = (valid & _first(raw) & q.req[loc * CODE_SPACE + raw]).sum(axis=0)
    result: Array = (required > 0) & ~has_wild & (hits < required)
    return result


def _outcome(t_in_c: Bool, c_in_t: Bool, overlap: Bool) -> Array:
    result: Array = np.where(t_in_c & c_in_t, 0, np.where(t_in_c | c_in_t, 1, np.where(overlap, 2, 3)))
    return result


def codis_states(q: CodisQuery, loc: Array, slots: U8, counts: U8) -> U16:
    """Packed comparison states of candidate calls at query loci ``loc`` (any shape S): ``slots`` is
    ``(K, *S)``, the sorted allele codes of each call, ``counts`` the reported alleles (0 = not typed)."""
    raw = slots.astype(np.intp)
    rank = np.arange(raw.shape[0]).reshape((-1,) + (1,) * counts.ndim)
    count = counts.astype(np.int32)
    valid = rank < count
    fields = q.fields[:, loc]
    ids = _mapped(q, loc, raw, valid)
    base = loc * ID_SPACE
    wild = q.wild_id[ids] & valid
    concrete = valid & ~wild & _first(ids)
    c_wild = wild.sum(axis=0)
    inter = (concrete & q.in_t[base + ids]).sum(axis=0)
    t_in_c = fields[T_SIZE] - inter <= c_wild
    c_in_t = concrete.sum(axis=0) - inter <= fields[T_WILD]
    overlap = (inter > 0) | (fields[T_WILD] > 0) | (c_wild > 0)
    star = (fields[T_STAR] > 0) | (valid & (raw == STAR_CODE)).any(axis=0)
    off_ladder = (fields[T_OL] > 0) | (valid & (raw == OL_CODE)).any(axis=0)
    state = (
        _outcome(t_in_c, c_in_t, overlap)
        | (t_in_c * T_IN_C)
        | (c_in_t * C_IN_T)
        | (_violation(q, loc, raw, valid, fields) * VIOLATION)
        | (star * WILD)
        | (off_ladder * OFF_LADDER)
        | TYPED
        | (_diff(q, base, ids, rank, count, fields) << DIFF_SHIFT)
    )
    return np.where(count > 0, state, 0).astype(np.uint16)


def _value(q: PrumQuery, base: Array, a: Array, b: Array) -> tuple[Array, Array, Array]:
    """(matched, wildcard used, microvariant used) of aligned values, as ``prum._value_match``."""
    wild = (a == STAR_CODE) | (b == STAR_CODE)
    equal = ~wild & (a == b)
    if q.whole is None:
        return (wild | equal).astype(np.int32), wild.astype(np.int32), np.zeros(a.shape, dtype=np.int32)
    whole_a, whole_b = q.whole[base + a], q.whole[base + b]
    micro = ~wild & ~equal & (whole_a >= 0) & (whole_a == whole_b)
    return (wild | equal | micro).astype(np.int32), wild.astype(np.int32), micro.astype(np.int32)


def _alignment(q: PrumQuery, loc: Array, first: Array, second: Array) -> Array:
    """Sort key (−matched, wildcard+microvariant, wildcard, microvariant) of one alignment, packed."""
    base = loc * ID_SPACE
    m1, w1, u1 = _value(q, base, q.pairs[0][loc], first)
    m2, w2, u2 = _value(q, base, q.pairs[1][loc], second)
    wild, micro = w1 + w2, u1 + u2
    key: Array = (2 - m1 - m2) * 27 + (wild + micro) * 9 + wild * 3 + micro
    return key


def prum_states(q: PrumQuery, loc: Array, codes: U16) -> U8:
    """Packed Prüm comparison states of exported genotype codes at query loci ``loc``."""
    present = codes != NOT_TYPED
    x = (codes >> 8).astype(np.intp)
    y = (codes & 0xFF).astype(np.intp)
    key = np.minimum(_alignment(q, loc, x, y), _alignment(q, loc, y, x))
    full = (x != STAR_CODE) & (y != STAR_CODE) & q.full[loc]
    state = (
        key // 27
        | (((key // 3) % 3 > 0) * PRUM_WILD)
        | ((key % 3 > 0) * PRUM_MICRO)
        | (full * PRUM_FULL)
        | PRUM_COMMON
    )
    return np.where(present, state, 0).astype(np.uint8)
