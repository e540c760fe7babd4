"""Loci, aliases, locus sets, alleles and profiles (dna.md §1, §2)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jointdesk.dna.compute import (
    AMEL,
    CODIS_13,
    CODIS_20,
    ESS_7,
    ESS_12,
    OFF_LADDER,
    PRUM_INTERPOL,
    UK_DNA_17,
    WILDCARD,
    AlleleError,
    AlleleKind,
    LocusCall,
    LocusStatus,
    ProfileError,
    UnknownLocusError,
    allele_kind,
    build_profile,
    canonical_locus,
    is_lineage_marker,
    locus_set,
    make_call,
    parse_allele,
    sort_alleles,
)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("VWA", "vWA"),
        ("V W A", "vWA"),
        ("vWA", "vWA"),
        ("THO1", "TH01"),
        ("TH01", "TH01"),
        ("CSF1P0", "CSF1PO"),
        ("PENTA_D", "Penta D"),
        ("Penta_D", "Penta D"),
        ("PentaD", "Penta D"),
        ("Penta D", "Penta D"),
        ("Penta_E", "Penta E"),
        ("PENTA C", "Penta C"),
        ("FESFPS", "FES"),
        ("FES/FPS", "FES"),
        ("F13A01", "F13A1"),
        ("Amelogenin", AMEL),
        ("AM", AMEL),
        ("d3s1358", "D3S1358"),
        ("D8S-1179", "D8S1179"),
    ],
)
def test_locus_aliases(raw: str, canonical: str) -> None:
    assert canonical_locus(raw) == canonical


@pytest.mark.parametrize("raw", ["D99S999", "VWA2", "", "Penta Z"])
def test_unknown_locus_is_rejected_naming_it(raw: str) -> None:
    with pytest.raises(UnknownLocusError, match="unknown locus") as caught:
        canonical_locus(raw)
    assert repr(raw) in str(caught.value) and caught.value.raw_name == raw


def test_lineage_markers_are_kept_apart() -> None:
    assert is_lineage_marker("DYS391") and is_lineage_marker("Y indel") and not is_lineage_marker("D3S1358")
    with pytest.raises(UnknownLocusError, match="lineage"):
        canonical_locus("DYS391")


def test_locus_sets() -> None:
    assert len(CODIS_13) == 13 and len(CODIS_20) == 20 and len(ESS_7) == 7 and len(ESS_12) == 12
    assert CODIS_13.as_set < CODIS_20.as_set
    assert ESS_7.as_set < ESS_12.as_set < CODIS_20.as_set
    assert CODIS_20.as_set - ESS_12.as_set == {
        "CSF1PO", "TPOX", "D5S818", "D7S820", "D13S317", "D16S539", "D2S1338", "D19S433",
    }  # fmt: skip
    assert len(UK_DNA_17) == 16 and UK_DNA_17.amelogenin
    assert UK_DNA_17.as_set == ESS_12.as_set | {"D16S539", "D19S433", "D2S1338", "SE33"}
    assert len(PRUM_INTERPOL) + 1 == 24 and PRUM_INTERPOL.amelogenin and ESS_7.as_set < PRUM_INTERPOL.as_set
    assert not ESS_12.confirmed
    assert "vWA" in CODIS_13 and AMEL not in CODIS_20
    with pytest.raises(KeyError, match="NOPE"):
        locus_set("NOPE")


@pytest.mark.parametrize(
    ("raw", "canonical", "kind"),
    [
        ("9", "9", AlleleKind.INTEGER),
        ("09", "9", AlleleKind.INTEGER),
        (" 12 ", "12", AlleleKind.INTEGER),
        ("9.3", "9.3", AlleleKind.MICROVARIANT),
        ("9.30", "9.3", AlleleKind.MICROVARIANT),
        ("22.2", "22.2", AlleleKind.MICROVARIANT),
        ("9.0", "9", AlleleKind.INTEGER),
        ("OL", OFF_LADDER, AlleleKind.OFF_LADDER),
        ("ol", OFF_LADDER, AlleleKind.OFF_LADDER),
        ("*", WILDCARD, AlleleKind.WILDCARD),
    ],
)
def test_allele_designations(raw: str, canonical: str, kind: AlleleKind) -> None:
    assert parse_allele(raw) == canonical
    assert allele_kind(canonical) is kind


@pytest.mark.parametrize(
    "raw", ["", "NULL", "abc", "9.33", "9.3.1", "-1", "0", "9,3", "nine", "١٢", ">27", "X"]
)
def test_bad_allele_strings_are_rejected(raw: str) -> None:
    with pytest.raises(AlleleError, match="bad allele designation"):
        parse_allele(raw)


def test_bins_only_when_allowed() -> None:
    assert parse_allele(">27", allow_bins=True) == ">27"
    assert allele_kind(">27") is AlleleKind.BIN


def test_numeric_sort() -> None:
    assert sort_alleles(["10", "9.3", "OL", "9", "*", "22.2", "8"]) == (
        "8",
        "9",
        "9.3",
        "10",
        "22.2",
        "OL",
        "*",
    )


@given(whole=st.integers(min_value=1, max_value=99), fraction=st.integers(min_value=0, max_value=9))
def test_designations_round_trip(whole: int, fraction: int) -> None:
    text = f"{whole}.{fraction}" if fraction else str(whole)
    assert parse_allele(text) == text
    assert parse_allele(f"0{text}") == text
    assert parse_allele(parse_allele(text)) == text


def test_locus_call_rules() -> None:
    call = make_call("THO1", "13,13")
    assert call.locus == "TH01" and call.raw_name == "THO1" and call.allele_set == {"13"}
    assert call.genotype == ("13", "13")
    assert make_call("vWA", "").status is LocusStatus.NOT_TYPED
    assert make_call("vWA", ["16", "NULL"]).alleles == ("16",)
    with pytest.raises(ProfileError, match="typed locus needs"):
        LocusCall("vWA")
    with pytest.raises(ProfileError, match="carries no alleles"):
        LocusCall("vWA", ("16",), status=LocusStatus.INCONCLUSIVE)
    with pytest.raises(ProfileError, match="required"):
        make_call("vWA", "16,17", required=["18"])
    with pytest.raises(ProfileError, match="amelogenin"):
        make_call("AMEL", "X,Y")


def test_build_profile_separates_amel_and_lineage_markers() -> None:
    profile = build_profile(
        "ref-1",
        {"AM": "X,Y", "DYS391": "10", "vWA": "16,17", "Penta_D": "2.2, 13", "TPOX": ""},
        required={"vWA": ["17"]},
    )
    assert profile.amel == ("X", "Y")
    assert profile.lineage_markers == {"DYS391": ("10",)}
    assert set(profile.loci) == {"vWA", "Penta D", "TPOX"}
    assert profile.typed_loci == ("vWA", "Penta D")
    assert profile.loci["vWA"].required == {"17"}
    call = profile.call("Penta D")
    assert call is not None and call.alleles == ("2.2", "13")


def test_build_profile_errors() -> None:
    with pytest.raises(UnknownLocusError, match="D99S1"):
        build_profile("r", {"D99S1": "12"})
    with pytest.raises(ProfileError, match="given twice"):
        build_profile("r", {"vWA": "16", "VWA": "17"})
    with pytest.raises(ProfileError, match="amelogenin values"):
        build_profile("r", {"AMEL": "Z"})
    with pytest.raises(AlleleError, match="'x1'"):
        build_profile("r", {"vWA": "16,x1"})
