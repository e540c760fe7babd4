"""The public STR search index (dna.md §6.2): ``add`` / ``remove`` / ``search`` / ``search_batch``.

Answers equal the compute module's matchers, candidate for candidate: :func:`codis_match` under a
:class:`CodisPolicy` (any stringency, minimum loci, required alleles, mismatch tolerance, ``OL`` as
wildcard or not, microvariant equivalences) and :func:`prum_compare` of the Prüm exports under a
:class:`PrumPolicy` (full and near matches). ``categories`` restricts the indexed profiles searched, so
the caller applies its category search policy (dna.md §3.6) before any comparison.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from functools import lru_cache, partial

import numpy as np

from jointdesk.dna.compute.codis import CodisPolicy, CodisResult, codis_match
from jointdesk.dna.compute.errors import DnaError
from jointdesk.dna.compute.loci import CODIS_20
from jointdesk.dna.compute.profile import LocusCall, Profile
from jointdesk.dna.compute.prum import (
    PRUM_EXPORT_LOCI,
    PrumPolicy,
    PrumProfile,
    PrumResult,
    prum_compare,
    prum_export,
    prum_export_values,
)
from jointdesk.dna.index import codis_search, prum_search
from jointdesk.dna.index.batch import run_batch
from jointdesk.dna.index.block import GenotypeBlock, encode_locus, has_duplicate_refs
from jointdesk.dna.index.core import IndexData
from jointdesk.dna.index.encoding import NOT_TYPED, Bool, code_alleles
from jointdesk.dna.index.lookup import text_keys
from jointdesk.dna.index.query import codis_query, prum_query
from jointdesk.dna.index.results import Candidate, codis_candidates, prum_candidates, ranked
from jointdesk.dna.index.store import IRREGULAR, REMOVED

Query = Profile | PrumProfile
Policy = CodisPolicy | PrumPolicy
_EXPORTED = frozenset(PRUM_EXPORT_LOCI)


class StrIndex:
    """In-memory NumPy STR index over single-source profiles, with mixtures in a scanned store.

    ``key_loci`` are the loci of the exact-match hash (default CODIS 20): profiles typed at all of them
    with designated alleles are hashed on their genotypes there.
    """

    def __init__(self, *, key_loci: Sequence[str] = CODIS_20.loci) -> None:
        self._data = IndexData(key_loci)
        self._live = 0

    def __len__(self) -> int:
        return self._live

    def __contains__(self, profile_ref: object) -> bool:
        return isinstance(profile_ref, str) and self._data.store.find(profile_ref) is not None

    @property
    def loci(self) -> tuple[str, ...]:
        """Loci with a column, in order of first appearance."""
        return tuple(self._data.store.loci)

    @property
    def categories(self) -> tuple[str, ...]:
        """Category names seen so far."""
        return tuple(self._data.store.categories)

    @property
    def posting_loci(self) -> tuple[str, ...]:
        """Loci with posting lists (after the last build)."""
        return self._data.postings.loci

    def add(self, profile_ref: str, profile: Profile, category: str) -> None:
        """Index a profile under ``profile_ref`` (the profile's own ``profile_ref`` is not used)."""
        if profile_ref in self:
            raise DnaError(f"profile_ref {profile_ref!r} is already indexed")
        self._data.add_profile(profile_ref, profile, category)
        self._live += 1

    def add_many(self, items: Iterable[tuple[str, Profile, str]]) -> None:
        """Index many ``(profile_ref, profile, category)`` triples."""
        for profile_ref, profile, category in items:
            self.add(profile_ref, profile, category)

    def add_block(self, block: GenotypeBlock) -> None:
        """Index single-source profiles given as allele-index columns, in one vectorised pass."""
        if has_duplicate_refs(block) or (
            len(self) and self._data.store.ref_index.members(text_keys(block.refs)).any()
        ):
            self._check_block_refs(block)
        data = self._data
        for locus in block.loci:
            data.ensure_locus(locus)
        codes = {locus: encode_locus(block, j, data.alleles[locus]) for j, locus in enumerate(block.loci)}
        table = np.array([data.store.category_code(name) for name in block.category_names], dtype=np.uint8)
        data.add_block(block.refs, table[block.category_index], codes)
        self._live += len(block)

    def remove(self, profile_ref: str) -> bool:
        """Remove a profile; ``False`` if it was not indexed."""
        row = self._data.store.find(profile_ref)
        if row is None:
            return False
        self._data.remove_row(row)
        self._live -= 1
        return True

    def optimize(self) -> None:
        """Trim the columns to the rows held and (re)build the posting lists now."""
        self._data.store.trim()
        self._data.build_postings()

    def search(
        self,
        query: Query,
        policy: Policy,
        *,
        categories: Collection[str] | None = None,
        exhaustive: bool = False,
    ) -> list[Candidate]:
        """Indexed profiles matching ``query`` under ``policy``, optionally only of some categories.

        ``exhaustive`` skips the hash, posting lists and progressive filtering and reads every row of
        every query locus (the full-scan baseline; same answers, slower).
        """
        self._data.prepare()
        return self._search(query, policy, self._category_mask(categories), exhaustive)

    def search_batch(
        self,
        queries: Sequence[Query],
        policy: Policy,
        *,
        categories: Collection[str] | None = None,
        workers: int = 1,
        processes: bool = False,
    ) -> list[list[Candidate]]:
        """:meth:`search` for many queries over the shared read-only index: ``workers`` threads, or with
        ``processes`` (where ``fork`` exists) forked worker processes sharing the columns."""
        self._data.prepare()
        search = partial(self._search, policy=policy, mask=self._category_mask(categories))
        return run_batch(search, queries, workers=workers, processes=processes)

    def profile(self, profile_ref: str) -> Profile:
        """The indexed profile as the index holds it (equal to the added one for every matcher)."""
        row = self._data.store.find(profile_ref)
        if row is None:
            raise KeyError(profile_ref)
        data = self._data
        category = data.store.categories[int(data.store.cat[row]) & (IRREGULAR - 1)]
        if row in data.irregular:
            mixture, calls = data.irregular.entry_calls(row)
            loci = {
                locus: LocusCall(locus, tuple(data.alleles[locus].label(code) for code in codes))
                for locus, codes in calls.items()
            }
            return Profile(profile_ref, loci, mixture=mixture, specimen_category=category)
        loci = {}
        for locus in data.store.loci:
            code = int(data.store.column(locus)[row])
            if code != NOT_TYPED:
                loci[locus] = LocusCall(locus, code_alleles(code, data.alleles[locus]))
        return Profile(profile_ref, loci, specimen_category=category)

    def explain(self, query: Query, profile_ref: str, policy: Policy) -> CodisResult | PrumResult:
        """The compute module's full result for one indexed profile (for review screens and tests)."""
        candidate = self.profile(profile_ref)
        if isinstance(policy, PrumPolicy):
            return prum_compare(_prum(query), prum_export(candidate), policy)
        if not isinstance(query, Profile):
            raise TypeError("a CODIS-style search needs a Profile query")
        return codis_match(query, candidate, policy)

    def memory_bytes(self) -> int:
        """Bytes held by all index arrays (columns, hash, posting lists, references, registries)."""
        return self._data.nbytes()

    def cache_bytes(self) -> int:
        """Approximate bytes of the bounded per-genotype comparison-state cache filled by searches."""
        return self._data.state_cache.nbytes()

    def _search(self, query: Query, policy: Policy, mask: Bool, exhaustive: bool = False) -> list[Candidate]:
        data = self._data
        if isinstance(policy, PrumPolicy):
            pq = prum_query(_prum(query), policy, data.alleles, _EXPORTED)
            found = prum_search.search(data, pq, mask, exhaustive=exhaustive)
            return ranked([c for tally in found for c in prum_candidates(data, tally)])
        if not isinstance(query, Profile):
            raise TypeError("a CODIS-style search needs a Profile query")
        q = codis_query(query, policy, data.alleles)
        found_codis = codis_search.search(data, q, mask, exhaustive=exhaustive)
        return ranked([c for tally in found_codis for c in codis_candidates(data, q, tally)])

    def _category_mask(self, categories: Collection[str] | None) -> Bool:
        mask = np.zeros(256, dtype=np.bool_)
        store = self._data.store
        wanted = store.categories if categories is None else categories
        mask[store.category_codes(wanted)] = True
        mask[REMOVED] = False
        return mask

    def _check_block_refs(self, block: GenotypeBlock) -> None:
        if has_duplicate_refs(block):
            raise DnaError("genotype block: duplicate profile_ref values")
        for ref in block.refs.tolist():
            if bytes(ref).decode() in self:
                raise DnaError(f"profile_ref {bytes(ref).decode()!r} is already indexed")


@lru_cache(maxsize=1 << 14)
def _exported_values(alleles: tuple[str, ...]) -> tuple[str, str]:
    return prum_export_values(alleles)


def _prum(query: Query) -> PrumProfile:
    """The query as Prüm would send it: :func:`prum_export` (mixtures refused), values memoised."""
    if isinstance(query, PrumProfile):
        return query
    if query.mixture:
        return prum_export(query)  # raises ExportRefusedError
    loci = {
        name: _exported_values(call.alleles)
        for name, call in query.loci.items()
        if name in _EXPORTED and call.is_typed
    }
    return PrumProfile(profile_ref=query.profile_ref, loci=loci, amel=query.amel)
