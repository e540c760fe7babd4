"""KAT-9 cases 8-13: Prüm comparability, full/near matches and export (dna.md §3.4)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jointdesk.dna.compute import (
    ExportRefusedError,
    MatchQuality,
    PrumPolicy,
    PrumProfile,
    build_profile,
    prum_compare,
    prum_export,
    prum_export_values,
)
from jointdesk.dna.compute.prum import (
    MicrovariantRuleKind,
    PrumMicrovariantRule,
    prum_export_token,
    prum_inclusion_ok,
)

SIX = ("vWA", "TH01", "D21S11", "FGA", "D8S1179", "D3S1358")
BASE = {
    "vWA": "16,17",
    "TH01": "6,9.3",
    "D21S11": "28,30",
    "FGA": "21,24",
    "D8S1179": "12,14",
    "D3S1358": "15,16",
}


def _prum(loci: dict[str, str], ref: str = "p") -> PrumProfile:
    return prum_export(build_profile(ref, loci))


def test_kat9_8_five_common_loci_plus_amel_not_comparable() -> None:
    five = {name: BASE[name] for name in SIX[:5]}
    query = prum_export(build_profile("q", {**five, "AMEL": "X,Y"}))
    result = prum_compare(query, prum_export(build_profile("t", {**five, "AMEL": "X,Y"})))
    assert not result.comparable and result.common_full_loci == 5 and not result.hit


def test_kat9_9_six_identical_loci_full_match() -> None:
    result = prum_compare(_prum(BASE), _prum(BASE))
    assert result.comparable and result.quality is MatchQuality.FULL and result.diff_alleles == 0


@pytest.mark.parametrize(("mine", "theirs"), [("12,14", "12,15"), ("12,12", "12,14")])
def test_kat9_10_one_allele_differs_near_match(mine: str, theirs: str) -> None:
    query = _prum({**BASE, "D18S51": mine})
    target = _prum({**BASE, "D18S51": theirs})
    result = prum_compare(query, target)
    assert result.quality is MatchQuality.NEAR and result.diff_alleles == 1


def test_kat9_11_two_differing_alleles_no_hit() -> None:
    across = prum_compare(
        _prum({**BASE, "D18S51": "12,14"}), _prum({**BASE, "D18S51": "12,15", "vWA": "16,18"})
    )
    within = prum_compare(_prum({**BASE, "D18S51": "12,14"}), _prum({**BASE, "D18S51": "13,15"}))
    for result in (across, within):
        assert result.comparable and result.quality is None and not result.hit and result.diff_alleles == 2


def test_kat9_12_wildcard_full_match() -> None:
    query = _prum({**BASE, "D18S51": "12,*"})
    target = _prum({**BASE, "D18S51": "9,12"})
    result = prum_compare(query, target)
    assert result.quality is MatchQuality.FULL_WILDCARD and result.common_full_loci == 6
    assert prum_compare(query, _prum({**BASE, "D18S51": "12,14"})).quality is MatchQuality.FULL_WILDCARD


def test_kat9_13_export_rules() -> None:
    assert prum_export_values(["10", "11", "12"]) == ("10", "*")
    for code in ("99", "0", "1", "na", "OL", "o", "f", "r", "nr", "un"):
        assert prum_export_token(code) == "*"
    assert prum_export_values(["12", "99"]) == ("12", "*")
    assert prum_export_values(["9"]) == ("9", "9")
    with pytest.raises(ExportRefusedError, match="mixture"):
        prum_export(build_profile("m", {"vWA": "14,15,16,17"}, mixture=True))
    with pytest.raises(ExportRefusedError, match="mixtures"):
        prum_export_values(["14", "15", "16", "17"])


def test_export_keeps_amel_apart_and_skips_untyped_or_unlisted_loci() -> None:
    profile = build_profile("r1", {**BASE, "AMEL": "X,Y", "TPOX": "", "LPL": "10,11", "D12S391": "18"})
    exported = prum_export(profile)
    assert exported.amel == ("X", "Y") and exported.profile_ref == "r1"
    assert "TPOX" not in exported.loci and "LPL" not in exported.loci
    assert exported.loci["D12S391"] == ("18", "18")


def test_inclusion_rule() -> None:
    assert prum_inclusion_ok(_prum(BASE), person=True)  # 6 of the 7 ESS
    five_ess = _prum({**{name: BASE[name] for name in SIX[:5]}, "TPOX": "8,11"})
    assert prum_inclusion_ok(five_ess, person=False)
    assert not prum_inclusion_ok(five_ess, person=True)
    with_star = _prum({**BASE, "vWA": "16,OL"})
    assert not prum_inclusion_ok(with_star, person=False)


def test_microvariant_rules_are_empty_by_default() -> None:
    query, target = _prum({**BASE, "D18S51": "12,13.2"}), _prum({**BASE, "D18S51": "12,13"})
    assert prum_compare(query, target).quality is MatchQuality.NEAR
    rule = PrumMicrovariantRule(
        "D18S51", "tetranucleotide", MicrovariantRuleKind.SAME_WHOLE_REPEAT, "test only"
    )
    flagged = prum_compare(query, target, PrumPolicy(microvariant_rules=(rule,)))
    assert flagged.quality is MatchQuality.FULL_MICROVARIANT


def test_configurable_minimum_loci() -> None:
    five = {name: BASE[name] for name in SIX[:5]}
    assert prum_compare(_prum(five), _prum(five), PrumPolicy(min_loci=5)).quality is MatchQuality.FULL


_value = st.sampled_from(["9", "10", "11", "12", "*"])
_pair = st.tuples(_value, _value)


@given(first=_pair, second=_pair)
def test_pair_comparison_is_symmetric(first: tuple[str, str], second: tuple[str, str]) -> None:
    query = PrumProfile("q", {**dict.fromkeys(SIX, ("10", "11")), "D18S51": first})
    target = PrumProfile("t", {**dict.fromkeys(SIX, ("10", "11")), "D18S51": second})
    forward, backward = prum_compare(query, target), prum_compare(target, query)
    assert forward.quality == backward.quality and forward.diff_alleles == backward.diff_alleles


def test_repeated_alleles_are_one_allele_on_export() -> None:
    from jointdesk.dna.compute import prum_export_values

    assert prum_export_values(("12", "12", "14")) == ("12", "14")
    assert prum_export_values(("12", "12", "14", "14")) == ("12", "14")
    assert prum_export_values(("12", "12")) == ("12", "12")
