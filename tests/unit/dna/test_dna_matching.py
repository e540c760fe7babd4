"""KAT-9 cases 1-7: per-locus comparison and the CODIS-style policy (dna.md §3.1-§3.3)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jointdesk.dna.compute import (
    CodisPolicy,
    Comparison,
    EquivalenceTable,
    Profile,
    Stringency,
    best_stringency,
    build_profile,
    codis_match,
    compare,
    make_call,
)
from jointdesk.dna.compute.matching import diff_alleles

ONE_LOCUS = CodisPolicy(min_loci=1)


def _profile(
    loci: Mapping[str, str | Sequence[str]],
    *,
    mixture: bool = False,
    required: Mapping[str, Sequence[str]] | None = None,
) -> Profile:
    return build_profile("p", loci, mixture=mixture, required=required)


def test_kat9_1_homozygote_in_heterozygote_is_moderate_not_high() -> None:
    target, candidate = _profile({"vWA": "13"}), _profile({"vWA": "13,14"})
    assert compare(target.loci["vWA"], candidate.loci["vWA"]).outcome is Comparison.SUBSET
    assert not codis_match(target, candidate, CodisPolicy(Stringency.HIGH, min_loci=1)).match
    assert codis_match(target, candidate, ONE_LOCUS).match
    assert best_stringency(target, candidate, ONE_LOCUS) is Stringency.MODERATE


def test_kat9_2_identical_is_high() -> None:
    target, candidate = _profile({"D21S11": "28,31.2"}), _profile({"D21S11": "28,31.2"})
    assert best_stringency(target, candidate, ONE_LOCUS) is Stringency.HIGH


def test_kat9_3_mixture_target_moderate() -> None:
    target = _profile({"FGA": "9,10,11,12"}, mixture=True)
    assert best_stringency(target, _profile({"FGA": "10,12"}), ONE_LOCUS) is Stringency.MODERATE


def test_kat9_4_mixture_target_no_match() -> None:
    target = _profile({"FGA": "9,10,11,12"}, mixture=True)
    result = codis_match(target, _profile({"FGA": "10,13"}), ONE_LOCUS)
    assert not result.match and result.failing[0].outcome is Comparison.OVERLAP


def test_kat9_5_required_allele_missing_no_match() -> None:
    target = _profile({"FGA": "9,10,11,12"}, mixture=True, required={"FGA": ["11"]})
    result = codis_match(target, _profile({"FGA": "10,12"}), ONE_LOCUS)
    assert not result.match and result.required_violations == ("FGA",)
    assert codis_match(target, _profile({"FGA": "11,12"}), ONE_LOCUS).match


def test_kat9_6_overlap_is_low_only() -> None:
    target, candidate = _profile({"TH01": "15,16"}), _profile({"TH01": "16,18"})
    assert best_stringency(target, candidate, ONE_LOCUS) is Stringency.LOW


def test_kat9_7_one_sided_locus_neither_counted_nor_mismatch() -> None:
    target = _profile({"vWA": "16,17", "TPOX": "8,11", "FGA": ""})
    candidate = _profile({"vWA": "16,17", "D5S818": "12", "FGA": "22"})
    result = codis_match(target, candidate, CodisPolicy(Stringency.HIGH, min_loci=1))
    assert result.match and result.passing_loci == 1 and [c.locus for c in result.compared] == ["vWA"]
    assert not codis_match(target, candidate, CodisPolicy(Stringency.HIGH, min_loci=2)).match
    item = compare(target.loci["TPOX"], None)
    assert item.outcome is Comparison.NOT_COMPARABLE and item.locus == "TPOX"


def test_minimum_loci_and_mismatch_tolerance() -> None:
    loci = dict.fromkeys(("vWA", "TH01", "FGA", "TPOX", "CSF1PO"), "10,11")
    target = _profile(loci)
    candidate = _profile({**loci, "FGA": "10,12"})
    assert not codis_match(target, candidate, CodisPolicy(Stringency.HIGH, min_loci=4)).match
    tolerant = codis_match(target, candidate, CodisPolicy(Stringency.HIGH, min_loci=4, mismatch_tolerance=1))
    assert tolerant.match and tolerant.passing_loci == 4 and tolerant.failing[0].diff_alleles == 1
    assert not codis_match(
        target, candidate, CodisPolicy(Stringency.HIGH, min_loci=5, mismatch_tolerance=1)
    ).match


def test_partial_match_flag() -> None:
    target = _profile({"vWA": "16", "TH01": "6,7"})
    candidate = _profile({"vWA": "16,17", "TH01": "6,7"})
    assert codis_match(target, candidate, ONE_LOCUS).partial_match
    assert not codis_match(candidate, candidate, ONE_LOCUS).partial_match
    crossed = _profile({"vWA": "16,17", "TH01": "6"})
    assert not codis_match(target, crossed, ONE_LOCUS).partial_match
    mixture = _profile({"vWA": "16,17,18", "TH01": "6,7"}, mixture=True)
    assert not codis_match(target, mixture, ONE_LOCUS).partial_match


def test_off_ladder_is_wildcard_like_and_flagged() -> None:
    target, candidate = _profile({"TH01": "6,OL"}), _profile({"TH01": "6,9.3"})
    assert codis_match(target, candidate, CodisPolicy(Stringency.HIGH, min_loci=1)).involves_off_ladder
    assert codis_match(target, candidate, CodisPolicy(Stringency.HIGH, min_loci=1)).match
    strict = CodisPolicy(Stringency.HIGH, min_loci=1, ol_as_wildcard=False)
    assert not codis_match(target, candidate, strict).match


def test_microvariant_equivalence_table_is_off_by_default_and_flagged() -> None:
    target, candidate = _profile({"TH01": "6,9.3"}), _profile({"TH01": "6,8.3"})
    assert not codis_match(target, candidate, CodisPolicy(Stringency.HIGH, min_loci=1)).match
    table = EquivalenceTable({"TH01": (frozenset({"9.3", "8.3"}),)})
    result = codis_match(target, candidate, CodisPolicy(Stringency.HIGH, min_loci=1, equivalences=table))
    assert result.match and result.involves_equivalence


def test_amelogenin_is_only_a_warning() -> None:
    target = build_profile("t", {"AMEL": "X,Y", "vWA": "16,17"})
    candidate = build_profile("c", {"AMEL": "X", "vWA": "16,17"})
    result = codis_match(target, candidate, ONE_LOCUS)
    assert result.match and result.passing_loci == 1
    assert result.warnings == ("amelogenin sex inconsistency (warning only)",)


@pytest.mark.parametrize(
    ("target", "candidate", "diff"),
    [
        ("12,14", "12,15", 1),
        ("12,12", "12,14", 1),
        ("12", "12,14", 1),
        ("12,*", "9,12", 0),
        ("12,14", "15,16", 2),
        ("13,13", "13", 0),
        ("*,*", "9,12", 0),
    ],
)
def test_diff_alleles(target: str, candidate: str, diff: int) -> None:
    assert diff_alleles(target.split(","), candidate.split(",")) == diff


_allele = st.sampled_from(["8", "9", "9.3", "10", "11", "12"])
_call = st.lists(_allele, min_size=1, max_size=4)


@given(t=_call, c=_call)
def test_compare_is_symmetric_in_outcome(t: list[str], c: list[str]) -> None:
    forward = compare(make_call("TH01", t), make_call("TH01", c))
    backward = compare(make_call("TH01", c), make_call("TH01", t))
    assert forward.outcome is backward.outcome
    assert forward.target_in_candidate == backward.candidate_in_target


@given(t=_call, c=_call)
def test_outcome_agrees_with_plain_set_relations(t: list[str], c: list[str]) -> None:
    outcome = compare(make_call("TH01", t), make_call("TH01", c)).outcome
    ts, cs = set(t), set(c)
    expected = (
        Comparison.IDENTICAL
        if ts == cs
        else Comparison.SUBSET
        if ts < cs or cs < ts
        else Comparison.OVERLAP
        if ts & cs
        else Comparison.INCOMPATIBLE
    )
    assert outcome is expected
