"""Pairwise kinship likelihood ratios (dna.md §4.5), per locus, multiplied over unlinked loci.

G1 = known person, G2 = questioned, (k0, k1, k2) = P(0/1/2 alleles IBD), S = G1's alleles + other typed
alleles conditioned on::

    P1(G2 | G1, S) = ½ · Σ over both alleles r of G1: [r ∈ G2] · P(G2 minus one copy of r | S)
    P_rel(G2)      = k0·P0(G2|S) + k1·P1 + k2·[G2 = G1]
    LR             = P_rel / P0

With a mutation matrix (§4.6) the IBD allele of a parent-child pair is transmitted through M (G1 = parent);
other relationships need a pedigree engine for mutation and are refused here.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from jointdesk.dna.compute.errors import DnaError
from jointdesk.dna.compute.frequencies import FrequencyTable
from jointdesk.dna.compute.loci import LINKED_LOCI
from jointdesk.dna.compute.mutation import DEFAULT_MUTATION, MutationMatrix, MutationSpec
from jointdesk.dna.compute.profile import Profile
from jointdesk.dna.compute.sampler import Genotype, allele_probability, check_theta, genotype_probability


@dataclass(frozen=True)
class Relationship:
    """A pairwise relationship by its IBD coefficients (k0, k1, k2) (§4.5)."""

    name: str
    k0: float
    k1: float
    k2: float

    def __post_init__(self) -> None:
        if min(self.k0, self.k1, self.k2) < 0 or abs(self.k0 + self.k1 + self.k2 - 1.0) > 1e-12:
            raise DnaError(f"IBD coefficients of {self.name} must be non-negative and sum to 1")


UNRELATED = Relationship("unrelated", 1.0, 0.0, 0.0)
PARENT_CHILD = Relationship("parent_child", 0.0, 1.0, 0.0)
FULL_SIBLINGS = Relationship("full_siblings", 0.25, 0.5, 0.25)
HALF_SIBLINGS = Relationship("half_siblings", 0.5, 0.5, 0.0)
GRANDPARENT = Relationship("grandparent", 0.5, 0.5, 0.0)
AVUNCULAR = Relationship("avuncular", 0.5, 0.5, 0.0)
FIRST_COUSINS = Relationship("first_cousins", 0.75, 0.25, 0.0)

RELATIONSHIPS: Mapping[str, Relationship] = MappingProxyType(
    {
        r.name: r
        for r in (
            UNRELATED,
            PARENT_CHILD,
            FULL_SIBLINGS,
            HALF_SIBLINGS,
            GRANDPARENT,
            AVUNCULAR,
            FIRST_COUSINS,
        )
    }
)


def _remaining(genotype: Genotype, allele: str) -> str:
    """The other allele of a genotype once one copy of ``allele`` is removed."""
    return genotype[1] if genotype[0] == allele else genotype[0]


def _transmission(parental: str, transmitted: str, mutation: MutationMatrix | None) -> float:
    if mutation is None:
        return 1.0 if parental == transmitted else 0.0
    return mutation.probability(parental, transmitted)


def ibd_one_probability(
    g2: Genotype,
    g1: Genotype,
    freqs: Mapping[str, float],
    *,
    theta: float,
    seen: Counter[str],
    mutation: MutationMatrix | None = None,
) -> float:
    """P1(G2 | G1, S): one allele of G2 IBD with a random allele of G1, the other drawn from S (§4.5)."""
    total = 0.0
    for parental in g1:
        for transmitted in set(g2):
            weight = _transmission(parental, transmitted, mutation)
            if weight:
                total += weight * allele_probability(_remaining(g2, transmitted), seen, freqs, theta)
    return 0.5 * total


def related_genotype_probability(
    g2: Genotype,
    g1: Genotype,
    freqs: Mapping[str, float],
    relationship: Relationship,
    *,
    theta: float = 0.0,
    conditioned: Iterable[str] = (),
    mutation: MutationMatrix | None = None,
) -> float:
    """P_rel(G2 | G1, S) = k0·P0(G2|S) + k1·P1 + k2·[G2 = G1], S = G1 + ``conditioned`` (§4.5)."""
    check_theta(theta)
    if mutation is not None and relationship.k1 != 1.0:
        raise DnaError(f"mutation is modelled for parent-child pairs only, not {relationship.name}")
    seen = Counter((*g1, *conditioned))
    p0 = genotype_probability(g2, freqs, theta, seen.elements())
    p1 = (
        ibd_one_probability(g2, g1, freqs, theta=theta, seen=seen, mutation=mutation)
        if relationship.k1
        else 0.0
    )
    same = 1.0 if sorted(g1) == sorted(g2) else 0.0
    return relationship.k0 * p0 + relationship.k1 * p1 + relationship.k2 * same


def kinship_lr_locus(
    g1: Genotype,
    g2: Genotype,
    freqs: Mapping[str, float],
    relationship: Relationship,
    *,
    theta: float = 0.0,
    conditioned: Iterable[str] = (),
    mutation: MutationMatrix | None = None,
) -> float:
    """LR = P_rel(G2 | G1, S) / P0(G2 | S) at one locus (§4.5); with ``mutation``, G1 is the parent."""
    extra = tuple(conditioned)
    p_rel = related_genotype_probability(
        g2, g1, freqs, relationship, theta=theta, conditioned=extra, mutation=mutation
    )
    p0 = genotype_probability(g2, freqs, theta, (*g1, *extra))
    return p_rel / p0


def pair_likelihood(
    g1: Genotype, g2: Genotype, freqs: Mapping[str, float], relationship: Relationship, theta: float = 0.0
) -> float:
    """Joint probability P(G1, G2 | relationship) = P0(G1) · P_rel(G2 | G1) (§4.5; KAT-4 full sibs)."""
    conditional = related_genotype_probability(g2, g1, freqs, relationship, theta=theta)
    return genotype_probability(g1, freqs, theta) * conditional


@dataclass(frozen=True)
class LocusKinship:
    """One locus of a kinship LR."""

    locus: str
    known: Genotype
    questioned: Genotype
    lr: float


@dataclass(frozen=True)
class KinshipResult:
    """A multi-locus kinship LR with its configuration (§4.5, §4.6, §9)."""

    lr: float
    relationship: Relationship
    theta: float
    mutation: MutationSpec | None
    table_name: str
    population: str
    table_sha256: str | None
    loci: tuple[LocusKinship, ...]
    skipped: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "skipped", MappingProxyType(dict(self.skipped)))


def _locus_freqs(table: FrequencyTable, locus: str, alleles: Iterable[str]) -> dict[str, float]:
    return {allele: table.frequency(locus, allele) for allele in set(alleles)}


def _mutation_space(table: FrequencyTable, locus: str, alleles: Iterable[str]) -> dict[str, float]:
    space = dict(table.locus_frequencies(locus))
    for allele in alleles:
        space.setdefault(allele, table.minimum_frequency(locus))
    return space


def _linkage_warnings(loci: Iterable[str], relationship: Relationship) -> tuple[str, ...]:
    used = set(loci)
    if relationship.k1 in {0.0, 1.0}:
        return ()
    return tuple(
        f"linked loci {' and '.join(sorted(pair))} multiplied as unlinked"
        for pair in LINKED_LOCI
        if pair <= used
    )


def _pair_genotypes(known: Profile, questioned: Profile, locus: str) -> tuple[Genotype, Genotype] | str:
    a, b = known.call(locus), questioned.call(locus)
    if a is None or b is None or not (a.is_typed and b.is_typed):
        return "not typed in both"
    if a.genotype is None or b.genotype is None:
        return "not a single-source designated genotype (OL, wildcard or > 2 alleles)"
    return a.genotype, b.genotype


@dataclass(frozen=True)
class _LocusSetup:
    table: FrequencyTable
    relationship: Relationship
    theta: float
    mutation: MutationSpec | None
    parent_is_questioned: bool


def _locus_lr(
    setup: _LocusSetup, locus: str, pair: tuple[Genotype, Genotype], others: tuple[str, ...]
) -> float:
    """One locus LR; with mutation the parent's genotype goes first (row = parental allele)."""
    g1, g2 = (pair[1], pair[0]) if setup.mutation is not None and setup.parent_is_questioned else pair
    freqs = _locus_freqs(setup.table, locus, (*g1, *g2, *others))
    matrix = None
    if setup.mutation is not None:
        matrix = setup.mutation.build(_mutation_space(setup.table, locus, (*g1, *g2)))
    return kinship_lr_locus(
        g1, g2, freqs, setup.relationship, theta=setup.theta, conditioned=others, mutation=matrix
    )


def kinship_lr(
    known: Profile,
    questioned: Profile,
    table: FrequencyTable,
    relationship: Relationship,
    *,
    theta: float = 0.0,
    mutation: MutationSpec | None = DEFAULT_MUTATION,
    parent: Literal["known", "questioned"] = "known",
    conditioned: Mapping[str, Iterable[str]] | None = None,
) -> KinshipResult:
    """Kinship LR over loci typed in both profiles; ``mutation`` applies to parent-child only (§4.5, §4.6)."""
    applied = mutation if relationship.k1 == 1.0 else None
    setup = _LocusSetup(table, relationship, theta, applied, parent == "questioned")
    extra = conditioned or {}
    used: list[LocusKinship] = []
    skipped: dict[str, str] = {}
    for locus in sorted(set(known.loci) | set(questioned.loci)):
        pair = _pair_genotypes(known, questioned, locus)
        if isinstance(pair, str) or locus not in table.loci:
            skipped[locus] = pair if isinstance(pair, str) else f"not in table {table.name}"
            continue
        lr = _locus_lr(setup, locus, pair, tuple(extra.get(locus, ())))
        used.append(LocusKinship(locus, pair[0], pair[1], lr))
    return KinshipResult(
        lr=math.prod(item.lr for item in used),
        relationship=relationship,
        theta=theta,
        mutation=applied,
        table_name=table.name,
        population=table.population,
        table_sha256=table.sha256,
        loci=tuple(used),
        skipped=skipped,
        warnings=_linkage_warnings((item.locus for item in used), relationship),
    )
