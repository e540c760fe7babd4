"""Prüm-style export and comparison (dna.md §3.4; Council Decision 2008/616/JHA Annex ch. 1).

Export: ≤ 2 values per locus, no mixtures; non-numeric values (``o``, ``f``, ``na``, ``OL``, …) and ``0``,
``1``, ``99`` become ``*``; three alleles ``a,b,c`` → ``a,*``; a homozygote ``a`` → ``a,a``. Comparison
needs ≥ ``min_loci`` common fully designated loci (2 values, no ``*``; AMEL excluded). All alleles at all
common loci equal → full match (``*`` matches anything); exactly one allele differing in total → near
match. Microvariant rules are a data table, empty by default (compare exactly until filled from the Annex).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from jointdesk.dna.compute.alleles import WILDCARD, allele_sort_key, is_designated, parse_allele, repeat_parts
from jointdesk.dna.compute.errors import AlleleError, ExportRefusedError
from jointdesk.dna.compute.loci import ESS_7, ESS_12, PRUM_INTERPOL
from jointdesk.dna.compute.profile import Profile

PrumPair = tuple[str, str]

#: Loci a Prüm export may carry: the Interpol list plus the ESS 12 that national systems add (§1.1).
PRUM_EXPORT_LOCI: frozenset[str] = PRUM_INTERPOL.as_set | ESS_12.as_set
#: Designations the Annex sends as ``*`` even though numeric.
_NUMERIC_CODES = frozenset({"1", "99"})


class MatchQuality(StrEnum):
    """Prüm match quality, to be mapped to DICD codes (§3.4)."""

    FULL = "full"
    FULL_WILDCARD = "full_wildcard"
    FULL_MICROVARIANT = "full_microvariant"
    NEAR = "near"


class MicrovariantRuleKind(StrEnum):
    """How a microvariant rule relates designations (mechanism only; contents come from the Annex)."""

    SAME_WHOLE_REPEAT = "same_whole_repeat"


@dataclass(frozen=True)
class PrumMicrovariantRule:
    """One row of ``prum_microvariant_rules(locus, repeat_class, rule, source_ref)`` (§3.4)."""

    locus: str
    repeat_class: str
    rule: MicrovariantRuleKind
    source_ref: str


@dataclass(frozen=True)
class PrumPolicy:
    """Prüm comparison configuration (§3.4); ``min_loci`` is ``prum_min_loci``."""

    min_loci: int = 6
    microvariant_rules: tuple[PrumMicrovariantRule, ...] = ()


@dataclass(frozen=True)
class PrumProfile:
    """A profile as exchanged under Prüm: opaque reference, ≤ 2 values per locus, AMEL apart."""

    profile_ref: str
    loci: Mapping[str, PrumPair] = field(default_factory=dict)
    amel: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "loci", MappingProxyType(dict(self.loci)))


def prum_export_token(raw: str) -> str:
    """One exported value: a canonical designation, or ``*`` for non-numeric values and ``0``/``1``/``99``."""
    try:
        canonical = parse_allele(raw)
    except AlleleError:
        return WILDCARD
    return WILDCARD if canonical in _NUMERIC_CODES or not is_designated(canonical) else canonical


def prum_export_values(raw_values: Sequence[str]) -> PrumPair:
    """Export one locus: homozygote ``a`` → ``a,a``; ``a,b,c`` → ``a,*``; more than three → refused."""
    # Alleles are a set (``13,13`` is ``{13}``, dna.md §2.1): repeats must not pose as a third allele.
    tokens = sorted({prum_export_token(v) for v in raw_values if v.strip()}, key=allele_sort_key)
    if not tokens:
        raise ExportRefusedError("a locus with no values is not typed and is not exported")
    if len(tokens) > 3:
        raise ExportRefusedError(f"{len(tokens)} values at one locus: mixtures are not exported to Prüm")
    if len(tokens) == 3:
        return (tokens[0], WILDCARD)
    return (tokens[0], tokens[-1])


def prum_export(profile: Profile, loci: Iterable[str] = PRUM_EXPORT_LOCI) -> PrumProfile:
    """Export a single-source profile for Prüm exchange; mixtures are refused (§3.4)."""
    if profile.mixture:
        raise ExportRefusedError(f"profile {profile.profile_ref} is a mixture: never sent to Prüm")
    allowed = set(loci)
    exported = {
        name: prum_export_values(call.alleles)
        for name, call in profile.loci.items()
        if name in allowed and call.is_typed
    }
    return PrumProfile(profile_ref=profile.profile_ref, loci=exported, amel=profile.amel)


def is_fully_designated(pair: PrumPair) -> bool:
    """Two values, neither ``*`` (§3.4)."""
    return WILDCARD not in pair


def prum_inclusion_ok(profile: PrumProfile, *, person: bool) -> bool:
    """Annex inclusion: ≥ 6 fully designated loci; person profiles ≥ 6 of the 7 ESS (2008 wording)."""
    full = {locus for locus, pair in profile.loci.items() if is_fully_designated(pair)}
    return len(full) >= 6 and (not person or len(full & ESS_7.as_set) >= 6)


@dataclass(frozen=True)
class PrumLocusResult:
    """One common locus of a Prüm comparison."""

    locus: str
    diff_alleles: int
    used_wildcard: bool
    used_microvariant: bool


@dataclass(frozen=True)
class PrumResult:
    """Outcome of a Prüm comparison: comparability, quality (``None`` = no hit) and per-locus detail."""

    comparable: bool
    common_full_loci: int
    quality: MatchQuality | None
    diff_alleles: int
    loci: tuple[PrumLocusResult, ...]

    @property
    def hit(self) -> bool:
        """True for a full or near match."""
        return self.quality is not None


def _microvariant_equal(locus: str, a: str, b: str, rules: Sequence[PrumMicrovariantRule]) -> bool:
    if not any(rule.locus == locus for rule in rules) or not (is_designated(a) and is_designated(b)):
        return False
    return repeat_parts(a)[0] == repeat_parts(b)[0]


def _value_match(locus: str, a: str, b: str, rules: Sequence[PrumMicrovariantRule]) -> tuple[int, int, int]:
    """(matched, wildcard used, microvariant used) for one aligned value pair."""
    if WILDCARD in (a, b):
        return (1, 1, 0)
    if a == b:
        return (1, 0, 0)
    return (1, 0, 1) if _microvariant_equal(locus, a, b, rules) else (0, 0, 0)


def compare_pair(
    locus: str, query: PrumPair, target: PrumPair, rules: Sequence[PrumMicrovariantRule] = ()
) -> PrumLocusResult:
    """Best alignment of two value pairs (both permutations), preferring exact over wildcard/microvariant."""
    alignments = []
    for first, second in ((target[0], target[1]), (target[1], target[0])):
        one, two = _value_match(locus, query[0], first, rules), _value_match(locus, query[1], second, rules)
        matched, wild, micro = (one[i] + two[i] for i in range(3))
        alignments.append((-matched, wild + micro, wild, micro))
    best = min(alignments)
    return PrumLocusResult(locus, 2 + best[0], best[2] > 0, best[3] > 0)


def _quality(total: int, results: Sequence[PrumLocusResult]) -> MatchQuality | None:
    if total == 1:
        return MatchQuality.NEAR
    if total > 1:
        return None
    if any(item.used_microvariant for item in results):
        return MatchQuality.FULL_MICROVARIANT
    if any(item.used_wildcard for item in results):
        return MatchQuality.FULL_WILDCARD
    return MatchQuality.FULL


def prum_compare(query: PrumProfile, target: PrumProfile, policy: PrumPolicy | None = None) -> PrumResult:
    """Compare two Prüm profiles (§3.4): comparable if ≥ ``min_loci`` common fully designated loci."""
    rules = policy or PrumPolicy()
    common = sorted(set(query.loci) & set(target.loci))
    full = sum(
        1
        for locus in common
        if is_fully_designated(query.loci[locus]) and is_fully_designated(target.loci[locus])
    )
    if full < rules.min_loci:
        return PrumResult(False, full, None, 0, ())
    results = tuple(
        compare_pair(locus, query.loci[locus], target.loci[locus], rules.microvariant_rules)
        for locus in common
    )
    total = sum(item.diff_alleles for item in results)
    return PrumResult(True, full, _quality(total, results), total, results)
