"""Search results: one :class:`Candidate` per matching indexed profile, with its match quality."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from jointdesk.dna.compute.matching import Stringency
from jointdesk.dna.compute.prum import MatchQuality
from jointdesk.dna.index.codis_tally import CodisTally
from jointdesk.dna.index.core import IndexData
from jointdesk.dna.index.encoding import Array
from jointdesk.dna.index.evaluate import OFF_LADDER, VIOLATION, WILD
from jointdesk.dna.index.prum_search import PrumTally
from jointdesk.dna.index.query import ACCEPTED, CodisQuery
from jointdesk.dna.index.store import IRREGULAR

_LEVELS = (Stringency.HIGH, Stringency.MODERATE, Stringency.LOW)
_RANK: dict[Stringency | MatchQuality, int] = {
    Stringency.HIGH: 0,
    Stringency.MODERATE: 1,
    Stringency.LOW: 2,
    MatchQuality.FULL: 0,
    MatchQuality.FULL_WILDCARD: 1,
    MatchQuality.FULL_MICROVARIANT: 2,
    MatchQuality.NEAR: 3,
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A candidate match (dna.md §3.3): never an identification, always reviewed by a person.

    CODIS-style: ``quality`` is the best stringency at which the pair matches under the policy's other
    rules (as :func:`~jointdesk.dna.compute.codis.best_stringency`); ``loci_compared`` counts loci typed in
    both, ``passing_loci`` those passing at the searched stringency, ``diff_alleles`` the differing alleles
    over the failing (tolerated) loci. Prüm-style: ``quality`` is the Prüm match quality,
    ``loci_compared`` the common loci, ``passing_loci`` the common fully designated loci and
    ``diff_alleles`` the total (0 full, 1 near).
    """

    profile_ref: str
    category: str
    quality: Stringency | MatchQuality
    loci_compared: int
    passing_loci: int
    diff_alleles: int
    partial_match: bool = False
    involves_wildcard: bool = False
    involves_off_ladder: bool = False

    @property
    def flags(self) -> tuple[str, ...]:
        """Names of the set review flags."""
        named = (
            ("partial_match", self.partial_match),
            ("involves_wildcard", self.involves_wildcard),
            ("involves_off_ladder", self.involves_off_ladder),
        )
        return tuple(name for name, on in named if on)


def ranked(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Best quality first, then more passing loci, then reference."""
    return sorted(candidates, key=lambda c: (_RANK[c.quality], -c.passing_loci, c.profile_ref))


def _categories(data: IndexData, rows: Array) -> list[str]:
    codes = data.store.cat[rows] & (IRREGULAR - 1)
    return [data.store.categories[code] for code in codes.tolist()]


_ACCEPTING = np.array([ACCEPTED[level] for level in _LEVELS], dtype=np.int32)


def _best(tally: CodisTally, q: CodisQuery) -> list[Stringency]:
    """:func:`~jointdesk.dna.compute.codis.best_stringency` per row: the first level whose passing loci,
    tolerated differing alleles and required alleles all hold."""
    policy = q.policy
    passing = _ACCEPTING @ tally.counts
    failing = (1 - _ACCEPTING) @ tally.diffs
    ok = (
        (passing >= policy.min_loci)
        & (failing <= policy.mismatch_tolerance)
        & ((tally.bits & VIOLATION) == 0)
    )
    first = np.argmax(ok, axis=0)
    return [_LEVELS[level] for level in first.tolist()]


def codis_candidates(data: IndexData, q: CodisQuery, tally: CodisTally) -> list[Candidate]:
    """Candidates of CODIS-style matches."""
    if not tally.rows.size:
        return []
    compared = tally.counts.sum(axis=0)
    identical = tally.counts[0] == compared
    contained = (tally.t_in_c == compared) | (tally.c_in_t == compared)
    partial = ~tally.mixture & (compared > 0) & ~identical & contained & (not q.mixture)
    columns = zip(
        data.store.refs(tally.rows),
        _categories(data, tally.rows),
        _best(tally, q),
        compared.tolist(),
        tally.passing(q.policy.stringency).tolist(),
        tally.failing_diff(q.policy.stringency).tolist(),
        partial.tolist(),
        ((tally.bits & WILD) != 0).tolist(),
        ((tally.bits & OFF_LADDER) != 0).tolist(),
        strict=True,
    )
    return [Candidate(*values) for values in columns]


def prum_candidates(data: IndexData, tally: PrumTally) -> list[Candidate]:
    """Candidates of Prüm-style hits (full and near)."""
    if not tally.rows.size:
        return []
    columns = zip(
        data.store.refs(tally.rows),
        _categories(data, tally.rows),
        tally.quality(),
        tally.common.tolist(),
        tally.full.tolist(),
        tally.diff.tolist(),
        strict=True,
    )
    return [Candidate(*values) for values in columns]
