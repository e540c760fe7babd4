"""64-bit keys and a key → rows index (sorted arrays plus a short unsorted tail).

Two uses: the exact-match hash over the genotype codes of the key loci (dna.md §6.2.3) and the
``profile_ref`` → row lookup. Keys are FNV-1a over the codes (or the UTF-8 bytes of a reference), computed
the same way for one value and for a column of values. A lookup is two binary searches over the sorted
part (about 20 steps at a million rows) plus a scan of the tail; the tail is merged once it grows past
1/16 of the index. Rows are never deleted here: the caller filters removed rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from jointdesk.dna.index.encoding import U16, U32, U64

_FNV_OFFSET = 0xCBF29CE484222325
_FNV_PRIME = 0x100000001B3
_MASK = (1 << 64) - 1
_MIN_TAIL = 4096
#: Additions of at least this many keys are merged into the sorted part at once.
_BULK = 256


def text_keys(values: npt.NDArray[np.bytes_]) -> U64:
    """FNV-1a keys of fixed-width byte strings; NUL padding is skipped, so width does not matter."""
    width = values.dtype.itemsize
    raw = values.view(np.uint8).reshape(values.size, width)
    keys = np.full(values.size, _FNV_OFFSET, dtype=np.uint64)
    for column in range(width):
        byte = raw[:, column]
        mixed = (keys ^ byte) * np.uint64(_FNV_PRIME)
        keys = np.where(byte != 0, mixed, keys)
    return keys


def text_key(value: bytes) -> int:
    """The :func:`text_keys` key of one byte string (same arithmetic, Python integers)."""
    key = _FNV_OFFSET
    for byte in value:
        if byte:
            key = ((key ^ byte) * _FNV_PRIME) & _MASK
    return key


def genotype_keys(columns: Sequence[U16]) -> U64:
    """FNV-1a keys of rows of genotype codes (one array per key locus, all the same length)."""
    size = columns[0].size if columns else 0
    keys = np.full(size, _FNV_OFFSET, dtype=np.uint64)
    for column in columns:
        keys = (keys ^ column.astype(np.uint64)) * np.uint64(_FNV_PRIME)
    return keys


def pivot_keys(columns: Sequence[U16]) -> U64:
    """Keys of pivots: (key-locus position, genotype code) for one or two key loci, as columns."""
    return genotype_keys(columns) ^ np.uint64(0x9E3779B97F4A7C15 + len(columns))


def genotype_key(codes: Sequence[int]) -> int:
    """The :func:`genotype_keys` key of one row of codes (same arithmetic, Python integers)."""
    key = _FNV_OFFSET
    for code in codes:
        key = ((key ^ code) * _FNV_PRIME) & _MASK
    return key


class KeyIndex:
    """``uint64`` key → rows: a sorted part searched by bisection plus an unsorted tail."""

    __slots__ = ("_keys", "_rows", "_tail", "_tail_keys", "_tail_rows")

    def __init__(self) -> None:
        self._keys: U64 = np.empty(0, dtype=np.uint64)
        self._rows: U32 = np.empty(0, dtype=np.uint32)
        self._tail_keys: U64 = np.empty(_MIN_TAIL, dtype=np.uint64)
        self._tail_rows: U32 = np.empty(_MIN_TAIL, dtype=np.uint32)
        self._tail = 0

    def __len__(self) -> int:
        return self._keys.size + self._tail

    def add(self, keys: U64, rows: U32) -> None:
        """Index rows under their keys."""
        if keys.size >= _BULK or self._tail + keys.size > max(_MIN_TAIL, self._keys.size // 16):
            self._merge(keys, rows)
            return
        end = self._tail + keys.size
        if end > self._tail_keys.size:
            self._tail_keys = np.resize(self._tail_keys, 2 * end)
            self._tail_rows = np.resize(self._tail_rows, 2 * end)
        self._tail_keys[self._tail : end] = keys
        self._tail_rows[self._tail : end] = rows
        self._tail = end

    def find(self, key: int) -> U32:
        """Rows indexed under a key (removed rows included)."""
        probe = np.uint64(key)
        low = int(np.searchsorted(self._keys, probe, side="left"))
        high = int(np.searchsorted(self._keys, probe, side="right"))
        found = self._rows[low:high]
        if self._tail:
            hits = self._tail_rows[: self._tail][self._tail_keys[: self._tail] == probe]
            found = np.concatenate([found, hits]) if hits.size else found
        return found

    def find_many(self, keys: U64) -> U32:
        """Rows indexed under any of the keys (removed rows included)."""
        low = np.searchsorted(self._keys, keys, side="left")
        counts = np.searchsorted(self._keys, keys, side="right") - low
        total = int(counts.sum())
        parts = (
            [self._rows[np.repeat(low - np.cumsum(counts) + counts, counts) + np.arange(total)]]
            if total
            else []
        )
        if self._tail:
            probes = np.sort(keys)
            tail = self._tail_keys[: self._tail]
            at = np.minimum(np.searchsorted(probes, tail), probes.size - 1)
            parts.append(self._tail_rows[: self._tail][probes[at] == tail])
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.uint32)

    def members(self, keys: U64) -> npt.NDArray[np.bool_]:
        """Which keys are indexed."""
        tail = self._tail_keys[: self._tail]
        return np.isin(keys, self._keys) | (np.isin(keys, tail) if tail.size else False)

    def nbytes(self) -> int:
        """Bytes held by the index arrays."""
        return self._keys.nbytes + self._rows.nbytes + self._tail_keys.nbytes + self._tail_rows.nbytes

    def _merge(self, keys: U64, rows: U32) -> None:
        all_keys = np.concatenate([self._keys, self._tail_keys[: self._tail], keys])
        all_rows = np.concatenate([self._rows, self._tail_rows[: self._tail], rows])
        order = np.argsort(all_keys, kind="stable")
        self._keys = all_keys[order]
        self._rows = all_rows[order].astype(np.uint32, copy=False)
        self._tail = 0
