"""Per-query state caches and per-row tallies of the CODIS-style search."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from jointdesk.dna.compute.matching import Stringency
from jointdesk.dna.index import scan
from jointdesk.dna.index.codis_rules import LocusRules
from jointdesk.dna.index.core import IndexData
from jointdesk.dna.index.encoding import U16, U32, Array, Bool, code_slots
from jointdesk.dna.index.evaluate import C_IN_T, DIFF_SHIFT, OUTCOME, T_IN_C, TYPED, VIOLATION, codis_states
from jointdesk.dna.index.query import ACCEPTED, CodisQuery

Derived = TypeVar("Derived")
_CLASSES = np.arange(4).reshape(4, 1, 1)


class LocusStates:
    """Comparison states per genotype id of each query locus, evaluated lazily (stacked per call)."""

    def __init__(self, data: IndexData, q: CodisQuery) -> None:
        self.data, self.q = data, q
        self.by_gid: dict[int, U16] = {}
        self._keys: dict[int, Hashable | None] = {}
        self._derived: dict[tuple[int, Hashable], object] = {}

    def _key(self, j: int) -> Hashable | None:
        if j not in self._keys:
            keys = self.q.cache_keys
            locus = self.q.loci[j]
            self._keys[j] = None if keys is None else (locus, keys[j], len(self.data.genotypes[locus]))
        return self._keys[j]

    def ensure(self, loci: Iterable[int]) -> None:
        """Evaluate (or take from the index's cache) the states of every genotype id of query loci."""
        missing = []
        for j in loci:
            if j in self.by_gid:
                continue
            key = self._key(j)
            cached = None if key is None else self.data.state_cache.get(key)
            if cached is None:
                missing.append(j)
            else:
                self.by_gid[j] = cached
        if not missing:
            return
        codes, loc, splits = scan.gid_codes(self.data, [self.q.loci[j] for j in missing])
        slots, counts = code_slots(codes)
        states = codis_states(self.q, np.array(missing, dtype=np.int64)[loc], slots, counts)
        for j, part in zip(missing, np.split(states, splits), strict=True):
            self.by_gid[j] = part
            key = self._key(j)
            if key is not None:
                self.data.state_cache.put(key, part)

    def cached(self) -> bool:
        """True if every query locus has its states at hand (taking them from the cache)."""
        for j in range(len(self.q.loci)):
            if j in self.by_gid:
                continue
            key = self._key(j)
            states = None if key is None else self.data.state_cache.get(key)
            if states is None:
                return False
            self.by_gid[j] = states
        return True

    def derived(self, j: int, name: Hashable, compute: Callable[[U16], Derived]) -> Derived:
        """A value computed from the states of query locus ``j`` (memoised in the index's cache; ``name``
        must identify everything else it depends on)."""
        local = (j, name)
        if local in self._derived:
            return self._derived[local]  # type: ignore[return-value]
        value = self._derived[local] = self._compute(j, name, compute)
        return value

    def _compute(self, j: int, name: Hashable, compute: Callable[[U16], Derived]) -> Derived:
        key = self._key(j)
        full = (
            None if key is None else (key, name, self.q.policy.stringency, self.q.policy.mismatch_tolerance)
        )
        found = None if full is None else self.data.state_cache.get(full)
        if found is not None:
            return found  # type: ignore[no-any-return]
        value = compute(self.by_gid[j])
        if full is not None:
            self.data.state_cache.put(full, value)
        return value

    def rules(self, j: int, slack: int) -> LocusRules:
        """Query locus ``j``'s tables (memoised; the live row count keeps ``kept`` current)."""
        return self.derived(
            j,
            ("rules", slack >= 1, self.data.n),
            lambda st: LocusRules.of(self.data, self.q, self.q.loci[j], st, slack),
        )

    def gids(self, j: int, rows: U32) -> U16:
        """Genotype ids of rows at query locus ``j``."""
        return scan.gathered_gids(self.data, self.q.loci[j], rows)

    def lookup(self, j: int, by_gid: Array, rows: U32) -> Array:
        """A per-genotype-id table read for rows at query locus ``j`` (through a per-code table for
        many rows, saving one gather per row)."""
        return scan.lookup(self.data, self.q.loci[j], by_gid, rows)

    def gather(self, j: int, rows: U32) -> U16:
        """States of rows at query locus ``j`` (evaluated before)."""
        return self.by_gid[j][self.gids(j, rows)]


@dataclass
class CodisTally:
    """Per-row sums over the applied loci: outcome counts and differing alleles per outcome class
    (``(4, rows)``), OR of the state bits, loci with T ⊆ C and with C ⊆ T."""

    rows: U32
    counts: Array
    diffs: Array
    bits: U16
    t_in_c: Array
    c_in_t: Array
    mixture: Bool
    applied: int = 0

    @classmethod
    def start(cls, rows: U32, mixture: Bool | None = None) -> CodisTally:
        """An empty tally over rows."""
        size = rows.size
        zeros = np.zeros((4, size), dtype=np.int32)
        flags = np.zeros(size, dtype=np.bool_) if mixture is None else mixture
        empty = np.zeros(size, dtype=np.int32)
        return cls(rows, zeros, zeros.copy(), np.zeros(size, np.uint16), empty, empty.copy(), flags)

    @classmethod
    def identical(cls, rows: U32, loci: int) -> CodisTally:
        """The tally of rows identical at every one of ``loci`` plain query loci."""
        tally = cls.start(rows)
        tally.counts[0] = tally.t_in_c[:] = tally.c_in_t[:] = loci
        tally.bits[:] = TYPED | T_IN_C | C_IN_T
        tally.applied = loci
        return tally

    def add(self, states: U16) -> None:
        """Fold in states ``(loci, rows)``."""
        typed = (states & TYPED) != 0
        outcome = np.where(typed, states & OUTCOME, 4)
        chosen = outcome[None] == _CLASSES
        self.counts += chosen.sum(axis=1)
        self.diffs += (chosen * (states >> DIFF_SHIFT).astype(np.int32)).sum(axis=1)
        self.bits |= np.bitwise_or.reduce(states, axis=0)
        self.t_in_c += (typed & ((states & T_IN_C) != 0)).sum(axis=0)
        self.c_in_t += (typed & ((states & C_IN_T) != 0)).sum(axis=0)
        self.applied += states.shape[0]

    def take(self, keep: Bool) -> CodisTally:
        """The tally of the kept rows."""
        return CodisTally(
            self.rows[keep],
            self.counts[:, keep],
            self.diffs[:, keep],
            self.bits[keep],
            self.t_in_c[keep],
            self.c_in_t[keep],
            self.mixture[keep],
            self.applied,
        )

    def passing(self, stringency: Stringency) -> Array:
        """Loci passing at a stringency."""
        result: Array = self.counts[np.array(ACCEPTED[stringency])].sum(axis=0)
        return result

    def failing_diff(self, stringency: Stringency) -> Array:
        """Differing alleles summed over the loci failing at a stringency."""
        result: Array = self.diffs[~np.array(ACCEPTED[stringency])].sum(axis=0)
        return result

    def alive(self, q: CodisQuery, total: int) -> Bool:
        """Rows that match once all ``total`` query loci are applied."""
        level = q.policy.stringency
        result: Bool = (
            (self.applied - self.passing(level) <= total - q.policy.min_loci)
            & (self.failing_diff(level) <= q.policy.mismatch_tolerance)
            & ((self.bits & VIOLATION) == 0)
        )
        return result
