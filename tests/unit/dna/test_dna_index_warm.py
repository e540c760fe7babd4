"""Comparison states computed at build equal the states a search evaluates on demand."""

from __future__ import annotations

import numpy as np

from jointdesk.dna.compute import CodisPolicy, Stringency
from jointdesk.dna.index import StrIndex
from jointdesk.dna.index.codis_tally import LocusStates
from jointdesk.dna.index.query import codis_query
from jointdesk.dna.synthetic import SyntheticConfig, SyntheticProfiles, generate, stain


def _data() -> SyntheticProfiles:
    return generate(SyntheticConfig(size=3_000, seed=11))


def _index() -> StrIndex:
    data = _data()
    index = StrIndex()
    index.add_block(data.block)
    index.optimize()
    return index


def test_pinned_states_equal_on_demand_evaluation() -> None:
    index = _index()
    data = index._data
    query = _data().profile(7)
    q = codis_query(query, CodisPolicy(Stringency.HIGH, min_loci=8), data.alleles)
    pinned = LocusStates(data, q)
    assert pinned.cached(), "every locus of a registered-genotype query is ready after build"
    data.state_cache.pin({})
    evaluated = LocusStates(data, q)
    evaluated.ensure(range(len(q.loci)))
    for j in range(len(q.loci)):
        np.testing.assert_array_equal(pinned.by_gid[j], evaluated.by_gid[j])


def test_unregistered_genotypes_and_other_switches_evaluate_on_demand() -> None:
    index = _index()
    data = index._data
    query = stain(_data(), 5, seed=1, loci=10)
    strict = codis_query(query, CodisPolicy(Stringency.HIGH, min_loci=8, ol_as_wildcard=False), data.alleles)
    assert not LocusStates(data, strict).cached()
    assert index.cache_bytes() > 0
