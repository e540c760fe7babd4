"""LRmix Studio / EuroForMix CSV import/export (dna.md §7.2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jointdesk.dna.compute import ExportRefusedError, LocusStatus, build_profile
from jointdesk.dna.formats import export_lrmix, import_lrmix

FIXTURES = Path(__file__).parent / "fixtures"


def test_reference_file() -> None:
    result = import_lrmix((FIXTURES / "dna_formats_lrmix_refs.csv").read_bytes())
    assert result.ok and not result.notes
    one, two = result.profiles
    assert one.profile_ref == "R1" and one.amel == ("X", "Y")
    assert one.loci["vWA"].raw_name == "VWA"
    assert one.loci["TH01"].alleles == ("9.3", "9.3")
    assert one.loci["D1S1656"].alleles == ("12", "17.3")
    assert one.loci["D2S441"].status is LocusStatus.NOT_TYPED
    assert two.loci["D3S1358"].allele_set == frozenset({"15"})


def test_evidence_file_semicolons_crlf_heights() -> None:
    result = import_lrmix((FIXTURES / "dna_formats_lrmix_evidence.csv").read_bytes(), mixture=True)
    (evidence,) = result.profiles
    assert evidence.profile_ref == "E1" and evidence.mixture
    assert evidence.loci["D3S1358"].alleles == ("14", "15", "16", "17")
    assert evidence.loci["FGA"].alleles == ("20", "21", "OL")
    assert evidence.loci["D2S1338"].status is LocusStatus.NOT_TYPED
    assert result.notes == ("columns not imported: Height1, Height2, Height3, Height4",)
    bad, withheld = result.errors
    assert (bad.line, bad.sample_id, bad.field) == (7, "E2", "D5S818")
    assert "'X'" in bad.reason
    assert (withheld.line, withheld.sample_id) == (7, "E2")


def test_controls_are_not_filtered_in_lrmix_files() -> None:
    result = import_lrmix("SampleName,Marker,Allele1\nLadder,TH01,6\n")
    assert [p.profile_ref for p in result.profiles] == ["Ladder"]


def test_wildcard_and_not_typed_stay_distinct() -> None:
    result = import_lrmix("SampleName,Marker,Allele1,Allele2\nW,TH01,*,9.3\nW,vWA,,\nW,FGA,NULL,\n")
    loci = result.profiles[0].loci
    assert loci["TH01"].alleles == ("*", "9.3") and loci["TH01"].has_wildcard
    assert loci["vWA"].status is LocusStatus.NOT_TYPED
    assert loci["FGA"].status is LocusStatus.NOT_TYPED


def test_lineage_and_amelogenin_errors() -> None:
    text = "SampleName,Marker,Allele1,Allele2\nA,AMEL,X,Q\nB,AMEL,X,\nB,Amelogenin,X,Y\nC,DYS391,10,\nC,DYS391,11,\n"
    result = import_lrmix(text)
    reasons = {e.sample_id: e.reason for e in result.errors if e.field}
    assert reasons == {
        "A": "amelogenin values must be X or Y, got Q",
        "B": "amelogenin given twice",
        "C": "lineage marker 'DYS391' given twice",
    }


def test_export_layout_round_trips() -> None:
    profile = build_profile("E-9", {"AMEL": "X,Y", "D3S1358": "14,15,16", "TH01": "9.3", "vWA": ""})
    text = export_lrmix([profile])
    assert text.splitlines() == [
        "SampleName,Marker,Allele1,Allele2,Allele3",
        "E-9,AMEL,X,Y,",
        "E-9,D3S1358,14,15,16",
        "E-9,TH01,9.3,,",
        "E-9,vWA,,,",
    ]
    assert import_lrmix(text).profiles == (profile,)


def test_export_refuses_obligate_alleles() -> None:
    profile = build_profile("E-9", {"D3S1358": "14,15,16"}, required={"D3S1358": ["15"]})
    with pytest.raises(ExportRefusedError, match="required at D3S1358"):
        export_lrmix([profile])
    assert "E-9,D3S1358,14,15,16" in export_lrmix([profile], allow_lossy=True)
