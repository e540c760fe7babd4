"""Edge cases of the STR index against brute force, generated with Hypothesis on small indexes.

Tiny allele alphabets over four loci make collisions, ``OL``, ``*`` (alone, doubled, with an allele),
numeric Prüm codes (``1``, ``99``), tri-allelic and mixture calls, not-typed and inconclusive loci,
required alleles, tolerances, zero minimums and equivalence tables frequent. Every seeding plan is
forced in turn. Also the API: add/remove/contains, duplicates, categories, batches, errors.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jointdesk.dna.compute import (
    CodisPolicy,
    DnaError,
    EquivalenceTable,
    ExportRefusedError,
    LocusCall,
    MatchQuality,
    Profile,
    PrumPolicy,
    PrumProfile,
    Stringency,
    best_stringency,
    build_profile,
    codis_match,
    make_call,
    prum_compare,
    prum_export,
)
from jointdesk.dna.compute.profile import LocusStatus
from jointdesk.dna.compute.prum import MicrovariantRuleKind, PrumMicrovariantRule
from jointdesk.dna.index import GenotypeBlock, StrIndex, codis_seed

LOCI = ("TH01", "FGA", "vWA", "D21S11")
CATEGORIES = ("offender", "arrestee", "forensic_mixture")
EQUIVALENCES = EquivalenceTable({"TH01": (frozenset({"9.3", "10"}),), "FGA": (frozenset({"6", "OL"}),)})
RULES = (PrumMicrovariantRule("TH01", "tetranucleotide", MicrovariantRuleKind.SAME_WHOLE_REPEAT, "test"),)

alleles = st.sampled_from(["6", "7", "9.3", "10", "OL", "*", "1", "99"])
calls = st.one_of(
    st.lists(alleles, min_size=1, max_size=4),
    st.just("absent"),
    st.just("not_typed"),
    st.just("inconclusive"),
)


def _call(locus: str, raw: list[str] | str, required: Sequence[str] = ()) -> LocusCall | None:
    if raw == "absent":
        return None
    if raw == "not_typed":
        return LocusCall(locus, status=LocusStatus.NOT_TYPED)
    if raw == "inconclusive":
        return LocusCall(locus, status=LocusStatus.INCONCLUSIVE)
    return make_call(locus, list(raw), required=required)


@st.composite
def profiles(draw: st.DrawFn, ref: str = "p", with_required: bool = False) -> Profile:
    loci = {}
    for locus in LOCI:
        raw = draw(calls)
        required: list[str] = []
        if with_required and isinstance(raw, list):
            required = draw(st.lists(st.sampled_from(raw), max_size=2))
        call = _call(locus, raw, required)
        if call is not None:
            loci[locus] = call
    return Profile(ref, loci, mixture=draw(st.booleans()))


codis_policies = st.builds(
    CodisPolicy,
    stringency=st.sampled_from(list(Stringency)),
    min_loci=st.integers(0, 4),
    mismatch_tolerance=st.sampled_from([0, 0, 1, 2]),
    enforce_required=st.booleans(),
    ol_as_wildcard=st.booleans(),
    equivalences=st.sampled_from([None, None, EQUIVALENCES]),
)
prum_policies = st.builds(
    PrumPolicy, min_loci=st.integers(0, 4), microvariant_rules=st.sampled_from([(), RULES])
)
stored = st.lists(st.tuples(profiles(), st.sampled_from(CATEGORIES)), min_size=1, max_size=40)
filters = st.sampled_from([None, ("offender",), ("arrestee", "forensic_mixture"), ()])
plans = st.sampled_from(["cheapest", "union", "postings", "pair", "scan"])


def _index(items: list[tuple[Profile, str]], removed: int) -> tuple[StrIndex, list[tuple[Profile, str]]]:
    index = StrIndex(key_loci=LOCI)
    live = []
    for i, (profile, category) in enumerate(items):
        named = Profile(f"r{i}", profile.loci, mixture=profile.mixture)
        index.add(named.profile_ref, named, category)
        live.append((named, category))
    dropped = set(range(0, len(live), removed)) if removed else set()
    for i in dropped:
        assert index.remove(live[i][0].profile_ref)
    return index, [item for j, item in enumerate(live) if j not in dropped]


def _forced(plan: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def choose(options: list[codis_seed.Plan]) -> codis_seed.Plan:
        named = [option for option in options if option[1] == plan]
        return named[0] if named else min(options, key=lambda option: option[0])

    if plan != "cheapest":
        monkeypatch.setattr(codis_seed, "choose", choose)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    items=stored,
    query=profiles("q", with_required=True),
    policy=codis_policies,
    chosen=filters,
    removed=st.sampled_from([0, 0, 3]),
    plan=plans,
)
def test_codis_search_equals_brute_force(
    items: list[tuple[Profile, str]],
    query: Profile,
    policy: CodisPolicy,
    chosen: tuple[str, ...] | None,
    removed: int,
    plan: str,
) -> None:
    index, live = _index(items, removed)
    with pytest.MonkeyPatch.context() as patch:
        _forced(plan, patch)
        got = {c.profile_ref: c for c in index.search(query, policy, categories=chosen)}
    expected = {
        p.profile_ref: (p, codis_match(query, p, policy))
        for p, category in live
        if (chosen is None or category in chosen) and codis_match(query, p, policy).match
    }
    assert set(got) == set(expected)
    for ref, (profile, result) in expected.items():
        candidate = got[ref]
        assert candidate.quality is best_stringency(query, profile, policy)
        assert (candidate.passing_loci, candidate.loci_compared) == (
            result.passing_loci,
            len(result.compared),
        )
        assert candidate.partial_match == result.partial_match
        assert (candidate.involves_wildcard, candidate.involves_off_ladder) == (
            result.involves_wildcard,
            result.involves_off_ladder,
        )
    assert index.search(query, policy, categories=chosen, exhaustive=True) == index.search(
        query, policy, categories=chosen
    )


prum_values = st.sampled_from(["6", "7", "9.3", "10", "*", "OL", "1"])
prum_queries = st.dictionaries(
    st.sampled_from([*LOCI, "LPL"]), st.tuples(prum_values, prum_values), max_size=5
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=stored, loci=prum_queries, policy=prum_policies, removed=st.sampled_from([0, 3]))
def test_prum_search_equals_brute_force(
    items: list[tuple[Profile, str]], loci: dict[str, tuple[str, str]], policy: PrumPolicy, removed: int
) -> None:
    index, live = _index(items, removed)
    query = PrumProfile("q", loci)
    got = {c.profile_ref: c for c in index.search(query, policy)}
    expected = {}
    for profile, _ in live:
        try:
            result = prum_compare(query, prum_export(profile), policy)
        except ExportRefusedError:
            continue
        if result.hit:
            expected[profile.profile_ref] = result
    assert set(got) == set(expected)
    for ref, result in expected.items():
        assert (got[ref].quality, got[ref].diff_alleles) == (result.quality, result.diff_alleles)


def _person(ref: str, th01: str = "6,7") -> Profile:
    return build_profile(ref, {"TH01": th01, "FGA": "20,22", "vWA": "14,17", "D21S11": "28,30"})


def test_add_remove_contains_and_duplicates() -> None:
    index = StrIndex(key_loci=LOCI)
    index.add("a", _person("ignored"), "offender")
    assert "a" in index and "b" not in index and 3 not in index and len(index) == 1
    with pytest.raises(DnaError, match="already indexed"):
        index.add("a", _person("a"), "offender")
    with pytest.raises(ValueError, match="non-empty"):
        index.add("", _person("x"), "offender")
    assert index.remove("a") and not index.remove("a") and len(index) == 0
    index.add("a", _person("a", "9.3,10"), "arrestee")
    found = index.search(_person("q", "9.3,10"), CodisPolicy(Stringency.HIGH, min_loci=4))
    assert [(c.profile_ref, c.category, c.quality) for c in found] == [("a", "arrestee", Stringency.HIGH)]
    assert index.categories == ("offender", "arrestee") and index.loci == LOCI
    assert index.explain(_person("q", "9.3,10"), "a", CodisPolicy(min_loci=4)).match  # type: ignore[union-attr]


def test_prum_mixture_query_is_refused_and_codis_needs_a_profile() -> None:
    index = StrIndex()
    index.add("a", _person("a"), "offender")
    mixture = build_profile("m", {"TH01": "6,7,8"}, mixture=True)
    with pytest.raises(ExportRefusedError):
        index.search(mixture, PrumPolicy())
    with pytest.raises(TypeError, match="Profile"):
        index.search(prum_export(_person("q")), CodisPolicy())
    hits = index.search(prum_export(_person("q", "6,8")), PrumPolicy(min_loci=4))
    assert [(c.profile_ref, c.quality, c.diff_alleles) for c in hits] == [("a", MatchQuality.NEAR, 1)]


def test_block_import_checks_references() -> None:
    index = StrIndex()
    block = GenotypeBlock(
        np.array([b"a", b"b"]),
        ("offender",),
        np.zeros(2, np.uint8),
        ("TH01",),
        (("6", "7"),),
        np.zeros((2, 1), np.int16),
        np.ones((2, 1), np.int16),
    )
    index.add_block(block)
    assert len(index) == 2 and index.profile("b").loci["TH01"].alleles == ("6", "7")
    with pytest.raises(DnaError, match="already indexed"):
        index.add_block(block)
    twice = GenotypeBlock(
        np.array([b"c", b"c"]),
        ("x",),
        np.zeros(2, np.uint8),
        ("TH01",),
        (("6",),),
        np.zeros((2, 1), np.int16),
        np.zeros((2, 1), np.int16),
    )
    with pytest.raises(DnaError, match="duplicate"):
        index.add_block(twice)


def test_memory_accounting_grows_with_rows() -> None:
    index = StrIndex()
    empty = index.memory_bytes()
    for i in range(300):
        index.add(f"p{i}", _person(f"p{i}", f"{6 + i % 5},{7 + i % 3}"), "offender")
    index.optimize()
    assert index.memory_bytes() > empty and index.posting_loci
