"""KAT-2, KAT-3, KAT-8 and kinship-LR properties (dna.md §4.5, §4.6, §5)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jointdesk.dna.compute import (
    AVUNCULAR,
    FIRST_COUSINS,
    FULL_SIBLINGS,
    GRANDPARENT,
    HALF_SIBLINGS,
    PARENT_CHILD,
    RELATIONSHIPS,
    UNRELATED,
    DnaError,
    FrequencyTable,
    MutationModel,
    MutationSpec,
    Relationship,
    build_profile,
    equal_model,
    kinship_lr,
    kinship_lr_locus,
    load_frequency_table,
    make_genotype,
    pair_likelihood,
    related_genotype_probability,
)

REL = 1e-6
KAT2_FREQS = {"1": 0.1, "2": 0.2, "3": 0.7}
KAT2_ORDER = [("1", "1"), ("1", "2"), ("1", "3"), ("2", "2"), ("2", "3"), ("3", "3")]


@pytest.mark.parametrize(
    ("relationship", "expected"),
    [
        (UNRELATED, [0.0303, 0.0585, 0.1733, 0.0585, 0.2554, 0.4241]),
        (FULL_SIBLINGS, [0.0441, 0.3550, 0.2029, 0.0685, 0.2235, 0.1060]),
        (PARENT_CHILD, [0.0731, 0.1808, 0.3192, 0.1077, 0.3192, 0.0]),
    ],
    ids=["unrelated", "full_sibling", "child"],
)
def test_kat2_related_unknown_theta_0_1(relationship: Relationship, expected: list[float]) -> None:
    """euroformix test_calcGjoint: S = {1,2,3,3}, relative 1/2, θ = 0.1 (absolute 5e-5)."""
    computed = [
        related_genotype_probability(
            g, ("1", "2"), KAT2_FREQS, relationship, theta=0.1, conditioned=("3", "3")
        )
        for g in KAT2_ORDER
    ]
    assert computed == pytest.approx(expected, abs=5e-5)
    assert math.fsum(computed) == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize(("p_a", "expected"), [(0.05, 20.0), (0.1, 10.0)])
def test_kat3_paternity_single_marker(p_a: float, expected: float) -> None:
    """forrel test-kinshipLR: father A/A, child A/A."""
    lr = kinship_lr_locus(make_genotype("A"), make_genotype("A"), {"A": p_a, "B": 1 - p_a}, PARENT_CHILD)
    assert lr == pytest.approx(expected, rel=REL)


def test_kat3_paternity_two_markers_multiply() -> None:
    first = kinship_lr_locus(make_genotype("A"), make_genotype("A"), {"A": 0.05}, PARENT_CHILD)
    second = kinship_lr_locus(make_genotype("A"), make_genotype("A"), {"A": 0.1}, PARENT_CHILD)
    assert first * second == pytest.approx(200.0, rel=REL)


def test_kat3_paternity_numeric_alleles_via_profiles() -> None:
    """Father 1/1, child 1/1, p = 0.1 → 10, through the profile-level API without mutation."""
    table = FrequencyTable.from_frequencies({"vWA": {"1": 0.1, "2": 0.9}})
    father = build_profile("f", {"vWA": "1,1"})
    child = build_profile("c", {"vWA": "1"})
    assert kinship_lr(father, child, table, PARENT_CHILD, mutation=None).lr == pytest.approx(10.0, rel=REL)


KAT8_FREQS = {"a": 0.05, "b": 0.1, "c": 0.2, "d": 0.3}
KAT8_PAIRS = [("aa", "aa"), ("ab", "ab"), ("aa", "ab"), ("ab", "ac"), ("ab", "cd"), ("ab", "aa")]


@pytest.mark.parametrize(
    ("relationship", "theta", "expected"),
    [
        (PARENT_CHILD, 0.0, [20, 7.5, 10, 5, 0, 10]),
        (PARENT_CHILD, 0.01, [12.830189, 6.625164, 7.338129, 4.285714, 0, 7.338129]),
        (PARENT_CHILD, 0.03, [7.65343, 5.46241, 4.884793, 3.375796, 0, 4.884793]),
        (FULL_SIBLINGS, 0.0, [110.25, 29.0, 5.25, 2.75, 0.25, 5.25]),
        (FULL_SIBLINGS, 0.01, [53.27837, 23.418414, 3.919065, 2.392857, 0.25, 3.919065]),
        (FULL_SIBLINGS, 0.03, [22.240384, 16.670457, 2.692396, 1.937898, 0.25, 2.692396]),
    ],
)
def test_kat8_closed_form_kinship(relationship: Relationship, theta: float, expected: list[float]) -> None:
    computed = [
        kinship_lr_locus(make_genotype(*g1), make_genotype(*g2), KAT8_FREQS, relationship, theta=theta)
        for g1, g2 in KAT8_PAIRS
    ]
    assert computed == pytest.approx(expected, rel=REL)


def test_kat8_parent_child_theta_closed_form() -> None:
    """§4.5: parent–child aa/aa LR = (1+2θ)/(3θ + (1−θ)p_a)."""
    theta, p_a = 0.02, 0.13
    lr = kinship_lr_locus(make_genotype("a"), make_genotype("a"), {"a": p_a}, PARENT_CHILD, theta=theta)
    assert lr == pytest.approx((1 + 2 * theta) / (3 * theta + (1 - theta) * p_a), rel=1e-12)


def test_second_degree_relatives_share_coefficients() -> None:
    assert (
        (HALF_SIBLINGS.k0, HALF_SIBLINGS.k1)
        == (GRANDPARENT.k0, GRANDPARENT.k1)
        == (AVUNCULAR.k0, AVUNCULAR.k1)
    )
    assert (FIRST_COUSINS.k0, FIRST_COUSINS.k1, FIRST_COUSINS.k2) == (0.75, 0.25, 0.0)
    assert set(RELATIONSHIPS) >= {"parent_child", "full_siblings", "half_siblings", "first_cousins"}


def test_kat4_full_sibs_pair_likelihood() -> None:
    """pedprobr test-mutations: full sibs both 2/2, q = 0.8 → 0.5184; LR vs unrelated 1.265625."""
    freqs = {"1": 0.2, "2": 0.8}
    genotype = make_genotype("2")
    assert pair_likelihood(genotype, genotype, freqs, FULL_SIBLINGS) == pytest.approx(0.5184, rel=REL)
    assert kinship_lr_locus(genotype, genotype, freqs, FULL_SIBLINGS) == pytest.approx(1.265625, rel=REL)


def test_invalid_ibd_coefficients_are_refused() -> None:
    with pytest.raises(DnaError, match="sum to 1"):
        Relationship("bad", 0.5, 0.6, 0.0)


def test_mutation_rescues_a_parent_child_exclusion() -> None:
    freqs = {"1": 0.5, "2": 0.5}
    father, child = make_genotype("1"), make_genotype("2")
    assert kinship_lr_locus(father, child, freqs, PARENT_CHILD) == 0.0
    matrix = equal_model(("1", "2"), 0.1)
    # P(child 22 | father 11) = M[1,2]·p2 = 0.05; P0 = 0.25.
    assert kinship_lr_locus(father, child, freqs, PARENT_CHILD, mutation=matrix) == pytest.approx(0.2)


def test_mutation_is_refused_for_non_parent_child() -> None:
    matrix = equal_model(("1", "2"), 0.1)
    with pytest.raises(DnaError, match="parent-child"):
        kinship_lr_locus(
            make_genotype("1"), make_genotype("2"), {"1": 0.5, "2": 0.5}, FULL_SIBLINGS, mutation=matrix
        )


def test_profile_kinship_default_mutation_and_linkage_warning() -> None:
    table = load_frequency_table()
    father = build_profile("f", {"vWA": "16,17", "D12S391": "18,20", "TH01": "6,7", "FGA": "22,23"})
    child = build_profile(
        "c", {"vWA": "17,18", "D12S391": "18", "TH01": "9,9.3", "FGA": "23,24", "TPOX": "8"}
    )
    result = kinship_lr(father, child, table, PARENT_CHILD)
    assert result.mutation == MutationSpec(MutationModel.EQUAL, 0.001)
    assert 0.0 < result.lr < math.inf and "TPOX" in result.skipped
    assert next(item for item in result.loci if item.locus == "TH01").lr > 0
    assert result.warnings == ()
    siblings = kinship_lr(father, child, table, FULL_SIBLINGS)
    assert siblings.mutation is None
    assert siblings.warnings == ("linked loci D12S391 and vWA multiplied as unlinked",)


def test_profile_kinship_parent_direction_matters_only_with_mutation() -> None:
    table = load_frequency_table()
    one = build_profile("a", {"TH01": "6,7", "FGA": "22,23"})
    two = build_profile("b", {"TH01": "9,9.3", "FGA": "23,24"})
    spec = MutationSpec(MutationModel.STEPWISE, rate=0.002, rate2=0.0001, step_range=0.5)
    known_parent = kinship_lr(one, two, table, PARENT_CHILD, mutation=spec).lr
    questioned_parent = kinship_lr(one, two, table, PARENT_CHILD, mutation=spec, parent="questioned").lr
    assert known_parent > 0 and questioned_parent > 0 and known_parent != pytest.approx(questioned_parent)
    plain = kinship_lr(one, two, table, PARENT_CHILD, mutation=None)
    assert plain.lr == 0.0


_alleles = st.sampled_from(["a", "b", "c", "d"])
_genotypes = st.tuples(_alleles, _alleles).map(lambda pair: make_genotype(*pair))
_relationships = st.sampled_from([PARENT_CHILD, FULL_SIBLINGS, HALF_SIBLINGS, FIRST_COUSINS, UNRELATED])


@given(
    g1=_genotypes, g2=_genotypes, relationship=_relationships, theta=st.sampled_from([0.0, 0.01, 0.03, 0.1])
)
def test_lr_is_symmetric_without_mutation(
    g1: tuple[str, str], g2: tuple[str, str], relationship: Relationship, theta: float
) -> None:
    forward = kinship_lr_locus(g1, g2, KAT8_FREQS, relationship, theta=theta)
    backward = kinship_lr_locus(g2, g1, KAT8_FREQS, relationship, theta=theta)
    assert forward == pytest.approx(backward, rel=1e-9, abs=1e-12)
    assert forward >= 0.0


@given(g1=_genotypes, relationship=_relationships, theta=st.sampled_from([0.0, 0.01, 0.1]))
def test_related_genotype_probabilities_sum_to_one(
    g1: tuple[str, str], relationship: Relationship, theta: float
) -> None:
    freqs = {"a": 0.1, "b": 0.2, "c": 0.3, "d": 0.4}
    genotypes = {make_genotype(x, y) for x in freqs for y in freqs}
    total = math.fsum(
        related_genotype_probability(g, g1, freqs, relationship, theta=theta) for g in genotypes
    )
    assert total == pytest.approx(1.0, abs=1e-9)


@given(g1=_genotypes, g2=_genotypes)
def test_unrelated_lr_is_one(g1: tuple[str, str], g2: tuple[str, str]) -> None:
    assert kinship_lr_locus(g1, g2, KAT8_FREQS, UNRELATED, theta=0.02) == pytest.approx(1.0)
