"""Small-pedigree likelihoods by gamete distributions, θ = 0 (dna.md §4.5 note, §4.6; KAT-4, KAT-5).

A gamete distribution is P(allele transmitted to a child). Founders and unknown parents transmit by the
population frequencies; a typed parent transmits ½ of each allele (through a mutation matrix if given);
an untyped parent transmits ½ of each of its own parents' gametes. This covers trios, duos and lines of
untyped ancestors without loops or inbreeding; families, DVI and linked loci need a full pedigree engine.
"""

from __future__ import annotations

from collections.abc import Mapping

from jointdesk.dna.compute.mutation import MutationMatrix
from jointdesk.dna.compute.sampler import Genotype, genotype_probability

Gamete = Mapping[str, float]


def population_gamete(freqs: Mapping[str, float]) -> dict[str, float]:
    """The gamete of a random (unrelated, untyped) parent: the allele frequencies."""
    return dict(freqs)


def _mutate(gamete: Mapping[str, float], mutation: MutationMatrix | None) -> dict[str, float]:
    return dict(gamete) if mutation is None else mutation.transmit(gamete)


def typed_parent_gamete(genotype: Genotype, mutation: MutationMatrix | None = None) -> dict[str, float]:
    """Gamete of a typed parent: each allele with probability ½, then mutated (row = parental allele)."""
    gamete: dict[str, float] = {}
    for allele in genotype:
        gamete[allele] = gamete.get(allele, 0.0) + 0.5
    return _mutate(gamete, mutation)


def untyped_parent_gamete(
    from_father: Gamete, from_mother: Gamete, mutation: MutationMatrix | None = None
) -> dict[str, float]:
    """Gamete of an untyped parent whose own parents transmit ``from_father`` and ``from_mother``."""
    mixed: dict[str, float] = {}
    for gamete in (from_father, from_mother):
        for allele, weight in gamete.items():
            mixed[allele] = mixed.get(allele, 0.0) + 0.5 * weight
    return _mutate(mixed, mutation)


def child_genotype_probability(child: Genotype, paternal: Gamete, maternal: Gamete) -> float:
    """P(child genotype | gametes from father and mother)."""
    first, second = child
    probability = paternal.get(first, 0.0) * maternal.get(second, 0.0)
    if first != second:
        probability += paternal.get(second, 0.0) * maternal.get(first, 0.0)
    return probability


def founder_probability(genotype: Genotype, freqs: Mapping[str, float]) -> float:
    """Hardy-Weinberg probability of a founder's genotype (θ = 0)."""
    return genotype_probability(genotype, freqs, 0.0)


def trio_likelihood(
    child: Genotype,
    father: Genotype | None,
    mother: Genotype | None,
    freqs: Mapping[str, float],
    *,
    paternal_mutation: MutationMatrix | None = None,
    maternal_mutation: MutationMatrix | None = None,
) -> float:
    """P(father, mother, child) with untyped parents as ``None`` (θ = 0; KAT-4 trio/duo, KAT-5)."""
    likelihood = 1.0
    gametes: list[dict[str, float]] = []
    for parent, mutation in ((father, paternal_mutation), (mother, maternal_mutation)):
        if parent is None:
            gametes.append(_mutate(population_gamete(freqs), mutation))
        else:
            likelihood *= founder_probability(parent, freqs)
            gametes.append(typed_parent_gamete(parent, mutation))
    return likelihood * child_genotype_probability(child, gametes[0], gametes[1])


def grandparents_likelihood(
    child: Genotype,
    paternal_grandparent: Genotype | None,
    maternal_grandparent: Genotype | None,
    freqs: Mapping[str, float],
) -> float:
    """P(child, one grandparent on each side) with both parents untyped (θ = 0; KAT-4)."""
    likelihood = 1.0
    gametes: list[dict[str, float]] = []
    for grandparent in (paternal_grandparent, maternal_grandparent):
        known: Gamete = population_gamete(freqs)
        if grandparent is not None:
            likelihood *= founder_probability(grandparent, freqs)
            known = typed_parent_gamete(grandparent)
        gametes.append(untyped_parent_gamete(known, population_gamete(freqs)))
    return likelihood * child_genotype_probability(child, gametes[0], gametes[1])


def untyped_parents_genotype_probability(
    genotype: Genotype,
    freqs: Mapping[str, float],
    theta: float,
    *,
    paternal_mutation: MutationMatrix | None = None,
    maternal_mutation: MutationMatrix | None = None,
) -> float:
    """P(child genotype) when both parents are untyped founders with co-ancestry θ (KAT-1, Familias ex. 4).

    The parents transmit two exchangeable Balding-Nichols draws u, v, mutated to the child's alleles. With no
    mutation this equals NRC II 4.1a/4.1b; mutation dilutes the θ-correlation, so the value differs.
    """
    alleles = tuple(freqs)
    total = 0.0
    for u in alleles:
        for v in alleles:
            pair = genotype_probability((u, v), freqs, theta) / (1.0 if u == v else 2.0)
            total += pair * _ordered_child(genotype, u, v, paternal_mutation, maternal_mutation)
    return total


def _ordered_child(
    genotype: Genotype, u: str, v: str, paternal: MutationMatrix | None, maternal: MutationMatrix | None
) -> float:
    """P(child genotype | father transmits u, mother transmits v, before mutation)."""
    return child_genotype_probability(genotype, _mutate({u: 1.0}, paternal), _mutate({v: 1.0}, maternal))
