"""Single-source random match probability (dna.md §4.2, §4.4, §9).

Methods: product rule (θ = 0); NRC II eq. 4.1 (4.1a and 4.1b); NRC II Recommendation 4.1 (4.1a for
homozygotes, uncorrected 2p_ip_j for heterozygotes); NRC II eq. 4.10 (Balding-Nichols conditional).
All go through the §4.3 sampler. RMP = Π over loci; LR = 1/RMP.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from jointdesk.dna.compute.alleles import OFF_LADDER, WILDCARD, is_designated, sort_alleles
from jointdesk.dna.compute.errors import DnaError, ProfileError
from jointdesk.dna.compute.frequencies import FrequencyTable
from jointdesk.dna.compute.profile import LocusCall, Profile
from jointdesk.dna.compute.sampler import Genotype, check_theta, genotype_probability


class RmpMethod(StrEnum):
    """Genotype-probability formula (§4.2)."""

    PRODUCT = "product"
    NRC_4_1 = "nrc_4_1"
    NRC_REC_4_1 = "nrc_rec_4_1"
    NRC_4_10 = "nrc_4_10"


class OffLadderPolicy(StrEnum):
    """Statistics for a locus holding ``OL`` (§2.1): use the floor frequency, or drop the locus."""

    FLOOR = "floor"
    DROP_LOCUS = "drop_locus"


def match_probability(
    genotype: Genotype,
    freqs: Mapping[str, float],
    method: RmpMethod,
    theta: float = 0.0,
) -> float:
    """Probability that a random person has ``genotype`` at one locus, by ``method`` (§4.2)."""
    check_theta(theta)
    homozygote = genotype[0] == genotype[1]
    if method is RmpMethod.PRODUCT:
        return genotype_probability(genotype, freqs, 0.0)
    if method is RmpMethod.NRC_4_1:
        return genotype_probability(genotype, freqs, theta)
    if method is RmpMethod.NRC_REC_4_1:
        return genotype_probability(genotype, freqs, theta if homozygote else 0.0)
    return genotype_probability(genotype, freqs, theta, seen=genotype)


@dataclass(frozen=True)
class LocusRmp:
    """One locus's contribution to an RMP."""

    locus: str
    genotype: Genotype
    frequencies: tuple[float, float]
    probability: float


@dataclass(frozen=True)
class RmpResult:
    """A profile RMP with everything needed to reproduce it (§4.2, §9: table, hash, θ, floor)."""

    rmp: float
    method: RmpMethod
    theta: float
    table_name: str
    population: str
    table_sha256: str | None
    n_individuals: int | None
    floor: float | None
    loci: tuple[LocusRmp, ...]
    skipped: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "skipped", MappingProxyType(dict(self.skipped)))

    @property
    def likelihood_ratio(self) -> float:
        """LR = 1/RMP for a single-source match."""
        return math.inf if self.rmp == 0 else 1.0 / self.rmp

    @property
    def one_in(self) -> float:
        """The "1 in X" figure, X = 1/RMP."""
        return self.likelihood_ratio


def _stat_genotype(call: LocusCall, ol_policy: OffLadderPolicy) -> Genotype | str:
    """The genotype used for statistics, or a reason to skip the locus."""
    distinct = sort_alleles(call.allele_set)
    if WILDCARD in distinct:
        return "wildcard"
    if OFF_LADDER in distinct and ol_policy is OffLadderPolicy.DROP_LOCUS:
        return "off-ladder allele (policy drop_locus)"
    if any(not is_designated(a) and a != OFF_LADDER for a in distinct):
        return "undesignated allele"
    if len(distinct) == 1 and call.possible_dropout:
        return "single allele with possible drop-out"
    return (distinct[0], distinct[-1])


def _locus_rmp(
    call: LocusCall, table: FrequencyTable, method: RmpMethod, theta: float, ol_policy: OffLadderPolicy
) -> LocusRmp | str:
    genotype = _stat_genotype(call, ol_policy)
    if isinstance(genotype, str):
        return genotype
    if call.locus not in table.loci:
        return f"not in table {table.name}/{table.population}"
    freqs = {allele: table.frequency(call.locus, allele) for allele in genotype}
    probability = match_probability(genotype, freqs, method, theta)
    return LocusRmp(call.locus, genotype, (freqs[genotype[0]], freqs[genotype[1]]), probability)


def profile_rmp(
    profile: Profile,
    table: FrequencyTable,
    *,
    method: RmpMethod = RmpMethod.NRC_4_10,
    theta: float = 0.01,
    ol_policy: OffLadderPolicy = OffLadderPolicy.FLOOR,
    loci: Iterable[str] | None = None,
) -> RmpResult:
    """RMP of a single-source profile over its typed loci (or ``loci``); skipped loci carry a reason."""
    if profile.mixture:
        raise ProfileError("RMP is defined for single-source profiles; this one is a mixture")
    wanted = set(loci) if loci is not None else None
    used: list[LocusRmp] = []
    skipped: dict[str, str] = {}
    for name, call in profile.loci.items():
        if (wanted is not None and name not in wanted) or not call.is_typed:
            continue
        if len(call.allele_set) > 2:
            raise ProfileError(f"{name}: more than two alleles in a single-source profile")
        outcome = _locus_rmp(call, table, method, theta, ol_policy)
        if isinstance(outcome, str):
            skipped[name] = outcome
        else:
            used.append(outcome)
    if not used:
        raise DnaError(f"profile {profile.profile_ref}: no locus usable for statistics")
    return RmpResult(
        rmp=math.prod(item.probability for item in used),
        method=method,
        theta=0.0 if method is RmpMethod.PRODUCT else theta,
        table_name=table.name,
        population=table.population,
        table_sha256=table.sha256,
        n_individuals=table.n_individuals,
        floor=table.floor,
        loci=tuple(used),
        skipped=skipped,
    )


def rmp_by_population(
    profile: Profile,
    tables: Iterable[FrequencyTable],
    *,
    method: RmpMethod = RmpMethod.NRC_4_10,
    theta: float = 0.01,
) -> tuple[RmpResult, ...]:
    """The RMP in each population (§9.1: reports name population, N, θ and floor)."""
    return tuple(profile_rmp(profile, table, method=method, theta=theta) for table in tables)


def most_conservative(results: Iterable[RmpResult]) -> RmpResult:
    """The result with the largest RMP, i.e. the smallest LR (§9.1, §9.4)."""
    return max(results, key=lambda result: result.rmp)


def database_search_statistic(rmp: float, database_size: int) -> float:
    """NRC II Recommendation 5.1: RMP x database size, n·p (§4.4; unconfirmed: check before relying)."""
    if database_size < 1:
        raise DnaError(f"database size must be positive, got {database_size}")
    return rmp * database_size
