"""The small separately scanned store: mixtures and calls that do not fit a two-allele genotype code.

Mixture profiles (dna.md §6.2.2), single-source profiles with a locus of three or more reported alleles
(tri-allelic patterns, duplicated reports) live here. Per locus a row keeps its reported allele codes as
sorted ``uint8`` slots (the multiset, as the matchers count wildcards and pairs by multiplicity) and the
genotype code of its Prüm export (mixtures and profiles the exporter refuses are never Prüm candidates).
The arrays are rebuilt on demand after a change and scanned in full by every search.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from jointdesk.dna.compute.alleles import WILDCARD
from jointdesk.dna.compute.errors import ExportRefusedError
from jointdesk.dna.compute.profile import Profile
from jointdesk.dna.compute.prum import prum_export
from jointdesk.dna.index.encoding import (
    NOT_TYPED,
    PAD,
    STAR_CODE,
    U8,
    U16,
    U32,
    Bool,
    LocusAlleles,
    pair_code,
)


@dataclass(frozen=True)
class IrregularArrays:
    """The scanned store over the index loci. Per locus ``l`` the distinct calls form a table
    (``call_slots[l]`` ``(K, C)`` sorted codes, ``call_counts[l]``; call 0 = not typed) and
    ``call_ids[l, i]`` picks row ``i``'s call; ``prum`` holds the Prüm export codes ``(L, m)``.
    ``version`` changes with every change of the store (a cache key)."""

    version: int
    rows: U32
    call_ids: U16
    call_slots: tuple[U8, ...]
    call_counts: tuple[U8, ...]
    prum: U16
    mixture: Bool
    exportable: Bool


@dataclass(frozen=True)
class _Entry:
    row: int
    mixture: bool
    calls: Mapping[str, tuple[int, ...]]
    prum: Mapping[str, int] | None


class IrregularStore:
    """Mixtures and irregular single-source profiles, scanned in full."""

    __slots__ = ("_cache", "_entries", "_version")

    def __init__(self) -> None:
        self._entries: dict[int, _Entry] = {}
        self._cache: tuple[tuple[str, ...], IrregularArrays] | None = None
        self._version = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, row: object) -> bool:
        return row in self._entries

    def add(self, row: int, profile: Profile, dictionaries: Mapping[str, LocusAlleles]) -> None:
        """Store a profile under a row number."""
        calls = {
            locus: tuple(sorted(dictionaries[locus].code(allele) for allele in call.alleles))
            for locus, call in profile.loci.items()
            if call.is_typed
        }
        self._entries[row] = _Entry(row, profile.mixture, calls, _prum_codes(profile, dictionaries))
        self._cache = None
        self._version += 1

    def remove(self, row: int) -> None:
        """Drop a row."""
        self._entries.pop(row, None)
        self._cache = None
        self._version += 1

    def entry_calls(self, row: int) -> tuple[bool, Mapping[str, tuple[int, ...]]]:
        """(mixture flag, allele codes per typed locus) of a stored row."""
        entry = self._entries[row]
        return entry.mixture, entry.calls

    def arrays(self, loci: Sequence[str]) -> IrregularArrays:
        """The store as arrays over ``loci`` (cached until the next change)."""
        key = tuple(loci)
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, _materialise(list(self._entries.values()), key, self._version))
        return self._cache[1]

    def nbytes(self) -> int:
        """Approximate bytes of the cached arrays."""
        if self._cache is None:
            return 0
        arrays = self._cache[1]
        tables = sum(a.nbytes for a in (*arrays.call_slots, *arrays.call_counts))
        return tables + sum(a.nbytes for a in (arrays.rows, arrays.call_ids, arrays.prum, arrays.mixture))


def _prum_codes(profile: Profile, dictionaries: Mapping[str, LocusAlleles]) -> dict[str, int] | None:
    if profile.mixture:
        return None
    try:
        exported = prum_export(profile)
    except ExportRefusedError:
        return None
    codes: dict[str, int] = {}
    for locus, pair in exported.loci.items():
        first, second = (STAR_CODE if v == WILDCARD else dictionaries[locus].code(v) for v in pair)
        codes[locus] = pair_code(first, second)
    return codes


def _call_table(calls: dict[tuple[int, ...], int], width: int) -> tuple[U8, U8]:
    slots = np.full((width, len(calls) + 1), PAD, dtype=np.uint8)
    counts = np.zeros(len(calls) + 1, dtype=np.uint8)
    for codes, cid in calls.items():
        slots[: len(codes), cid] = codes
        counts[cid] = len(codes)
    return slots, counts


def _materialise(entries: list[_Entry], loci: tuple[str, ...], version: int) -> IrregularArrays:
    width = max([2, *(len(codes) for entry in entries for codes in entry.calls.values())])
    size, columns = len(entries), len(loci)
    call_ids = np.zeros((columns, size), dtype=np.uint16)
    distinct: list[dict[tuple[int, ...], int]] = [{} for _ in loci]
    prum = np.full((columns, size), NOT_TYPED, dtype=np.uint16)
    position = {locus: j for j, locus in enumerate(loci)}
    for i, entry in enumerate(entries):
        for locus, codes in entry.calls.items():
            table = distinct[position[locus]]
            call_ids[position[locus], i] = table.setdefault(codes, len(table) + 1)
        for locus, code in (entry.prum or {}).items():
            prum[position[locus], i] = code
    tables = [_call_table(calls, width) for calls in distinct]
    return IrregularArrays(
        version=version,
        rows=np.array([entry.row for entry in entries], dtype=np.uint32),
        call_ids=call_ids,
        call_slots=tuple(slots for slots, _ in tables),
        call_counts=tuple(counts for _, counts in tables),
        prum=prum,
        mixture=np.array([entry.mixture for entry in entries], dtype=np.bool_),
        exportable=np.array([entry.prum is not None for entry in entries], dtype=np.bool_),
    )
