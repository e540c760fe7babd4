"""KAT-4, KAT-5 and the mutation models (dna.md §4.5, §4.6, §5)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jointdesk.dna.compute import (
    DnaError,
    MutationModel,
    MutationSpec,
    custom_model,
    equal_model,
    grandparents_likelihood,
    make_genotype,
    match_probability,
    onestep_model,
    proportional_model,
    stepwise_model,
    trio_likelihood,
)
from jointdesk.dna.compute.pedigree import untyped_parents_genotype_probability
from jointdesk.dna.compute.rmp import RmpMethod

REL = 1e-6
HET = make_genotype("1", "2")


def test_kat4_trio_all_heterozygous() -> None:
    """pedprobr test-mutations: trio all 1/2, p = 0.2 → 2p²q² = 0.0512."""
    assert trio_likelihood(HET, HET, HET, {"1": 0.2, "2": 0.8}) == pytest.approx(0.0512, rel=REL)


def test_kat4_duo_without_mother() -> None:
    """Same file: father and child 1/2, mother untyped → pq = 0.16."""
    assert trio_likelihood(HET, HET, None, {"1": 0.2, "2": 0.8}) == pytest.approx(0.16, rel=REL)


def test_kat4_child_with_two_grandparents() -> None:
    """Derived: child + paternal grandfather + maternal grandmother, all 1/2 → (2pq)²(3/8 + pq/2)."""
    p, q = 0.2, 0.8
    computed = grandparents_likelihood(HET, HET, HET, {"1": p, "2": q})
    assert computed == pytest.approx((2 * p * q) ** 2 * (3 / 8 + p * q / 2), rel=1e-12)
    assert computed == pytest.approx(0.046592, rel=REL)


def test_kat5_trio_mutation_equal_model() -> None:
    """pedprobr test-mutations: father 1/1, mother 1/1, child 2/2, p₁ = 0.9, equal 0.1 → 0.006561."""
    freqs = {"1": 0.9, "2": 0.1}
    matrix = equal_model(("1", "2"), 0.1)
    homozygote_1, homozygote_2 = make_genotype("1"), make_genotype("2")
    computed = trio_likelihood(
        homozygote_2, homozygote_1, homozygote_1, freqs, paternal_mutation=matrix, maternal_mutation=matrix
    )
    assert computed == pytest.approx(0.9**4 * 0.1**2, rel=REL)
    assert computed == pytest.approx(0.006561, rel=REL)


def test_kat5_father_only_proportional_model() -> None:
    """Same file, father only, proportional: p²·q·M[1,2]."""
    p, q = 0.9, 0.1
    freqs = {"1": p, "2": q}
    matrix = proportional_model(freqs, 0.1)
    computed = trio_likelihood(make_genotype("2"), make_genotype("1"), None, freqs, paternal_mutation=matrix)
    assert computed == pytest.approx(p**2 * q * matrix.probability("1", "2"), rel=1e-12)


def test_pedmut_readme_examples() -> None:
    """pedmut README: father 1/1, son 2/2; proportional 0.1 over 4 equifrequent alleles, equal 0.1 over 2."""
    four = {str(a): 0.25 for a in range(1, 5)}
    matrix = proportional_model(four, 0.1)
    assert matrix.probability("1", "2") == pytest.approx(0.1 / 3, rel=1e-9)
    assert matrix.probability("1", "1") == pytest.approx(0.9, rel=1e-9)
    father, son = make_genotype("1"), make_genotype("2")
    assert trio_likelihood(son, father, None, four, paternal_mutation=matrix) == pytest.approx(
        0.0005208333, rel=REL
    )
    two = {"1": 0.5, "2": 0.5}
    equal = equal_model(("1", "2"), 0.1)
    assert trio_likelihood(son, father, None, two, paternal_mutation=equal) == pytest.approx(0.0125, rel=REL)


def test_kat1_untyped_parents_with_mutation_differ() -> None:
    """KAT-1 (Familias ex. 4): typed A/A with untyped parents + proportional mutation must differ from 0.0963."""
    freqs = {"A": 0.3, "B": 0.7}
    genotype = make_genotype("A")
    plain = untyped_parents_genotype_probability(genotype, freqs, 0.03)
    assert plain == pytest.approx(0.0963, rel=REL)
    assert plain == pytest.approx(match_probability(genotype, freqs, RmpMethod.NRC_4_1, 0.03), rel=1e-12)
    matrix = proportional_model(freqs, 0.1)
    mutated = untyped_parents_genotype_probability(
        genotype, freqs, 0.03, paternal_mutation=matrix, maternal_mutation=matrix
    )
    alpha = 0.1 / (2 * 0.3 * 0.7)
    expected = (1 - alpha) ** 2 * 0.0963 + (1 - (1 - alpha) ** 2) * 0.3**2
    assert mutated == pytest.approx(expected, rel=1e-9)
    assert mutated != pytest.approx(0.0963, rel=REL)


def test_stepwise_model_structure() -> None:
    alleles = ("8", "9", "9.3", "10", "11")
    matrix = stepwise_model(alleles, rate=0.002, rate2=0.0001, step_range=0.5)
    assert matrix.probability("9", "9") == pytest.approx(1 - 0.002 - 0.0001)
    # In-group (integers 8, 10, 11 from 9): weights 0.5, 0.5, 0.25 of 0.002.
    assert matrix.probability("9", "8") == pytest.approx(0.002 * 0.5 / 1.25)
    assert matrix.probability("9", "11") == pytest.approx(0.002 * 0.25 / 1.25)
    # Cross-group: μ₂ split equally; 9.3 has no in-group partner, so μ stays on its diagonal.
    assert matrix.probability("9", "9.3") == pytest.approx(0.0001)
    assert matrix.probability("9.3", "9.3") == pytest.approx(1 - 0.0001)
    assert matrix.probability("9.3", "10") == pytest.approx(0.0001 / 4)


def test_onestep_model() -> None:
    matrix = onestep_model(("8", "9", "10"), 0.01)
    assert matrix.probability("8", "9") == pytest.approx(0.01)
    assert matrix.probability("9", "8") == pytest.approx(0.005)
    assert matrix.probability("8", "10") == 0.0


def test_invalid_models_are_refused() -> None:
    with pytest.raises(DnaError, match="sums to"):
        custom_model(("1", "2"), [[0.9, 0.2], [0.0, 1.0]])
    with pytest.raises(DnaError, match="summing to 1"):
        proportional_model({"1": 0.5, "2": 0.4}, 0.1)
    with pytest.raises(DnaError, match="leaves"):
        proportional_model({"1": 0.99, "2": 0.01}, 0.5)
    with pytest.raises(DnaError, match="repeat designations"):
        stepwise_model(("9", "OL"), 0.01, 0.0, 0.5)
    with pytest.raises(DnaError, match="not in the mutation model"):
        equal_model(("1", "2"), 0.1).probability("1", "3")


def test_mutation_spec_builds_over_designated_alleles() -> None:
    freqs = {"9": 0.5, "10": 0.3, ">27": 0.2}
    matrix = MutationSpec(MutationModel.PROPORTIONAL, 0.001).build(freqs)
    assert matrix.alleles == ("9", "10")
    with pytest.raises(DnaError, match="custom"):
        MutationSpec(MutationModel.CUSTOM, 0.001).build(freqs)


@given(
    model=st.sampled_from(["equal", "proportional", "stepwise", "onestep"]),
    rate=st.floats(min_value=0.0, max_value=0.05),
)
def test_every_model_is_a_stochastic_matrix(model: str, rate: float) -> None:
    freqs = {"8": 0.1, "9": 0.3, "9.3": 0.2, "10": 0.25, "11": 0.15}
    spec = MutationSpec(MutationModel(model), rate, rate2=rate / 10, step_range=0.5)
    matrix = spec.build(freqs)
    for row in matrix.rows:
        assert math.fsum(row) == pytest.approx(1.0, abs=1e-9)
        assert all(0.0 <= entry <= 1.0 for entry in row)
