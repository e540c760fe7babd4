"""CODIS-style profile match policy (dna.md §3.2, §3.3).

Every locus typed in both profiles must pass the stringency (high: identical; moderate: identical or
subset, mixture targets may hold > 2 alleles; low: at least overlap); each ``required`` target allele must
be in the candidate; passing loci ≥ ``min_loci``; failing loci are tolerated up to ``mismatch_tolerance``
differing alleles (default 0). Single-source subset matches are flagged ``partial_match`` (possible
relative: never auto-released).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from jointdesk.dna.compute.alleles import OFF_LADDER, WILDCARD
from jointdesk.dna.compute.matching import (
    Comparison,
    EquivalenceTable,
    LocusComparison,
    Stringency,
    compare,
    passes,
)
from jointdesk.dna.compute.profile import LocusCall, Profile


@dataclass(frozen=True)
class CodisPolicy:
    """A CODIS-style rule set (§3.2); all values are configuration, recorded with each result."""

    stringency: Stringency = Stringency.MODERATE
    min_loci: int = 10
    mismatch_tolerance: int = 0
    enforce_required: bool = True
    ol_as_wildcard: bool = True
    equivalences: EquivalenceTable | None = None
    name: str = "codis"


@dataclass(frozen=True)
class CodisResult:
    """Outcome of one target-candidate comparison under a :class:`CodisPolicy`."""

    match: bool
    policy: CodisPolicy
    compared: tuple[LocusComparison, ...]
    passing_loci: int
    failing: tuple[LocusComparison, ...]
    required_violations: tuple[str, ...]
    partial_match: bool
    involves_off_ladder: bool
    involves_wildcard: bool
    involves_equivalence: bool
    warnings: tuple[str, ...] = ()


def _required_violation(target: LocusCall, candidate: LocusCall, ol_as_wildcard: bool) -> bool:
    wild = {WILDCARD, OFF_LADDER} if ol_as_wildcard else {WILDCARD}
    if not target.required or not candidate.is_typed or wild & candidate.allele_set:
        return False
    return not target.required <= candidate.allele_set


def _partial_match(target: Profile, candidate: Profile, compared: tuple[LocusComparison, ...]) -> bool:
    """Single-source, all alleles of one profile in the other, not identical (§3.3)."""
    if target.mixture or candidate.mixture or not compared:
        return False
    if all(item.outcome is Comparison.IDENTICAL for item in compared):
        return False
    return all(item.target_in_candidate for item in compared) or all(
        item.candidate_in_target for item in compared
    )


def amel_warnings(target: Profile, candidate: Profile) -> tuple[str, ...]:
    """Sex-consistency warning from Amelogenin, never a mismatch (§1.3; Y-deleted males exist)."""
    if not target.amel or not candidate.amel:
        return ()
    if ("Y" in target.amel) != ("Y" in candidate.amel):
        return ("amelogenin sex inconsistency (warning only)",)
    return ()


def codis_match(target: Profile, candidate: Profile, policy: CodisPolicy | None = None) -> CodisResult:
    """Evaluate a candidate against a target under a CODIS-style policy (§3.2)."""
    rules = policy or CodisPolicy()
    compared: list[LocusComparison] = []
    violations: list[str] = []
    for locus in sorted(set(target.loci) & set(candidate.loci)):
        t_call, c_call = target.loci[locus], candidate.loci[locus]
        item = compare(t_call, c_call, ol_as_wildcard=rules.ol_as_wildcard, equivalences=rules.equivalences)
        if item.outcome is Comparison.NOT_COMPARABLE:
            continue
        compared.append(item)
        if rules.enforce_required and _required_violation(t_call, c_call, rules.ol_as_wildcard):
            violations.append(locus)
    done = tuple(compared)
    failing = tuple(item for item in done if not passes(item.outcome, rules.stringency))
    passing = len(done) - len(failing)
    tolerated = sum(item.diff_alleles for item in failing) <= rules.mismatch_tolerance
    return CodisResult(
        match=tolerated and not violations and passing >= rules.min_loci,
        policy=rules,
        compared=done,
        passing_loci=passing,
        failing=failing,
        required_violations=tuple(violations),
        partial_match=_partial_match(target, candidate, done),
        involves_off_ladder=any(item.involves_off_ladder for item in done),
        involves_wildcard=any(item.involves_wildcard for item in done),
        involves_equivalence=any(item.involves_equivalence for item in done),
        warnings=amel_warnings(target, candidate),
    )


def best_stringency(
    target: Profile, candidate: Profile, policy: CodisPolicy | None = None
) -> Stringency | None:
    """The highest stringency at which the pair matches under otherwise equal policy, or ``None``."""
    base = policy or CodisPolicy()
    for level in (Stringency.HIGH, Stringency.MODERATE, Stringency.LOW):
        if codis_match(target, candidate, replace(base, stringency=level)).match:
            return level
    return None
