"""The index state: rows and columns, allele dictionaries, genotype registries, exact-match hash,
posting lists and the scanned store, with the add/remove bookkeeping that keeps them consistent."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from functools import cache
from typing import Any

import numpy as np

from jointdesk.dna.compute.profile import LocusCall, Profile
from jointdesk.dna.index.encoding import (
    NOT_TYPED,
    OL_CODE,
    U8,
    U16,
    U32,
    U64,
    LocusAlleles,
    call_code,
    has_reserved,
)
from jointdesk.dna.index.genotypes import GenotypeTable, GidGrid
from jointdesk.dna.index.irregular import IrregularStore
from jointdesk.dna.index.lookup import KeyIndex, genotype_key, genotype_keys, pivot_keys
from jointdesk.dna.index.postings import MASK_BITS, PostingLists, choose_loci, collision_rate
from jointdesk.dna.index.store import IRREGULAR, Refs, RowStore
from jointdesk.dna.index.warm import genotype_states


def _size(value: object) -> int:
    if isinstance(value, np.ndarray):
        return int(value.nbytes)
    if isinstance(value, list):
        return 64 + 36 * len(value)
    return 32


class StateCache:
    """Per-genotype-id comparison states of recent query calls, shared by queries of this index.

    Keyed by (locus, the call's lookup tables and policy switches, genotype ids registered so far): the
    registry only grows, so a key stays valid; a new genotype makes a new key. Bounded, oldest dropped.
    """

    def __init__(self, limit: int = 8192) -> None:
        self._limit = limit
        self._states: dict[Hashable, Any] = {}
        self._pinned: Mapping[Hashable, Any] = {}

    def get(self, key: Hashable) -> Any:
        """The cached value, or ``None``."""
        found = self._pinned.get(key)
        return self._states.get(key) if found is None else found

    def pin(self, values: Mapping[Hashable, Any]) -> None:
        """Replace the entries computed ahead of searches (never dropped; see :mod:`.warm`)."""
        self._pinned = values

    def put(self, key: Hashable, states: Any) -> None:
        """Remember states, dropping the oldest half when full."""
        if len(self._states) >= self._limit:
            for old in list(self._states)[: self._limit // 2]:
                self._states.pop(old, None)
        self._states[key] = states

    def nbytes(self) -> int:
        """Approximate bytes held by the cached values (arrays, lists of ids, counts)."""
        values = [*self._states.values(), *self._pinned.values()]
        return sum(_size(value) for value in values)


class IndexData:
    """All index structures; :class:`jointdesk.dna.index.StrIndex` is the public face."""

    def __init__(self, key_loci: Sequence[str]) -> None:
        self.key_loci = tuple(key_loci)
        self.store = RowStore()
        self.alleles: dict[str, LocusAlleles] = {}
        self.genotypes: dict[str, GenotypeTable] = {}
        self.gids = GidGrid()  # rows in store.loci order
        self.irregular = IrregularStore()
        self.postings = PostingLists()
        self.exact = KeyIndex()
        self.pivots = KeyIndex()
        self._unpivoted: list[U32] = []
        self.state_cache = StateCache()

    @property
    def n(self) -> int:
        """Rows ever added (removed ones included)."""
        return self.store.n

    def ensure_locus(self, locus: str) -> None:
        """Create the column, dictionary and registry of a new locus."""
        if locus not in self.alleles:
            self.alleles[locus] = LocusAlleles(locus)
            self.genotypes[locus] = self.gids.new_table(self.alleles[locus])
            self.store.ensure_locus(locus)

    def wild_rows(self, codes: Sequence[int]) -> U32:
        """Rows with ``OL``/``*`` codes at a key locus (kept out of the exact-match hash) that agree with
        ``codes`` (one per key locus) at their pivots: the one or two most discriminating key loci where
        they hold a plain genotype. Rows without any plain key locus are always returned."""
        values = np.array(codes, dtype=np.uint16)
        first, second = _pairs(values.size)
        positions = np.arange(values.size, dtype=np.uint16)
        probes = np.concatenate(
            [pivot_keys([positions, values]), pivot_keys([first, values[first], second, values[second]])]
        )
        if len(self._unpivoted) > 1:
            self._unpivoted = [np.concatenate(self._unpivoted)]
        return np.concatenate([self.pivots.find_many(probes), *self._unpivoted])

    def add_profile(self, profile_ref: str, profile: Profile, category: str) -> int:
        """Add one profile; returns its row."""
        for locus in profile.loci:
            self.ensure_locus(locus)
        codes = _codes(profile.loci, self.alleles)
        regular = codes is not None and not profile.mixture
        code = self.store.category_code(category) | (0 if regular else IRREGULAR)
        row = self.store.append(profile_ref, code, codes if regular and codes is not None else {})
        if regular and codes is not None:
            self._index_row(codes, row)
        else:
            self.irregular.add(row, profile, self.alleles)
        return row

    def _index_row(self, codes: Mapping[str, int], row: int) -> None:
        """:meth:`_index_block` for one row, with Python integers."""
        for locus, value in codes.items():
            table = self.genotypes[locus]
            table.count_one(table.register_one(value))
        key_codes = [codes.get(locus, NOT_TYPED) for locus in self.key_loci]
        if NOT_TYPED in key_codes:
            return
        if any(code >> 8 >= OL_CODE or code & 0xFF >= OL_CODE for code in key_codes):
            columns = [np.array([code], dtype=np.uint16) for code in key_codes]
            self._index_pivots(columns, np.array([row], dtype=np.uint32))
            return
        self.exact.add(np.array([genotype_key(key_codes)], dtype=np.uint64), np.array([row], dtype=np.uint32))

    def add_block(self, refs: Refs, categories: U8, block: Mapping[str, U16]) -> U32:
        """Add single-source rows given as genotype-code columns (already encoded)."""
        for locus in block:
            self.ensure_locus(locus)
        rows = self.store.extend(refs, categories, block)
        self._index_block(block, rows)
        return rows

    def remove_row(self, row: int) -> None:
        """Drop a live row from every structure that counts or scans it."""
        if row in self.irregular:
            self.irregular.remove(row)
        else:
            for locus in self.store.loci:
                table = self.genotypes[locus]
                table.count_one(int(table.gid_of[self.store.column(locus)[row]]), sign=-1)
        self.store.mark_removed(row)

    def prepare(self) -> None:
        """Rebuild the posting lists once enough rows were added since the last build."""
        if self.postings.stale(self.n) or (self.n and not self.postings.loci):
            self.build_postings()

    def build_postings(self) -> None:
        """Choose the most discriminating loci and (re)build their posting lists."""
        counts = {locus: table.counts for locus, table in self.genotypes.items()}
        loci = choose_loci(counts)
        gids = {locus: self.genotypes[locus].gid_of[self.store.column(locus)] for locus in loci}
        sizes = {locus: len(self.genotypes[locus]) for locus in loci}
        every = tuple(self.store.loci)
        typed = (every, self._typed_masks) if len(every) <= MASK_BITS else None
        self.postings.build(gids, sizes, loci, self.n, typed)
        tables = {locus: self.genotypes[locus] for locus in self.store.loci}
        self.state_cache.pin(genotype_states(tables, self.irregular.arrays(self.store.loci)))

    def _typed_masks(self, rows: U32) -> U64:
        """Bit ``i`` set where a row is typed at ``store.loci[i]``."""
        masks = np.zeros(rows.size, dtype=np.uint64)
        for bit, locus in enumerate(self.store.loci):
            masks |= (self.store.column(locus)[rows] != NOT_TYPED).astype(np.uint64) << np.uint64(bit)
        return masks

    def nbytes(self) -> int:
        """Bytes held by every index structure."""
        registries = sum(table.nbytes() for table in self.genotypes.values())
        wild = sum(part.nbytes for part in self._unpivoted)
        return (
            self.store.nbytes()
            + registries
            + self.exact.nbytes()
            + self.pivots.nbytes()
            + self.postings.nbytes()
            + self.irregular.nbytes()
            + wild
        )

    def _index_block(self, block: Mapping[str, U16], rows: U32) -> None:
        for locus, codes in block.items():
            table = self.genotypes[locus]
            if codes.size == 1:
                table.register_one(int(codes[0]))
            else:
                table.register(codes)
            table.count(codes)
        untyped = np.full(rows.size, NOT_TYPED, dtype=np.uint16)
        key_columns = [block.get(locus, untyped) for locus in self.key_loci]
        reserved = np.zeros(rows.size, dtype=np.bool_)
        typed = np.ones(rows.size, dtype=np.bool_)
        for column in key_columns:
            reserved |= has_reserved(column)
            typed &= column != NOT_TYPED
        hashed = typed & ~reserved
        if hashed.any():
            keys = genotype_keys([column[hashed] for column in key_columns])
            self.exact.add(keys, rows[hashed])
        if typed[reserved].any():
            self._index_pivots([column[typed & reserved] for column in key_columns], rows[typed & reserved])

    def _index_pivots(self, columns: list[U16], rows: U32) -> None:
        rates = [
            collision_rate(self.genotypes[locus].counts) if locus in self.genotypes else 1.0
            for locus in self.key_loci
        ]
        order = np.argsort(np.array(rates), kind="stable")
        codes = np.stack(columns)[order]
        plain = (codes != NOT_TYPED) & ~has_reserved(codes)
        count = plain.sum(axis=0)
        first = plain.argmax(axis=0)
        plain[first, np.arange(rows.size)] = False
        second = plain.argmax(axis=0)
        every = np.arange(rows.size)
        low, high = np.minimum(order[first], order[second]), np.maximum(order[first], order[second])
        code_low = np.where(order[first] < order[second], codes[first, every], codes[second, every])
        code_high = np.where(order[first] < order[second], codes[second, every], codes[first, every])
        two = count >= 2
        self.pivots.add(
            pivot_keys(
                [low[two].astype(np.uint16), code_low[two], high[two].astype(np.uint16), code_high[two]]
            ),
            rows[two],
        )
        one = count == 1
        self.pivots.add(
            pivot_keys([order[first][one].astype(np.uint16), codes[first, every][one]]), rows[one]
        )
        if (count == 0).any():
            self._unpivoted.append(rows[count == 0])


@cache
def _pairs(size: int) -> tuple[U16, U16]:
    first, second = np.triu_indices(size, k=1)
    return first.astype(np.uint16), second.astype(np.uint16)


def _codes(loci: Mapping[str, LocusCall], alleles: Mapping[str, LocusAlleles]) -> dict[str, int] | None:
    codes: dict[str, int] = {}
    for locus, call in loci.items():
        code = call_code(call, alleles[locus])
        if code is None:
            return None
        codes[locus] = code
    return codes
