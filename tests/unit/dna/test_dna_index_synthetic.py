"""Synthetic STR profiles (dna.md §6.3): reproducible, planted rows as described, helpers for queries."""

from __future__ import annotations

import numpy as np
import pytest

from jointdesk.dna.compute import CODIS_20, CodisPolicy, Stringency, codis_match, compare
from jointdesk.dna.synthetic import Kind, SyntheticConfig, generate, mixture_of, stain

CONFIG = SyntheticConfig(size=4_000, seed=11, off_ladder=0.01, wildcards=0.01, mixtures=5)


@pytest.fixture(scope="module")
def data():  # type: ignore[no-untyped-def]
    return generate(CONFIG)


def test_same_seed_same_profiles(data) -> None:  # type: ignore[no-untyped-def]
    again = generate(CONFIG)
    assert np.array_equal(again.block.first, data.block.first)
    assert np.array_equal(again.block.second, data.block.second)
    assert again.block.refs.tolist() == data.block.refs.tolist() and again.mixtures == data.mixtures
    other = generate(SyntheticConfig(size=4_000, seed=12))
    assert not np.array_equal(other.block.first, data.block.first)


def test_shape_labels_and_categories(data) -> None:  # type: ignore[no-untyped-def]
    block = data.block
    assert block.loci == CODIS_20.loci and block.first.shape == (4_000, 20) and len(data) == 4_000
    assert all(labels[-2:] == ("OL", "*") for labels in block.labels)
    assert (block.first <= block.second).all()
    assert set(block.category_names) >= {"offender", "arrestee", "forensic_unknown"}
    assert (
        data.ref(0) == "S0000000"
        and data.category(int(np.flatnonzero(data.kinds == Kind.PARTIAL)[0])) == "forensic_unknown"
    )


def test_planted_rows_follow_the_rates(data) -> None:  # type: ignore[no-untyped-def]
    counts = np.bincount(data.kinds, minlength=6)
    assert counts[Kind.DUPLICATE] == 40 and counts[Kind.NEAR] == 40 and counts[Kind.PARTIAL] == 200
    assert counts[Kind.PARENT_CHILD] == counts[Kind.SIBLING] == 20
    derived = data.kinds != Kind.RANDOM
    assert (data.sources[derived] >= 0).all() and (data.kinds[data.sources[derived]] == Kind.RANDOM).all()


def test_duplicates_near_matches_and_partials(data) -> None:  # type: ignore[no-untyped-def]
    block = data.block
    for row in np.flatnonzero(data.kinds == Kind.DUPLICATE):
        assert data.profile(row).loci == data.profile(data.sources[row]).loci
    for row in np.flatnonzero(data.kinds == Kind.NEAR):
        source = data.sources[row]
        differing = (block.first[row] != block.first[source]) | (block.second[row] != block.second[source])
        assert differing.sum() == 1
        j = int(np.flatnonzero(differing)[0])
        if block.labels[j][block.second[row, j]] != "*":
            mine, theirs = data.profile(row).loci[block.loci[j]], data.profile(source).loci[block.loci[j]]
            assert compare(mine, theirs, ol_as_wildcard=False).diff_alleles == 1
    typed = (block.first[data.kinds == Kind.PARTIAL] >= 0).sum(axis=1)
    assert typed.min() >= 8 and typed.max() <= 19


def test_relatives_share_alleles(data) -> None:  # type: ignore[no-untyped-def]
    for row in np.flatnonzero(data.kinds == Kind.PARENT_CHILD)[:10]:
        child, parent = data.profile(row), data.profile(data.sources[row])
        assert all(set(child.loci[k].alleles) & set(parent.loci[k].alleles) for k in child.loci)


def test_tokens_and_mixtures(data) -> None:  # type: ignore[no-untyped-def]
    profiles = data.profiles()
    assert any("OL" in c.alleles for p in profiles for c in p.loci.values())
    assert any("*" in c.alleles for p in profiles for c in p.loci.values())
    assert len(data.mixtures) == 5 and all(m.mixture for m in data.mixtures)
    assert any(len(c.alleles) > 2 for m in data.mixtures for c in m.loci.values())


def test_stains_and_mixture_queries_match_their_sources(data) -> None:  # type: ignore[no-untyped-def]
    policy = CodisPolicy(Stringency.MODERATE, min_loci=8)
    for row in (3, 30, 300):
        query = stain(data, row, seed=row, loci=9, dropout=0.5)
        assert len(query.loci) == 9 and codis_match(query, data.profile(row), policy).match
    mixture = mixture_of(data, (5, 6), seed=1, required=3)
    assert sum(bool(c.required) for c in mixture.loci.values()) == 3
    assert codis_match(mixture, data.profile(5), policy).match
