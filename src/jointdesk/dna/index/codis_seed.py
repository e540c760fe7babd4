"""Seeding of the CODIS-style search: rows that surely include every column-store match
(dna.md §6.2.3-§6.2.4).

Plans, cheapest by estimated rows read plus rows left to filter:

- **hash**: high stringency, no tolerance, every query locus required and all key loci queried: the
  exact-match hash bucket plus wildcard rows agreeing at their pivots;
- **postings**: the rows a posting locus does not reject (passing, not typed, tolerable);
- **pair**: the same for two posting loci, intersected through a row bitmap;
- **union**: pigeonhole: at most ``slack`` query loci may fail to pass, so any ``slack + 1`` of them hold
  a passing locus: the union of their passing rows;
- **scan**: one full column scan at the locus rejecting most rows.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from jointdesk.dna.compute.matching import Stringency
from jointdesk.dna.index import scan
from jointdesk.dna.index.codis_rules import keep
from jointdesk.dna.index.codis_tally import LocusStates
from jointdesk.dna.index.core import IndexData
from jointdesk.dna.index.encoding import U32, has_reserved
from jointdesk.dna.index.lookup import genotype_key
from jointdesk.dna.index.postings import TypedPrune
from jointdesk.dna.index.query import CodisQuery

#: Rough costs per row, in nanoseconds: reading posting lists, marking or probing a row bitmap, one
#: progressive filter step (two gathers, a table read and compressions), sorting for a union, scanning.
READ, MARK, FILTER, SORT, SCAN = 2, 5, 45, 60, 3
#: (rows, query loci whose constraint the rows already satisfy).
Seed = tuple[U32, tuple[int, ...]]
#: (estimated cost in rows, name, reader) of a seeding plan.
Plan = tuple[int, str, Callable[[], Seed]]


def _key_codes(data: IndexData, q: CodisQuery) -> list[int] | None:
    known = dict(zip(q.loci, q.key_codes, strict=True))
    codes = [known.get(locus) for locus in data.key_loci]
    return None if any(code is None for code in codes) else [int(code or 0) for code in codes]


def hash_rows(data: IndexData, q: CodisQuery, slack: int) -> U32 | None:
    """The hash plan's rows, or ``None`` when it would not surely hold every match."""
    policy = q.policy
    exact_only = policy.stringency is Stringency.HIGH and not policy.mismatch_tolerance
    if slack != 0 or not exact_only or q.remap is not None:
        return None
    codes = _key_codes(data, q)
    if codes is None:
        return None
    wild = data.wild_rows(codes)
    if q.plain_codes is not None and wild.size:
        # Identical at high stringency: the very same plain genotype, or a call holding OL or *.
        found = scan.column_codes(data, q.loci, wild)
        wild = wild[((found == q.plain_codes[:, None]) | has_reserved(found)).all(axis=0)]
    return np.concatenate([data.exact.find(genotype_key(codes)), wild])


def _postings(data: IndexData, locus: str, gids: list[int], j: int, prune: TypedPrune | None) -> Seed:
    return scan.posting_rows(data, locus, gids, prune), (j,)


def _pair(
    data: IndexData,
    first: tuple[str, list[int], int],
    second: tuple[str, list[int], int],
    prune: TypedPrune | None,
) -> Seed:
    return scan.intersect(data, first[:2], second[:2], prune), (first[2], second[2])


def _union(data: IndexData, chosen: list[tuple[int, str, list[int]]]) -> Seed:
    return scan.union([scan.posting_rows(data, locus, gids) for _, locus, gids in chosen]), ()


def _posting_plans(
    data: IndexData, q: CodisQuery, states: LocusStates, posted: list[int], slack: int
) -> list[Plan]:
    # A match passes at min_loci query loci, so it is typed there: not-typed rows typed at fewer drop out.
    prune = data.postings.typed_prune(q.loci, q.policy.min_loci)
    plans: list[Plan] = []
    kept: list[tuple[int, str, list[int], int]] = []
    passes: list[tuple[int, str, list[int]]] = []
    for j in posted:
        locus, rules = q.loci[j], states.rules(j, slack)
        gids = rules.keep
        size = scan.posting_cost(data, locus, gids)
        kept.append((size, locus, gids, j))
        plans.append(((READ + FILTER) * size, "postings", partial(_postings, data, locus, gids, j, prune)))
        passes.append((scan.posting_cost(data, locus, rules.passes), locus, rules.passes))
    if len(kept) >= 2:
        (size_a, *a), (size_b, *b) = sorted(kept)[:2]
        left = size_a * size_b // max(data.n, 1)
        cost = (READ + MARK) * (size_a + size_b) + data.n // 16 + FILTER * left
        plans.append((cost, "pair", partial(_pair, data, tuple(a[:3]), tuple(b[:3]), prune)))  # type: ignore[arg-type]
    if 0 <= slack < len(passes):
        chosen = sorted(passes)[: slack + 1]
        total = sum(item[0] for item in chosen)
        plans.append(((READ + SORT + FILTER) * total, "union", partial(_union, data, chosen)))
    return plans


def _scan(data: IndexData, q: CodisQuery, states: LocusStates, slack: int) -> Seed:
    states.ensure(range(len(q.loci)))
    keeps = {j: keep(q, st, slack) for j, st in states.by_gid.items()}
    best = min(keeps, key=lambda j: scan.kept_count(data, q.loci[j], keeps[j]))
    return scan.scan_rows(data, q.loci[best], keeps[best]), (best,)


def seed(data: IndexData, q: CodisQuery, states: LocusStates) -> Seed:
    """Rows that surely include every column-store match, and the query loci they already satisfy."""
    slack = len(q.loci) - q.policy.min_loci
    if not q.loci:
        return scan.all_rows(data), ()
    hashed = hash_rows(data, q, slack)
    if hashed is not None:
        return hashed, ()
    posted = [j for j, locus in enumerate(q.loci) if locus in data.postings.loci]
    states.ensure(posted)
    plans = _posting_plans(data, q, states, posted, slack)
    plans.append((SCAN * data.n + FILTER * data.n // 20, "scan", partial(_scan, data, q, states, slack)))
    return choose(plans)[2]()


def choose(plans: list[Plan]) -> Plan:
    """The cheapest seeding plan (tests replace this to force each plan)."""
    return min(plans, key=lambda plan: plan[0])
