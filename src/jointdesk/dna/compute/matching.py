"""Per-locus comparison and the CODIS-style search policy (dna.md §3.1-§3.3).

``compare`` works on allele **sets** (``13,13`` and ``13`` are ``{13}``) and reports ``not_comparable`` (a
side not typed), ``identical``, ``subset`` (either way), ``overlap`` or ``incompatible``, plus
``diff_alleles`` = 2 - |multiset intersection| (``*`` matches anything; one reported allele counts as a
homozygote). A missing locus is never a mismatch; Amelogenin only gives a sex-consistency warning.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from jointdesk.dna.compute.alleles import OFF_LADDER, WILDCARD
from jointdesk.dna.compute.profile import LocusCall


class Comparison(StrEnum):
    """Outcome of comparing one locus (§3.1)."""

    NOT_COMPARABLE = "not_comparable"
    IDENTICAL = "identical"
    SUBSET = "subset"
    OVERLAP = "overlap"
    INCOMPATIBLE = "incompatible"


class Stringency(StrEnum):
    """CODIS search stringency (§3.2)."""

    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"


_ACCEPTED: Mapping[Stringency, frozenset[Comparison]] = MappingProxyType(
    {
        Stringency.HIGH: frozenset({Comparison.IDENTICAL}),
        Stringency.MODERATE: frozenset({Comparison.IDENTICAL, Comparison.SUBSET}),
        Stringency.LOW: frozenset({Comparison.IDENTICAL, Comparison.SUBSET, Comparison.OVERLAP}),
    }
)


def passes(outcome: Comparison, stringency: Stringency) -> bool:
    """True if a locus outcome is acceptable: high = identical; moderate = + subset; low = + overlap."""
    return outcome in _ACCEPTED[stringency]


@dataclass(frozen=True)
class EquivalenceTable:
    """Microvariant/OL equivalence classes per locus (§3.2: data table, off by default, flagged)."""

    classes: Mapping[str, tuple[frozenset[str], ...]] = field(default_factory=dict)

    def representative(self, locus: str, allele: str) -> str:
        """A stable representative of the allele's class at ``locus`` (the allele itself if unlisted)."""
        for group in self.classes.get(locus, ()):
            if allele in group:
                return min(group)
        return allele


@dataclass(frozen=True)
class LocusComparison:
    """Result of comparing one locus of target T with candidate C (§3.1)."""

    locus: str
    outcome: Comparison
    diff_alleles: int
    target_in_candidate: bool = False
    candidate_in_target: bool = False
    involves_wildcard: bool = False
    involves_off_ladder: bool = False
    involves_equivalence: bool = False


def _split(alleles: Sequence[str], wildcards: frozenset[str]) -> tuple[Counter[str], int]:
    concrete = Counter(a for a in alleles if a not in wildcards)
    return concrete, sum(1 for a in alleles if a in wildcards)


def _as_pair(alleles: Sequence[str]) -> tuple[str, ...]:
    return (alleles[0], alleles[0]) if len(alleles) == 1 else tuple(alleles)


def diff_alleles(
    target: Sequence[str], candidate: Sequence[str], wildcards: frozenset[str] = frozenset({WILDCARD})
) -> int:
    """max(|T|, |C|) - |multiset intersection| with wildcards matching anything; one allele = homozygote."""
    t_concrete, t_wild = _split(_as_pair(target), wildcards)
    c_concrete, c_wild = _split(_as_pair(candidate), wildcards)
    exact = sum((t_concrete & c_concrete).values())
    t_free, c_free = t_concrete.total() - exact, c_concrete.total() - exact
    t_used, c_used = min(t_wild, c_free), min(c_wild, t_free)
    matched = exact + t_used + c_used + min(t_wild - t_used, c_wild - c_used)
    return max(len(_as_pair(target)), len(_as_pair(candidate))) - matched


def _containment(
    target: Sequence[str], candidate: Sequence[str], wildcards: frozenset[str]
) -> tuple[bool, bool, bool]:
    """(T ⊆ C, C ⊆ T, T ∩ C ≠ ∅) on sets, each wildcard standing for one allele."""
    t_set, c_set = set(target) - wildcards, set(candidate) - wildcards
    t_wild, c_wild = len([a for a in target if a in wildcards]), len([a for a in candidate if a in wildcards])
    t_in_c = len(t_set - c_set) <= c_wild
    c_in_t = len(c_set - t_set) <= t_wild
    return t_in_c, c_in_t, bool(t_set & c_set) or t_wild > 0 or c_wild > 0


def _outcome(t_in_c: bool, c_in_t: bool, overlap: bool) -> Comparison:
    if t_in_c and c_in_t:
        return Comparison.IDENTICAL
    if t_in_c or c_in_t:
        return Comparison.SUBSET
    return Comparison.OVERLAP if overlap else Comparison.INCOMPATIBLE


def _with_equivalences(locus: str, alleles: Sequence[str], table: EquivalenceTable | None) -> tuple[str, ...]:
    if table is None:
        return tuple(alleles)
    return tuple(table.representative(locus, allele) for allele in alleles)


def compare(
    target: LocusCall | None,
    candidate: LocusCall | None,
    *,
    ol_as_wildcard: bool = True,
    equivalences: EquivalenceTable | None = None,
) -> LocusComparison:
    """Compare one locus of T and C (§3.1); OL acts as a wildcard if configured, always flagged."""
    present = target or candidate
    locus = present.locus if present is not None else ""
    if target is None or candidate is None or not (target.is_typed and candidate.is_typed):
        return LocusComparison(locus, Comparison.NOT_COMPARABLE, 0)
    wildcards = frozenset({WILDCARD, OFF_LADDER}) if ol_as_wildcard else frozenset({WILDCARD})
    base = _outcome(*_containment(target.alleles, candidate.alleles, wildcards))
    t_alleles = _with_equivalences(locus, target.alleles, equivalences)
    c_alleles = _with_equivalences(locus, candidate.alleles, equivalences)
    t_in_c, c_in_t, overlap = _containment(t_alleles, c_alleles, wildcards)
    outcome = _outcome(t_in_c, c_in_t, overlap)
    return LocusComparison(
        locus=locus,
        outcome=outcome,
        diff_alleles=diff_alleles(t_alleles, c_alleles, wildcards),
        target_in_candidate=t_in_c,
        candidate_in_target=c_in_t,
        involves_wildcard=target.has_wildcard or candidate.has_wildcard,
        involves_off_ladder=target.has_off_ladder or candidate.has_off_ladder,
        involves_equivalence=outcome != base,
    )
