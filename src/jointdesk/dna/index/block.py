"""Bulk import of single-source profiles given as allele-index columns (synthetic data, offline loads).

A :class:`GenotypeBlock` holds, per locus, a label table (canonical designations, ``OL`` and ``*``
allowed) and two ``int16`` columns of label indices (``-1`` = not typed); genotypes are encoded to the
index's ``uint16`` codes in one vectorised pass per locus.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from jointdesk.dna.compute.alleles import parse_allele
from jointdesk.dna.compute.errors import DnaError
from jointdesk.dna.compute.loci import canonical_autosomal_locus
from jointdesk.dna.index.encoding import NOT_TYPED, U16, LocusAlleles
from jointdesk.dna.index.lookup import text_keys

I16Matrix = npt.NDArray[np.int16]


@dataclass(frozen=True)
class GenotypeBlock:
    """Single-source profiles as columns: ``first``/``second`` are ``(rows, loci)`` label indices."""

    refs: npt.NDArray[np.bytes_]
    category_names: tuple[str, ...]
    category_index: npt.NDArray[np.uint8]
    loci: tuple[str, ...]
    labels: tuple[tuple[str, ...], ...]
    first: I16Matrix
    second: I16Matrix

    def __post_init__(self) -> None:
        rows, width = self.first.shape
        if self.second.shape != (rows, width) or width != len(self.loci) or len(self.labels) != width:
            raise DnaError("genotype block: first/second must be (rows, loci) with one label table per locus")
        if self.refs.shape != (rows,) or self.category_index.shape != (rows,):
            raise DnaError("genotype block: one reference and one category per row")
        for locus, labels in zip(self.loci, self.labels, strict=True):
            if canonical_autosomal_locus(locus) != locus:
                raise DnaError(f"genotype block: {locus!r} is not a canonical locus name")
            if any(parse_allele(label) != label for label in labels):
                raise DnaError(f"genotype block: {locus} labels must be canonical designations")

    def __len__(self) -> int:
        return int(self.refs.size)


def encode_locus(block: GenotypeBlock, j: int, alleles: LocusAlleles) -> U16:
    """The ``uint16`` genotype codes of one locus of a block."""
    table = np.array([alleles.code(label) for label in block.labels[j]] + [0], dtype=np.uint16)
    first, second = block.first[:, j], block.second[:, j]
    a, b = table[first], table[second]
    codes = (np.minimum(a, b) << 8) | np.maximum(a, b)
    untyped = (first < 0) | (second < 0)
    return np.where(untyped, np.uint16(NOT_TYPED), codes).astype(np.uint16)


def has_duplicate_refs(block: GenotypeBlock) -> bool:
    """True if two rows of a block share a reference."""
    keys = text_keys(block.refs)
    unique_keys, counts = np.unique(keys, return_counts=True)
    if not (counts > 1).any():
        return False
    refs = block.refs[np.isin(keys, unique_keys[counts > 1])]
    return bool(np.unique(refs).size < refs.size)
