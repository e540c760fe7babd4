"""Every indexed search path equals brute force with the compute module's matchers (dna.md §6.2.9).

10,000 synthetic profiles (duplicates, near matches, partials, relatives, ``OL`` and ``*`` calls,
mixtures, tri-allelic and lone-wildcard calls, removed rows). Each case states the seeding path it is
built to take (exact-match hash, pigeonhole union of posting lists, posting-list rejection, full column
scan, progressive filtering, scanned store) and checks it was taken. Brute force calls ``codis_match`` /
``prum_compare`` on every live profile; ``compare`` and ``compare_pair`` are memoised (pure functions)
to keep the run short.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pytest

from jointdesk.dna.compute import (
    CodisPolicy,
    DnaError,
    EquivalenceTable,
    LocusCall,
    Profile,
    PrumPolicy,
    PrumProfile,
    Stringency,
    best_stringency,
    codis,
    codis_match,
    prum,
    prum_compare,
    prum_export,
)
from jointdesk.dna.compute.profile import LocusStatus
from jointdesk.dna.compute.prum import MicrovariantRuleKind, PrumMicrovariantRule
from jointdesk.dna.index import Candidate, StrIndex, codis_search, codis_seed, scan
from jointdesk.dna.synthetic import Kind, SyntheticConfig, SyntheticProfiles, generate, mixture_of, stain

CONFIG = SyntheticConfig(
    size=10_000,
    seed=7,
    duplicates=0.02,
    near_matches=0.02,
    partials=0.1,
    relatives=0.02,
    off_ladder=0.004,
    wildcards=0.002,
    mixtures=40,
)


@dataclass
class World:
    data: SyntheticProfiles
    index: StrIndex
    live: list[tuple[Profile, str]]
    exports: dict[str, PrumProfile | None] = field(default_factory=dict)


def _exotic(data: SyntheticProfiles, number: int) -> Profile:
    """A profile with a lone OL, a lone *, "*,*", a tri-allelic call, a duplicated report, inconclusive."""
    base = data.profile(number * 37 % len(data))
    loci = dict(base.loci)
    names = sorted(loci)
    edits: list[Callable[[tuple[str, ...]], LocusCall | tuple[str, ...]]] = [
        lambda a: ("OL",),
        lambda a: ("*",),
        lambda a: ("*", "*"),
        lambda a: (a[0], a[-1], "OL"),
        lambda a: (a[0], a[0], a[-1]),
        lambda a: (a[0],),
    ]
    for k, name in enumerate(names[number % 5 :: 5][:4]):
        edit = edits[(number + k) % len(edits)](loci[name].alleles)
        loci[name] = LocusCall(name, edit) if isinstance(edit, tuple) else edit
    if number % 3 == 0:
        loci[names[-1]] = LocusCall(names[-1], status=LocusStatus.INCONCLUSIVE)
    return Profile(f"X{number:03d}", loci)


@pytest.fixture(scope="module")
def world() -> World:
    data = generate(CONFIG)
    index = StrIndex()
    index.add_block(data.block)
    extra = [(_exotic(data, i), "offender") for i in range(40)]
    extra += [(mixture, "forensic_mixture") for mixture in data.mixtures]
    for profile, category in extra:
        index.add(profile.profile_ref, profile, category)
    live = [(data.profile(row), data.category(row)) for row in range(len(data))] + extra
    removed = {live[i][0].profile_ref for i in range(0, len(live), 997)}
    for ref in removed:
        assert index.remove(ref)
    return World(data, index, [(p, c) for p, c in live if p.profile_ref not in removed])


@pytest.fixture(scope="module", autouse=True)
def _memoised() -> Iterator[None]:
    original = codis.compare
    seen: dict[tuple[LocusCall, LocusCall, bool, int], object] = {}

    def compare(
        target: LocusCall, candidate: LocusCall, *, ol_as_wildcard: bool = True, equivalences: object = None
    ) -> object:
        key = (target, candidate, ol_as_wildcard, id(equivalences))
        if key not in seen:
            seen[key] = original(target, candidate, ol_as_wildcard=ol_as_wildcard, equivalences=equivalences)  # type: ignore[arg-type]
        return seen[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(codis, "compare", compare)
        patch.setattr(prum, "compare_pair", functools.cache(prum.compare_pair))
        patch.setattr(prum, "prum_export_token", functools.cache(prum.prum_export_token))
        yield


@pytest.fixture
def paths(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Names of the seeding paths taken during a test."""
    taken: set[str] = set()

    def spy(
        name: str, module: object, attribute: str, when: Callable[[object], bool] = lambda r: True
    ) -> None:
        real = getattr(module, attribute)

        def wrapper(*args: object, **kwargs: object) -> object:
            result = real(*args, **kwargs)
            if when(result):
                taken.add(name)
            return result

        monkeypatch.setattr(module, attribute, wrapper)

    spy("hash", codis_seed, "hash_rows", lambda r: r is not None)
    spy("union", scan, "union")
    spy("postings", scan, "posting_rows")
    spy("pair", codis_seed, "_pair")
    spy("scan", scan, "scan_rows")
    real_filter = codis_search._filter

    def progressive(data: object, q: object, states: object, seeded: tuple[np.ndarray, object]) -> object:
        if seeded[0].size > scan.VERIFY_ROWS:
            taken.add("progressive")
        return real_filter(data, q, states, seeded)  # type: ignore[arg-type]

    monkeypatch.setattr(codis_search, "_filter", progressive)
    return taken


@pytest.fixture
def force(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Make the CODIS search take a named seeding plan whenever that plan applies."""

    def forcing(name: str) -> None:
        def choose(plans: list[codis_seed.Plan]) -> codis_seed.Plan:
            named = [plan for plan in plans if plan[1] == name]
            return named[0] if named else min(plans, key=lambda plan: plan[0])

        monkeypatch.setattr(codis_seed, "choose", choose)

    return forcing


def _rows(world: World, kind: Kind) -> list[int]:
    return np.flatnonzero(world.data.kinds == kind).tolist()


def _full_row(world: World, start: int) -> int:
    """A row typed at every locus with designated alleles only."""
    block, row = world.data.block, start
    tokens = np.array([len(labels) - 2 for labels in block.labels])
    while not ((block.first[row] >= 0).all() and (block.second[row] < tokens).all()):
        row += 1
    return row


def _brute_codis(
    world: World, query: Profile, policy: CodisPolicy, categories: set[str] | None
) -> dict[str, tuple[Profile, object]]:
    found: dict[str, tuple[Profile, object]] = {}
    for profile, category in world.live:
        if categories is not None and category not in categories:
            continue
        result = codis_match(query, profile, policy)
        if result.match:
            found[profile.profile_ref] = (profile, result)
    return found


def _check_codis(
    world: World, query: Profile, policy: CodisPolicy, categories: set[str] | None = None
) -> list[Candidate]:
    got = world.index.search(query, policy, categories=categories)
    expected = _brute_codis(world, query, policy, categories)
    assert {c.profile_ref for c in got} == set(expected)
    for candidate in got:
        profile, result = expected[candidate.profile_ref]
        assert isinstance(result, codis.CodisResult)
        assert candidate.quality is best_stringency(query, profile, policy)
        assert candidate.loci_compared == len(result.compared)
        assert candidate.passing_loci == result.passing_loci
        assert candidate.diff_alleles == sum(item.diff_alleles for item in result.failing)
        assert candidate.partial_match == result.partial_match
        assert candidate.involves_wildcard == result.involves_wildcard
        assert candidate.involves_off_ladder == result.involves_off_ladder
    exhaustive = world.index.search(query, policy, categories=categories, exhaustive=True)
    assert exhaustive == got
    return got


def _export(world: World, profile: Profile) -> PrumProfile | None:
    if profile.profile_ref not in world.exports:
        try:
            world.exports[profile.profile_ref] = prum_export(profile)
        except DnaError:
            world.exports[profile.profile_ref] = None
    return world.exports[profile.profile_ref]


def _check_prum(world: World, query: PrumProfile, policy: PrumPolicy) -> list[Candidate]:
    got = world.index.search(query, policy)
    expected = {}
    for profile, _ in world.live:
        exported = _export(world, profile)
        if exported is not None and (result := prum_compare(query, exported, policy)).hit:
            expected[profile.profile_ref] = result
    assert {c.profile_ref for c in got} == set(expected)
    for candidate in got:
        result = expected[candidate.profile_ref]
        assert (candidate.quality, candidate.diff_alleles) == (result.quality, result.diff_alleles)
        assert (candidate.passing_loci, candidate.loci_compared) == (
            result.common_full_loci,
            len(result.loci),
        )
    assert world.index.search(query, policy, exhaustive=True) == got
    return got


def test_hash_path_finds_planted_duplicates(world: World, paths: set[str]) -> None:
    source = int(world.data.sources[_rows(world, Kind.DUPLICATE)[0]])
    query = world.data.profile(_full_row(world, source))
    got = _check_codis(world, query, CodisPolicy(Stringency.HIGH, min_loci=len(query.loci)))
    assert "hash" in paths and len(got) >= 1


def test_hash_path_for_persons_only(world: World, paths: set[str]) -> None:
    query = world.data.profile(_full_row(world, 8_888))
    _check_codis(world, query, CodisPolicy(Stringency.HIGH, min_loci=20), {"offender", "arrestee"})
    assert paths == {"hash"}


@pytest.mark.parametrize("plan", ["union", "pair"])
def test_every_seeding_plan_at_high_stringency(
    world: World, paths: set[str], force: Callable[[str], None], plan: str
) -> None:
    force(plan)
    query = world.data.profile(_full_row(world, 123))
    _check_codis(world, query, CodisPolicy(Stringency.HIGH, min_loci=len(query.loci) - 2))
    assert plan in paths


@pytest.mark.parametrize("plan", ["postings", "scan"])
def test_every_seeding_plan_at_moderate_stringency(
    world: World, paths: set[str], force: Callable[[str], None], plan: str
) -> None:
    force(plan)
    row = _full_row(world, int(world.data.sources[_rows(world, Kind.PARTIAL)[3]]))
    query = stain(world.data, row, seed=3, dropout=0.3)
    _check_codis(world, query, CodisPolicy(Stringency.MODERATE, min_loci=len(query.loci) - 2))
    assert plan in paths


def test_posting_rejection_for_stains(world: World, paths: set[str]) -> None:
    for seed in range(2):
        query = stain(world.data, 500 + 1_000 * seed, seed=seed, loci=11, dropout=0.3)
        _check_codis(world, query, CodisPolicy(Stringency.MODERATE, min_loci=8))
    # Posting lists read alone or intersected, then progressive filtering.
    assert paths & {"postings", "pair"} and "progressive" in paths


def test_full_scan_when_no_posting_locus_is_queried(world: World, paths: set[str]) -> None:
    source = world.data.profile(_full_row(world, 77))
    posted = set(world.index.posting_loci)
    query = Profile("q", {k: v for k, v in source.loci.items() if k not in posted})
    _check_codis(world, query, CodisPolicy(Stringency.MODERATE, min_loci=9))
    assert paths == {"scan", "progressive"}


def test_low_stringency_relatives(world: World) -> None:
    child = _rows(world, Kind.PARENT_CHILD)[0]
    query = world.data.profile(int(world.data.sources[child]))
    got = _check_codis(world, query, CodisPolicy(Stringency.LOW, min_loci=8))
    assert world.data.ref(child) in {c.profile_ref for c in got}
    sibling = world.data.profile(int(world.data.sources[_rows(world, Kind.SIBLING)[0]]))
    _check_codis(world, sibling, CodisPolicy(Stringency.LOW, min_loci=12, mismatch_tolerance=2))


def test_near_match_with_mismatch_tolerance(world: World) -> None:
    near = _rows(world, Kind.NEAR)[1]
    query = world.data.profile(int(world.data.sources[near]))
    got = _check_codis(world, query, CodisPolicy(Stringency.HIGH, min_loci=15, mismatch_tolerance=1))
    assert world.data.ref(near) in {c.profile_ref for c in got}


def test_mixture_queries_with_required_alleles(world: World) -> None:
    query = mixture_of(world.data, (900, 4_000), seed=1, required=4)
    got = _check_codis(world, query, CodisPolicy(Stringency.MODERATE, min_loci=8))
    assert world.data.ref(900) in {c.profile_ref for c in got}


def test_scanned_store_candidates(world: World) -> None:
    mixture = world.data.mixtures[5]
    member = Profile("q", {k: LocusCall(k, c.alleles[:2]) for k, c in mixture.loci.items()})
    _check_codis(world, member, CodisPolicy(Stringency.MODERATE, min_loci=6))
    _check_codis(world, _exotic(world.data, 7), CodisPolicy(Stringency.MODERATE, min_loci=6))


def test_off_ladder_strict_and_equivalences(world: World) -> None:
    row = next(
        r
        for r in range(len(world.data))
        if (world.data.block.second[r] >= 0).all()
        and (world.data.block.second[r] >= len(world.data.block.labels[0]) - 2).any()
    )
    query = world.data.profile(row)
    _check_codis(world, query, CodisPolicy(Stringency.HIGH, min_loci=10, ol_as_wildcard=False))
    table = EquivalenceTable({"TH01": (frozenset({"9.3", "10"}),), "FGA": (frozenset({"22", "22.2", "OL"}),)})
    _check_codis(
        world,
        stain(world.data, row, seed=1, loci=10),
        CodisPolicy(Stringency.MODERATE, min_loci=8, equivalences=table),
    )


def test_category_filter_and_zero_minimum(world: World) -> None:
    query = stain(world.data, 3_210, seed=4, loci=12, dropout=0.2)
    _check_codis(world, query, CodisPolicy(Stringency.MODERATE, min_loci=8), {"arrestee", "forensic_mixture"})
    _check_codis(world, stain(world.data, 17, seed=5, loci=2), CodisPolicy(Stringency.HIGH, min_loci=0))


def test_prum_near_and_full_matches(world: World) -> None:
    near = _rows(world, Kind.NEAR)[2]
    query = prum_export(world.data.profile(int(world.data.sources[near])))
    got = _check_prum(world, query, PrumPolicy())
    assert world.data.ref(near) in {c.profile_ref for c in got}
    duplicate = _rows(world, Kind.DUPLICATE)[2]
    _check_prum(world, prum_export(world.data.profile(int(world.data.sources[duplicate]))), PrumPolicy())


def test_prum_scan_path_without_posting_loci(world: World, paths: set[str]) -> None:
    source = world.data.profile(_full_row(world, 4_321))
    posted = set(world.index.posting_loci)
    query = prum_export(Profile("q", {k: v for k, v in source.loci.items() if k not in posted}))
    got = _check_prum(world, query, PrumPolicy())
    assert paths == {"scan", "union"} and source.profile_ref in {c.profile_ref for c in got}


def test_prum_partial_wildcard_and_microvariant_queries(world: World) -> None:
    _check_prum(world, prum_export(stain(world.data, 6_000, seed=6, loci=8)), PrumPolicy())
    _check_prum(world, prum_export(_exotic(world.data, 11)), PrumPolicy(min_loci=4))
    rules = tuple(
        PrumMicrovariantRule(locus, "tetranucleotide", MicrovariantRuleKind.SAME_WHOLE_REPEAT, "test")
        for locus in ("TH01", "D21S11", "FGA")
    )
    _check_prum(
        world, prum_export(world.data.profile(_full_row(world, 2_500))), PrumPolicy(microvariant_rules=rules)
    )
    _check_prum(world, prum_export(stain(world.data, 7_000, seed=7, loci=4)), PrumPolicy(min_loci=3))


def test_batch_equals_single_searches(world: World) -> None:
    queries = [stain(world.data, 100 * k, seed=k, loci=10, dropout=0.2) for k in range(12)]
    policy = CodisPolicy(Stringency.MODERATE, min_loci=8)
    single = [world.index.search(q, policy) for q in queries]
    assert world.index.search_batch(queries, policy) == single
    assert world.index.search_batch(queries, policy, workers=2) == single
    assert world.index.search_batch(queries, policy, workers=2, processes=True) == single
    exported = [prum_export(q) for q in queries]
    assert world.index.search_batch(exported, PrumPolicy(), workers=2) == [
        world.index.search(q, PrumPolicy()) for q in exported
    ]
