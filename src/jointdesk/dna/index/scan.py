"""Row sources shared by the searches: posting lists, full column scans, gathers, category filters."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from jointdesk.dna.index import kernels
from jointdesk.dna.index.core import IndexData
from jointdesk.dna.index.encoding import I64, U16, U32, U64, Array, Bool
from jointdesk.dna.index.postings import TypedPrune, span_rows
from jointdesk.dna.index.store import IRREGULAR

#: Survivor count below which the remaining loci are checked in one stacked pass.
VERIFY_ROWS = 64
#: Survivor count up to which verification evaluates the calls directly (no per-genotype tables).
DIRECT_ROWS = 64
#: Rows from which a per-code lookup table pays for itself.
LUT_ROWS = 16384
#: Cost (in rows) charged per posting list read, so a long list of tiny lists is not free.
LIST_COST = 16


class _Marks(threading.local):
    """A per-thread bit-per-row bitmap, kept all zero between uses (no per-query allocation)."""

    bits: U64 = np.zeros(0, dtype=np.uint64)


_marks = _Marks()


def row_bits(size: int) -> U64:
    """This thread's all-zero bitmap of at least ``size`` rows; kernels reset what they set."""
    words = (size >> 6) + 1
    if _marks.bits.size < words:
        _marks.bits = np.zeros(words + words // 8, dtype=np.uint64)
    return _marks.bits


def _prune_args(prune: TypedPrune | None) -> tuple[np.uint64, int]:
    return (np.uint64(0), 0) if prune is None else prune.arguments()


def all_rows(data: IndexData) -> U32:
    """Every row (removed and scanned-store rows are filtered later)."""
    return np.arange(data.n, dtype=np.uint32)


def tail_rows(data: IndexData) -> U32:
    """Rows added since the posting lists were built."""
    return np.arange(data.postings.built_n, data.n, dtype=np.uint32)


def posting_cost(data: IndexData, locus: str, gids: Sequence[int]) -> int:
    """Rows a posting-list read would return, plus a per-list charge."""
    return data.postings.size(locus, gids) + LIST_COST * len(gids) + data.n - data.postings.built_n


def posting_rows(data: IndexData, locus: str, gids: Sequence[int], prune: TypedPrune | None = None) -> U32:
    """Rows whose genotype at ``locus`` has one of the gids (from the lists plus the unindexed tail);
    ``prune`` drops listed not-typed rows typed at too few query loci."""
    listed = data.postings.rows(locus, gids, prune)
    tail = tail_rows(data)
    return np.concatenate([listed, tail]) if tail.size else listed


def scan_rows(data: IndexData, locus: str, keep: Bool) -> U32:
    """Full column scan: rows whose genotype gid at ``locus`` is kept."""
    by_code = keep[data.genotypes[locus].gid_of]
    return np.flatnonzero(by_code[data.store.column(locus)]).astype(np.uint32)


def kept_count(data: IndexData, locus: str, keep: Bool) -> int:
    """Live rows whose genotype gid at ``locus`` is kept."""
    counts: I64 = data.genotypes[locus].counts
    return int(counts[keep].sum())


def intersect(
    data: IndexData,
    first: tuple[str, Sequence[int]],
    second: tuple[str, Sequence[int]],
    prune: TypedPrune | None = None,
) -> U32:
    """Rows in the posting lists of both (locus, gids) selections (and the unindexed tail), through this
    thread's row bitmap."""
    one, two = data.postings.selection(*first), data.postings.selection(*second)
    out = np.empty(max(span_rows(one[1]), span_rows(two[1])), dtype=np.uint32)
    found = out[: kernels.pair_rows(one, two, *_prune_args(prune), row_bits(data.n), out)]
    tail = tail_rows(data)
    return np.concatenate([found, tail]) if tail.size else found


def lookup(data: IndexData, locus: str, by_gid: Array, rows: U32) -> Array:
    """A per-genotype-id table read for rows at a locus (through a per-code table for many rows,
    which saves one gather per row)."""
    table = data.genotypes[locus]
    if rows.size < LUT_ROWS:
        return by_gid[table.gid_of[data.store.column(locus)[rows]]]
    return by_gid[table.gid_of][data.store.column(locus)[rows]]


def union(parts: Sequence[U32]) -> U32:
    """Sorted union of row arrays."""
    if not parts:
        return np.empty(0, dtype=np.uint32)
    return np.unique(np.concatenate(parts)).astype(np.uint32)


def usable(data: IndexData, rows: U32, category_ok: Bool) -> U32:
    """Column-store rows of an allowed category (removed and scanned-store rows drop out)."""
    return rows[category_ok[data.store.cat[rows]]]


def all_allowed(data: IndexData, category_ok: Bool) -> bool:
    """True if every registered category is allowed (removed rows are still filtered later)."""
    return bool(category_ok[: len(data.store.categories)].all())


def scanned_allowed(data: IndexData, rows: U32, category_ok: Bool) -> Bool:
    """Mask over scanned-store rows of an allowed category."""
    codes = data.store.cat[rows] & (IRREGULAR - 1)
    result: Bool = category_ok[codes]
    return result


def gid_codes(data: IndexData, loci: Sequence[str], prum: bool = False) -> tuple[U16, I64, list[int]]:
    """Concatenated genotype codes (or Prüm codes) of every gid of ``loci``, their query-locus index
    (position in ``loci``) and the split offsets."""
    tables = [data.genotypes[locus] for locus in loci]
    parts = [table.prum if prum else table.codes for table in tables]
    sizes = [part.size for part in parts]
    codes = np.concatenate(parts) if parts else np.empty(0, dtype=np.uint16)
    loc = np.repeat(np.arange(len(loci), dtype=np.int64), sizes)
    return codes, loc, np.cumsum(sizes)[:-1].tolist()


def gathered_gids(data: IndexData, locus: str, rows: U32) -> U16:
    """Genotype gids of rows at a locus."""
    return data.genotypes[locus].gid_of[data.store.column(locus)[rows]]


def column_codes(data: IndexData, loci: Sequence[str], rows: U32) -> U16:
    """Genotype codes ``(loci, rows)`` gathered from the columns."""
    if not loci:
        return np.empty((0, rows.size), dtype=np.uint16)
    positions = np.array([data.store.position(locus) for locus in loci], dtype=np.intp)
    codes: U16 = data.store.grid[positions[:, None], rows]  # one gather over the grid, not one per locus
    return codes
