"""Every one of the 1,036 NIST genotypes finds itself and only itself at high stringency through the
index (a quarter also with every typed locus required, a sixth as the only Prüm full match); a sample
is cross-checked by brute force."""

from __future__ import annotations

import pytest

from jointdesk.dna.compute import (
    CodisPolicy,
    MatchQuality,
    Profile,
    PrumPolicy,
    Stringency,
    build_profile,
    codis_match,
)
from jointdesk.dna.index import StrIndex


def _row_loci(row: dict[str, str]) -> dict[str, list[str]]:
    loci: dict[str, list[str]] = {}
    for key, value in row.items():
        if key not in {"sample", "population"}:
            loci.setdefault(key.rsplit("_", 1)[0], []).append(value)
    return loci


@pytest.fixture(scope="module")
def nist(nist_genotype_rows: list[dict[str, str]]) -> tuple[StrIndex, list[Profile]]:
    profiles = [build_profile(row["sample"], _row_loci(row)) for row in nist_genotype_rows]
    index = StrIndex()
    for profile in profiles:
        index.add(profile.profile_ref, profile, "offender")
    return index, profiles


def test_the_nist_set_is_indexed_whole(nist: tuple[StrIndex, list[Profile]]) -> None:
    index, profiles = nist
    assert len(profiles) == len(index) == 1036 and len(index.loci) == 29


def test_each_genotype_finds_itself_only_at_high_stringency(nist: tuple[StrIndex, list[Profile]]) -> None:
    index, profiles = nist
    default = CodisPolicy(Stringency.HIGH)
    for number, profile in enumerate(profiles):
        policies = [default]
        if number % 4 == 0:  # every typed locus required: the exact-match hash path
            policies.append(CodisPolicy(Stringency.HIGH, min_loci=len(profile.typed_loci)))
        for policy in policies:
            found = index.search(profile, policy)
            assert [(c.profile_ref, c.quality) for c in found] == [(profile.profile_ref, Stringency.HIGH)]


def test_each_genotype_is_its_only_prum_full_match(nist: tuple[StrIndex, list[Profile]]) -> None:
    index, profiles = nist
    for profile in profiles[::6]:
        found = index.search(profile, PrumPolicy())
        assert [(c.profile_ref, c.quality) for c in found] == [(profile.profile_ref, MatchQuality.FULL)]


def test_brute_force_agrees_on_a_sample(nist: tuple[StrIndex, list[Profile]]) -> None:
    index, profiles = nist
    policy = CodisPolicy(Stringency.HIGH, min_loci=10)
    for query in profiles[::700]:
        expected = {p.profile_ref for p in profiles if codis_match(query, p, policy).match}
        assert expected == {c.profile_ref for c in index.search(query, policy)} == {query.profile_ref}
