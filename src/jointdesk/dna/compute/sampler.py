"""The Balding-Nichols sampling formula, one sampler for all θ-corrected terms (dna.md §4.3).

After n alleles seen (multiset S), m_x of them equal to x::

    P(x | S)   = (m_x·θ + (1-θ)·p_x) / (1 + (n-1)·θ)      (S empty → p_x)
    P0(aa | S) = P(a|S) · P(a|S+a)
    P0(ab | S) = 2 · P(a|S) · P(b|S+a)

S = ∅ gives NRC II 4.1a/4.1b; S = the suspect's alleles gives 4.10a/4.10b.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from jointdesk.dna.compute.alleles import allele_sort_key
from jointdesk.dna.compute.errors import DnaError

Genotype = tuple[str, str]


def check_theta(theta: float) -> float:
    """Validate θ ∈ [0, 1)."""
    if not 0.0 <= theta < 1.0:
        raise DnaError(f"theta must be in [0, 1), got {theta}")
    return theta


def allele_probability(allele: str, seen: Counter[str], freqs: Mapping[str, float], theta: float) -> float:
    """P(x | S) for the next allele x given the multiset S already seen (§4.3)."""
    p_x = _lookup(freqs, allele)
    n = sum(seen.values())
    if n == 0:
        return p_x
    return (seen[allele] * theta + (1.0 - theta) * p_x) / (1.0 + (n - 1) * theta)


def genotype_probability(
    genotype: Genotype,
    freqs: Mapping[str, float],
    theta: float = 0.0,
    seen: Iterable[str] = (),
) -> float:
    """P0(G | S): unordered genotype probability under Balding-Nichols, conditioned on ``seen`` (§4.3)."""
    check_theta(theta)
    first, second = genotype
    state = Counter(seen)
    p_first = allele_probability(first, state, freqs, theta)
    state[first] += 1
    p_second = allele_probability(second, state, freqs, theta)
    return p_first * p_second if first == second else 2.0 * p_first * p_second


def _lookup(freqs: Mapping[str, float], allele: str) -> float:
    if allele not in freqs:
        raise DnaError(f"no frequency for allele {allele!r}")
    return freqs[allele]


def make_genotype(first: str, second: str | None = None) -> Genotype:
    """An unordered genotype ``(lo, hi)``; a single allele means a homozygote."""
    other = first if second is None else second
    low, high = sorted((first, other), key=_label_key)
    return (low, high)


def _label_key(label: str) -> tuple[tuple[int, int, int], str]:
    """Designations in numeric order; other labels (``a``, ``b`` in worked examples) after, by text."""
    try:
        return (allele_sort_key(label), "")
    except ValueError:
        return ((9, 0, 0), label)
