"""KAT-1 and RMP properties (dna.md §4.2, §4.3, §5 KAT-1)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jointdesk.dna.compute import (
    DnaError,
    FrequencyTable,
    OffLadderPolicy,
    ProfileError,
    RmpMethod,
    build_profile,
    database_search_statistic,
    genotype_probability,
    load_frequency_table,
    make_genotype,
    match_probability,
    profile_rmp,
)
from jointdesk.dna.compute.rmp import most_conservative, rmp_by_population

REL = 1e-6

KAT1_TABLE = FrequencyTable.from_frequencies(
    {
        "D3S1358": {"15": 0.25, "16": 0.22},
        "vWA": {"17": 0.28},
        "FGA": {"22": 0.19, "24": 0.14},
    },
    name="kat1",
)
KAT1_PROFILE = build_profile("kat1", {"D3S1358": "15,16", "vWA": "17,17", "FGA": "22,24"})


def test_kat1_homozygote_theta_pedprobr() -> None:
    """pedprobr test-theta-correction: aa, p = 0.3, θ = 0.01 → 0.0921."""
    assert genotype_probability(make_genotype("a"), {"a": 0.3}, 0.01) == pytest.approx(0.0921, rel=REL)


def test_kat1_single_typed_homozygote_familias() -> None:
    """Familias FamiliasPosterior example 4: one typed A/A, f(A) = 0.3, Fst = 0.03 → 0.0963."""
    probability = match_probability(make_genotype("A"), {"A": 0.3}, RmpMethod.NRC_4_1, 0.03)
    assert probability == pytest.approx(0.0963, rel=REL)


def test_kat1_eq_4_10a_and_4_10b() -> None:
    homozygote = match_probability(make_genotype("a"), {"a": 0.3}, RmpMethod.NRC_4_10, 0.01)
    heterozygote = match_probability(make_genotype("a", "b"), {"a": 0.1, "b": 0.2}, RmpMethod.NRC_4_10, 0.03)
    assert homozygote == pytest.approx(0.100620268, rel=REL)
    assert heterozygote == pytest.approx(0.052112108, rel=REL)


@pytest.mark.parametrize(
    ("method", "theta", "expected_rmp", "expected_one_in"),
    [
        (RmpMethod.PRODUCT, 0.0, 4.587968e-4, 2179.6),
        (RmpMethod.NRC_REC_4_1, 0.01, 4.705944e-4, 2125.0),
        (RmpMethod.NRC_4_10, 0.01, 5.767659e-4, 1733.8),
        (RmpMethod.NRC_4_10, 0.03, 8.684952e-4, 1151.4),
    ],
)
def test_kat1_three_locus_profile(
    method: RmpMethod, theta: float, expected_rmp: float, expected_one_in: float
) -> None:
    result = profile_rmp(KAT1_PROFILE, KAT1_TABLE, method=method, theta=theta)
    assert result.rmp == pytest.approx(expected_rmp, rel=REL)
    assert abs(result.one_in - expected_one_in) <= 0.05
    assert {item.locus for item in result.loci} == {"D3S1358", "vWA", "FGA"}


def test_eq_4_1b_corrects_heterozygotes_and_rec_4_1_does_not() -> None:
    freqs = {"a": 0.1, "b": 0.2}
    genotype = make_genotype("a", "b")
    assert match_probability(genotype, freqs, RmpMethod.NRC_4_1, 0.01) == pytest.approx(2 * 0.1 * 0.2 * 0.99)
    assert match_probability(genotype, freqs, RmpMethod.NRC_REC_4_1, 0.01) == pytest.approx(0.04)


def test_result_records_table_and_configuration() -> None:
    table = load_frequency_table("nist1036", "Asian")
    profile = build_profile("p1", {"TH01": "9,9.3", "vWA": "17", "CSF1PO": "10,12"})
    result = profile_rmp(profile, table, method=RmpMethod.NRC_4_10, theta=0.03)
    assert (result.table_name, result.population, result.n_individuals) == ("nist1036", "Asian", 97)
    assert result.floor == pytest.approx(5 / 194)
    assert result.table_sha256 is not None and len(result.table_sha256) == 64
    assert result.theta == 0.03 and result.likelihood_ratio == pytest.approx(1 / result.rmp)


def test_floor_applies_to_rare_and_unseen_alleles() -> None:
    table = load_frequency_table("nist1036", "Asian")
    profile = build_profile("p2", {"TH01": "6,99"})
    result = profile_rmp(profile, table, method=RmpMethod.PRODUCT)
    low, high = result.loci[0].frequencies
    assert high == pytest.approx(5 / 194)
    assert low == pytest.approx(table.locus_frequencies("TH01")["6"])


def test_off_ladder_policy_floor_or_drop() -> None:
    table = load_frequency_table()
    profile = build_profile("p3", {"TH01": "6,OL", "vWA": "16,17"})
    floored = profile_rmp(profile, table, ol_policy=OffLadderPolicy.FLOOR)
    dropped = profile_rmp(profile, table, ol_policy=OffLadderPolicy.DROP_LOCUS)
    assert len(floored.loci) == 2
    assert [item.locus for item in dropped.loci] == ["vWA"] and "TH01" in dropped.skipped


def test_not_typed_wildcard_and_dropout_loci_are_omitted() -> None:
    table = load_frequency_table()
    profile = build_profile("p4", {"TH01": "", "vWA": "16,*", "FGA": "22,24"})
    result = profile_rmp(profile, table)
    assert [item.locus for item in result.loci] == ["FGA"]
    assert result.skipped == {"vWA": "wildcard"}


def test_mixtures_and_empty_profiles_are_refused() -> None:
    table = load_frequency_table()
    with pytest.raises(ProfileError, match="mixture"):
        profile_rmp(build_profile("m", {"vWA": "14,15,16"}, mixture=True), table)
    with pytest.raises(ProfileError, match="more than two"):
        profile_rmp(build_profile("m", {"vWA": "14,15,16"}), table)
    with pytest.raises(DnaError, match="no locus"):
        profile_rmp(build_profile("e", {"vWA": ""}), table)


def test_population_sensitivity_and_most_conservative() -> None:
    profile = build_profile("p5", {"TH01": "9,9.3", "D8S1179": "13,14", "FGA": "22,24"})
    tables = [load_frequency_table("nist1036", pop) for pop in ("All", "Asian", "Cauc")]
    results = rmp_by_population(profile, tables)
    worst = most_conservative(results)
    assert worst.rmp == max(result.rmp for result in results)


def test_database_search_statistic() -> None:
    assert database_search_statistic(1e-9, 1_000_000) == pytest.approx(1e-3)
    with pytest.raises(DnaError):
        database_search_statistic(1e-9, 0)


def test_theta_out_of_range_is_refused() -> None:
    with pytest.raises(DnaError, match="theta"):
        genotype_probability(make_genotype("a"), {"a": 0.3}, 1.0)


_freq = st.floats(min_value=1e-4, max_value=0.5)
_theta = st.floats(min_value=0.0, max_value=0.25)


@given(p=_freq, q=_freq, theta=_theta, method=st.sampled_from(list(RmpMethod)))
def test_match_probability_is_a_probability(p: float, q: float, theta: float, method: RmpMethod) -> None:
    freqs = {"a": p, "b": q}
    for genotype in (make_genotype("a"), make_genotype("a", "b")):
        assert 0.0 < match_probability(genotype, freqs, method, theta) <= 1.0


@given(p=_freq, q=_freq, method=st.sampled_from(list(RmpMethod)))
def test_every_method_is_the_product_rule_at_theta_zero(p: float, q: float, method: RmpMethod) -> None:
    freqs = {"a": p, "b": q}
    for genotype in (make_genotype("a"), make_genotype("a", "b")):
        expected = match_probability(genotype, freqs, RmpMethod.PRODUCT)
        assert match_probability(genotype, freqs, method, 0.0) == pytest.approx(expected, rel=1e-12)


@given(
    alleles=st.lists(st.sampled_from(["8", "9", "9.3", "10", "11", "6", "7"]), min_size=1, max_size=2),
    theta=_theta,
)
def test_profile_rmp_in_unit_interval(alleles: list[str], theta: float) -> None:
    table = load_frequency_table()
    result = profile_rmp(build_profile("h", {"TH01": alleles}), table, theta=theta)
    assert 0.0 < result.rmp <= 1.0
