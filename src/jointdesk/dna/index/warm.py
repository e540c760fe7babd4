"""Comparison states of every registered genotype against every other, per locus, computed at build.

A query call that is a registered genotype (the common case: genotypes repeat, a locus has a few hundred)
then finds its per-genotype-id states ready instead of evaluating them on its first search, and the same
for the calls of the small scanned store (mixtures). The tables are ``G × G`` and ``G × K`` per locus
(``G`` distinct genotypes, ``K`` distinct scanned calls: independent of the number of profiles) and are
keyed like the searches' own cache entries (default policy switches: ``OL`` as wildcard, required
alleles enforced), so any other query simply evaluates on demand as before.
"""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np

from jointdesk.dna.compute.codis import CodisPolicy
from jointdesk.dna.compute.profile import LocusCall
from jointdesk.dna.index.encoding import U8, U16, code_alleles, code_slots
from jointdesk.dna.index.evaluate import codis_states
from jointdesk.dna.index.genotypes import GenotypeTable
from jointdesk.dna.index.irregular import IrregularArrays
from jointdesk.dna.index.query import CodisQuery, locus_entry

#: Loci with more distinct genotypes than this are left to the on-demand cache (table grows as G²).
MAX_GENOTYPES = 2048
_POLICY = CodisPolicy()


def genotype_states(tables: dict[str, GenotypeTable], scanned: IrregularArrays) -> dict[Hashable, U16]:
    """States keyed as :class:`jointdesk.dna.index.codis_tally.LocusStates` and the scanned-store search
    look them up; ``scanned`` holds the scanned store over the loci of ``tables`` (in that order)."""
    found: dict[Hashable, U16] = {}
    for position, (locus, table) in enumerate(tables.items()):
        if not 1 < len(table) <= MAX_GENOTYPES:
            continue
        query = _genotype_query(locus, table)
        slots, counts = code_slots(table.codes)
        found.update(_states(query, (slots, counts), (locus,), (len(table),)))
        calls = (scanned.call_slots[position], scanned.call_counts[position])
        found.update(_states(query, calls, ("scanned", locus), (scanned.version,)))
    return found


def _states(
    query: CodisQuery, calls: tuple[U8, U8], before: tuple[Hashable, ...], after: tuple[Hashable, ...]
) -> dict[Hashable, U16]:
    """Every query locus (one per genotype) against every candidate call, keyed ``(*before, call key,
    *after)``."""
    slots, counts = calls
    size, width = len(query.entries), counts.size
    loc = np.repeat(np.arange(size, dtype=np.int64), width)
    states = codis_states(query, loc, np.tile(slots, size), np.tile(counts, size)).reshape(size, width)
    keys = [(*before, (_POLICY.ol_as_wildcard, entry), *after) for entry in query.entries]
    return dict(zip(keys, states, strict=True))


def _genotype_query(locus: str, table: GenotypeTable) -> CodisQuery:
    """One query locus per registered genotype of ``locus``."""
    codes = table.codes[1:].tolist()  # gid 0 = not typed is never a query call
    calls = [LocusCall(locus, code_alleles(code, table.alleles)) for code in codes]
    entries = tuple(locus_entry(_POLICY, call, table.alleles) for call in calls)
    return CodisQuery(
        policy=_POLICY,
        loci=(locus,) * len(entries),
        mixture=False,
        remap=None,
        entries=entries,
        key_codes=tuple(entry.key_code for entry in entries),
        cache_keys=None,
        plain_codes=None,
    )
