"""What one query locus asks of a candidate genotype, per genotype id: passing, kept, penalty.

Derived from the per-genotype-id comparison states of :class:`jointdesk.dna.index.codis_tally.LocusStates`
and bundled per query locus (:class:`LocusRules`), so a search reads one cached object per locus instead
of looking up each table separately.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jointdesk.dna.index import scan
from jointdesk.dna.index.core import IndexData
from jointdesk.dna.index.encoding import U8, U16, Bool
from jointdesk.dna.index.evaluate import DIFF_SHIFT, OUTCOME, TYPED, VIOLATION
from jointdesk.dna.index.query import CodisQuery


def passing(q: CodisQuery, states: U16) -> Bool:
    """Genotype ids passing the policy's stringency without a required-allele violation."""
    accepted = q.accepted[states & OUTCOME]
    result: Bool = ((states & TYPED) != 0) & accepted & ((states & VIOLATION) == 0)
    return result


def keep(q: CodisQuery, states: U16, slack: int) -> Bool:
    """Genotype ids a row may hold at one locus and still match."""
    tolerable = (states >> DIFF_SHIFT) <= q.policy.mismatch_tolerance
    result: Bool = passing(q, states) | ((slack >= 1) & tolerable & ((states & VIOLATION) == 0))
    return result


def penalty(q: CodisQuery, states: U16) -> U8:
    """Per genotype id: 0 passes, 1 + differing alleles for a tolerable non-passing locus (not typed
    counts as 1), 255 for a required-allele violation."""
    diff = np.minimum(states >> DIFF_SHIFT, 250).astype(np.uint8) + 1
    found = np.where(passing(q, states), 0, np.where((states & VIOLATION) != 0, 255, diff))
    return found.astype(np.uint8)


@dataclass(frozen=True, slots=True)
class LocusRules:
    """One query locus's tables over genotype ids, for a given slack (whether any locus may fail)."""

    keep: list[int]  # genotype ids a match may hold
    passes: list[int]  # genotype ids that pass
    kept: int  # live rows holding a kept genotype id
    penalty: U8  # see :func:`penalty`

    @classmethod
    def of(cls, data: IndexData, q: CodisQuery, locus: str, states: U16, slack: int) -> LocusRules:
        kept = keep(q, states, slack)
        return cls(
            keep=np.flatnonzero(kept).tolist(),
            passes=np.flatnonzero(passing(q, states)).tolist(),
            kept=scan.kept_count(data, locus, kept),
            penalty=penalty(q, states),
        )
