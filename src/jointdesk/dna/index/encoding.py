"""Allele and genotype codes for the STR index (dna.md §6.2.1).

Per locus, designated alleles get ``uint8`` codes 0..0xFB in order of first appearance; ``0xFC`` is ``OL`` and
``0xFD`` the wildcard ``*``. A genotype is ``(lo << 8) | hi`` with lo ≤ hi; a single designated allele is
``(a << 8) | a`` (the matchers treat ``13`` and ``13,13`` alike). A lone ``OL`` or ``*`` reported once is
``(x << 8) | 0xFE``: the matchers count a wildcard reported once as one allele, reported twice as two.
``0xFFFF`` is "not typed". Calls with more than two reported alleles are not encoded here (they live in the
separately scanned store, :mod:`jointdesk.dna.index.irregular`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from jointdesk.dna.compute.alleles import OFF_LADDER, WILDCARD
from jointdesk.dna.compute.errors import DnaError
from jointdesk.dna.compute.profile import LocusCall

U8 = npt.NDArray[np.uint8]
U16 = npt.NDArray[np.uint16]
U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]
I16 = npt.NDArray[np.int16]
I64 = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]
Array = npt.NDArray[Any]

NOT_TYPED = 0xFFFF
OL_CODE = 0xFC
STAR_CODE = 0xFD
SINGLE = 0xFE
PAD = 0xFF
#: Designated alleles per locus: codes 0..0xFB.
MAX_DESIGNATED = 0xFC
#: Size of a per-locus lookup table over allele codes (0..0xFF).
CODE_SPACE = 256


class IndexCapacityError(DnaError):
    """A locus has more distinct alleles than the ``uint8`` code space holds (252 designated)."""


class LocusAlleles:
    """The allele dictionary of one locus: designation ↔ ``uint8`` code (``OL`` and ``*`` reserved)."""

    __slots__ = ("_code", "_label", "locus")

    def __init__(self, locus: str) -> None:
        self.locus = locus
        self._code: dict[str, int] = {OFF_LADDER: OL_CODE, WILDCARD: STAR_CODE}
        self._label: list[str] = []

    def __len__(self) -> int:
        return len(self._label)

    def code(self, allele: str) -> int:
        """The code of an allele, assigning the next free code to a new designation."""
        found = self._code.get(allele)
        if found is not None:
            return found
        if len(self._label) >= MAX_DESIGNATED:
            raise IndexCapacityError(f"{self.locus}: more than {MAX_DESIGNATED} distinct alleles")
        self._code[allele] = len(self._label)
        self._label.append(allele)
        return len(self._label) - 1

    def find(self, allele: str) -> int | None:
        """The code of an allele, or ``None`` if it was never indexed."""
        return self._code.get(allele)

    def label(self, code: int) -> str:
        """The designation of a code (``OL``/``*`` for the reserved codes)."""
        if code == OL_CODE:
            return OFF_LADDER
        if code == STAR_CODE:
            return WILDCARD
        return self._label[code]

    def labels(self) -> tuple[str, ...]:
        """Designations by code (0..len-1)."""
        return tuple(self._label)


def is_wild_token(code: int) -> bool:
    """True for the reserved ``OL`` and ``*`` codes."""
    return code in (OL_CODE, STAR_CODE)


def pair_code(first: int, second: int) -> int:
    """``(lo << 8) | hi`` of two allele codes."""
    low, high = (first, second) if first <= second else (second, first)
    return (low << 8) | high


def call_code(call: LocusCall | None, alleles: LocusAlleles) -> int | None:
    """Genotype code of a call; ``None`` if it has more than two reported alleles (irregular store)."""
    if call is None or not call.is_typed:
        return NOT_TYPED
    if len(call.alleles) > 2:
        return None
    codes = [alleles.code(allele) for allele in call.alleles]
    if len(codes) == 1:
        only = codes[0]
        return (only << 8) | (SINGLE if is_wild_token(only) else only)
    return pair_code(codes[0], codes[1])


def code_alleles(code: int, alleles: LocusAlleles) -> tuple[str, ...]:
    """The reported alleles a genotype code stands for (``()`` if not typed)."""
    if code == NOT_TYPED:
        return ()
    low, high = code >> 8, code & 0xFF
    if high == SINGLE:
        return (alleles.label(low),)
    return (alleles.label(low), alleles.label(high))


def has_reserved(codes: U16) -> Bool:
    """Typed genotype codes holding ``OL``, ``*`` or a lone wildcard-like token."""
    low, high = codes >> 8, codes & 0xFF
    typed = codes != NOT_TYPED
    result: Bool = typed & ((low >= OL_CODE) | (high >= OL_CODE))
    return result


def code_slots(codes: U16) -> tuple[U8, U8]:
    """Sorted allele-code slots ``(2, ...)`` and reported-allele counts of genotype codes (0 = not typed)."""
    low = (codes >> 8).astype(np.uint8)
    high = (codes & 0xFF).astype(np.uint8)
    single = high == SINGLE
    slots = np.stack([low, np.where(single, np.uint8(PAD), high)])
    counts = np.where(codes == NOT_TYPED, 0, np.where(single, 1, 2)).astype(np.uint8)
    return slots, counts
