"""GeneMapper ID-X import/export, long and wide shapes (dna.md §7.1)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jointdesk.dna.compute import ExportRefusedError, LocusCall, LocusStatus, build_profile
from jointdesk.dna.formats import (
    export_genemapper_long,
    export_genemapper_wide,
    import_genemapper,
)

FIXTURES = Path(__file__).parent / "fixtures"


def _read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_long_shape_imports_good_samples_with_distinct_tokens() -> None:
    result = import_genemapper(_read("dna_formats_gm_long.txt"))
    assert [p.profile_ref for p in result.profiles] == ["ST-0007-01"]
    profile = result.profiles[0]
    assert profile.amel == ("X", "Y")
    assert profile.loci["TH01"].alleles == ("6", "9.3")  # microvariant kept as a string
    assert profile.loci["FGA"].alleles == ("22", "OL")  # off-ladder kept apart
    assert profile.loci["FGA"].has_off_ladder
    assert profile.loci["D2S1338"].status is LocusStatus.NOT_TYPED  # marker row without alleles
    assert profile.loci["D21S11"].alleles == ("28", "30.2", "31.2")
    assert dict(profile.lineage_markers) == {"DYS391": ("10",), "Yindel": ("2",)}
    assert "AMEL" not in profile.loci


def test_long_shape_reports_every_rejected_row_and_withholds_the_sample() -> None:
    result = import_genemapper(_read("dna_formats_gm_long.txt"))
    reasons = [(e.line, e.sample_id, e.field) for e in result.errors]
    assert (16, "ST-0007-02", "D9S9999") in reasons
    assert (19, "ST-0007-03", "TPOX") in reasons
    unknown = next(e for e in result.errors if e.field == "D9S9999")
    assert "D9S9999" in unknown.reason and "unknown locus" in unknown.reason
    withheld = {e.sample_id for e in result.errors if "withheld" in e.reason}
    assert withheld == {"ST-0007-02", "ST-0007-03"}
    assert not result.ok
    assert [e.line for e in result.errors] == sorted(e.line or 0 for e in result.errors)


def test_long_shape_keep_partial_keeps_good_rows_of_a_bad_sample() -> None:
    result = import_genemapper(_read("dna_formats_gm_long.txt"), keep_partial=True)
    by_ref = {p.profile_ref: p for p in result.profiles}
    assert set(by_ref["ST-0007-02"].loci) == {"D8S1179", "D19S433"}
    # aliases: PENTA_D → Penta D, CSF1P0 (zero) → CSF1PO; 09 → 9; raw name kept
    assert by_ref["ST-0007-03"].loci["Penta D"] == LocusCall("Penta D", ("9", "13"), raw_name="PENTA_D")
    assert by_ref["ST-0007-03"].loci["CSF1PO"].raw_name == "CSF1P0"
    assert len(result.errors) == 2


def test_ladders_and_controls_are_skipped_and_listed() -> None:
    result = import_genemapper(_read("dna_formats_gm_long.txt"))
    skipped = {(e.line, e.sample_id) for e in result.skipped}
    assert skipped == {(2, "Allelic Ladder"), (3, "PC 007"), (4, "PC 007"), (20, "NEG_CTRL-1")}
    assert all(e.reason.startswith("skipped") for e in result.skipped)


def test_control_pattern_can_be_switched_off() -> None:
    result = import_genemapper(_read("dna_formats_gm_long.txt"), control_pattern=None)
    assert {"Allelic Ladder", "PC 007", "NEG_CTRL-1"} <= {p.profile_ref for p in result.profiles}
    assert not result.skipped


@pytest.mark.parametrize(
    ("name", "control"),
    [
        ("Allelic Ladder", True),
        ("ladder_03", True),
        ("01-Pos.ktr.__", True),
        ("02-Neg.ktr.__", True),
        ("Negative Control", True),
        ("PC-9947A", True),
        ("NTC", True),
        ("reagent blank 2", True),
        ("ST-0007-01", False),
        ("POSTAL-42", False),
        ("NCX-12", False),
    ],
)
def test_control_name_pattern(name: str, control: bool) -> None:
    from jointdesk.dna.formats import CONTROL_PATTERN

    assert bool(CONTROL_PATTERN.search(name)) is control


def test_sample_type_column_marks_controls() -> None:
    text = "Sample Name\tSample Type\tMarker\tAllele 1\tAllele 2\nX-1\tPositive Control\tTH01\t6\t9.3\nX-2\tSample\tTH01\t7\t8\n"
    result = import_genemapper(text, control_pattern=None)
    assert [p.profile_ref for p in result.profiles] == ["X-2"]
    assert result.skipped[0].sample_id == "X-1" and "Positive Control" in result.skipped[0].reason


def test_r_mangled_headers_are_read() -> None:
    result = import_genemapper(_read("dna_formats_gm_long_r.txt"))
    assert result.ok
    (profile,) = result.profiles
    assert profile.amel == ("X", "X")
    assert profile.loci["D12S391"].alleles == ("18.3", "22")
    assert "Height.1" in result.notes[0]


def test_wide_shape_with_height_columns_and_trailing_tab() -> None:
    result = import_genemapper(_read("dna_formats_gm_wide.txt"))
    by_ref = {p.profile_ref: p for p in result.profiles}
    assert set(by_ref) == {"ST-0011-01", "ST-0011-02"}
    assert by_ref["ST-0011-01"].loci["vWA"].alleles == ("16", "17", "18")
    assert by_ref["ST-0011-02"].loci["vWA"].status is LocusStatus.NOT_TYPED  # empty cell
    assert by_ref["ST-0011-02"].loci["D16S539"].alleles == ("11", "OL")
    assert by_ref["ST-0011-02"].amel == ("X",)
    (bad, withheld) = result.errors
    assert (bad.line, bad.sample_id, bad.field) == (5, "ST-0011-03", "AMEL") and "Z" in bad.reason
    assert withheld.sample_id == "ST-0011-03"
    assert [e.sample_id for e in result.skipped] == ["Ladder"]
    assert result.notes == ("columns not imported: Sample File, Height",)


def test_wide_shape_unknown_locus_column_rejects_each_sample_naming_it() -> None:
    text = "Sample Name\tD3S1358\tD77S1\nA-1\t15, 16\t9\nA-2\t14\t\n"
    result = import_genemapper(text)
    assert not result.profiles
    assert [(e.line, e.field) for e in result.errors if e.field] == [(2, "D77S1"), (3, "D77S1")]


def test_wide_shape_row_longer_than_header_is_an_error() -> None:
    result = import_genemapper("Sample Name\tTH01\nA-1\t6, 7\tstray\n")
    assert not result.profiles
    assert (result.errors[0].line, result.errors[0].reason) == (2, "more cells than header columns")


def test_wide_shape_duplicate_sample_row_is_an_error() -> None:
    result = import_genemapper("Sample Name\tTH01\nA-1\t6, 7\nA-1\t6, 8\n")
    assert not result.profiles
    assert result.errors[1].reason == "sample given on more than one row"


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
        lambda text: text.encode("utf-16"),
        lambda text: text.replace("\n", "\r").encode("cp1252"),
    ],
    ids=["utf8", "bom-crlf", "utf16-bom", "cr-only-cp1252"],
)
def test_encodings_bom_and_line_ends_are_tolerated(encode: object) -> None:
    text = "Sample Name\tMarker\tAllele 1\tAllele 2\nÅS-1\tTH01\t9.3\t10\n\nÅS-1\tvWA\t17\t\n"
    assert callable(encode)
    result = import_genemapper(encode(text))
    assert result.ok, result.errors
    (profile,) = result.profiles
    assert profile.profile_ref == "ÅS-1"
    assert set(profile.loci) == {"TH01", "vWA"}


def test_non_utf8_input_is_noted() -> None:
    result = import_genemapper("Sample Name\tMarker\tAllele 1\nÅ-1\tTH01\t6\n".encode("cp1252"))
    assert result.profiles[0].profile_ref == "Å-1"
    assert any("Windows-1252" in note for note in result.notes)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "unreadable table"),
        ("Sample Name\tMarker\n", "missing column(s): Allele 1..n"),
        ("Marker\tAllele 1\nTH01\t6\n", "missing column(s): Sample Name"),
        ("Foo\tBar\n1\t2\n", "missing column: Sample Name"),
    ],
)
def test_unusable_files_give_one_error(text: str, reason: str) -> None:
    result = import_genemapper(text)
    assert not result.profiles
    assert reason in result.errors[0].reason


def test_row_level_problems() -> None:
    text = "Sample Name\tMarker\tAllele 1\n\tTH01\t6\nA-1\t\t6\nA-1\tTH01\t6\tspill\nA-1\tvWA\t17\nA-1\tVWA\t18\n"
    result = import_genemapper(text)
    reasons = [(e.line, e.reason) for e in result.errors]
    assert (2, "empty sample name") in reasons
    assert (3, "empty locus name") in reasons
    assert (4, "more cells than header columns") in reasons
    assert (6, "locus vWA given twice (as 'vWA' and 'VWA')") in reasons


def test_ref_factory_and_file_level_defaults() -> None:
    result = import_genemapper(
        "Sample Name\tMarker\tAllele 1\tAllele 2\tAllele 3\nM-1\tTH01\t6\t7\t9.3\n",
        ref_factory=lambda sample_id: f"ref-{len(sample_id)}",
        mixture=True,
        specimen_category="forensic_mixture",
    )
    (profile,) = result.profiles
    assert profile.profile_ref == "ref-3" and profile.mixture
    assert profile.specimen_category == "forensic_mixture"
    assert result.meta["ref-3"].sample_id == "M-1"


def test_ref_factory_collisions_are_errors() -> None:
    result = import_genemapper("Sample Name\tTH01\nA\t6\nB\t7\n", ref_factory=lambda _: "same")
    assert len(result.profiles) == 1
    assert "produced twice" in result.errors[0].reason


def test_long_export_layout() -> None:
    profile = build_profile("S-1", {"AMEL": "X", "TH01": "6,9.3", "D21S11": "28,30.2,31.2", "FGA": ""})
    lines = export_genemapper_long([profile]).splitlines()
    assert lines[0] == "Sample Name\tMarker\tAllele 1\tAllele 2\tAllele 3"
    assert lines[1:] == [
        "S-1\tAMEL\tX\t\t",
        "S-1\tTH01\t6\t9.3\t",
        "S-1\tD21S11\t28\t30.2\t31.2",
        "S-1\tFGA\t\t\t",
    ]


def test_wide_export_layout_and_absent_locus_becomes_not_typed() -> None:
    one = build_profile("S-1", {"TH01": "6,9.3", "vWA": "17"})
    two = build_profile("S-2", {"TH01": "7"})
    text = export_genemapper_wide([one, two])
    assert text.splitlines() == ["Sample Name\tTH01\tvWA", "S-1\t6, 9.3\t17", "S-2\t7\t"]
    back = import_genemapper(text)
    assert back.profiles[0] == one
    assert back.profiles[1].loci["vWA"].status is LocusStatus.NOT_TYPED


def test_export_refuses_content_it_cannot_carry() -> None:
    from dataclasses import replace

    base = build_profile("S-1", {"TH01": "6,9.3"})
    flagged = replace(base, loci={"TH01": replace(base.loci["TH01"], possible_dropout=True)})
    with pytest.raises(ExportRefusedError, match="possible_dropout at TH01"):
        export_genemapper_long([flagged])
    assert "TH01\t6\t9.3" in export_genemapper_long([flagged], allow_lossy=True)
    inconclusive = replace(base, loci={"TH01": LocusCall("TH01", status=LocusStatus.INCONCLUSIVE)})
    with pytest.raises(ExportRefusedError, match="inconclusive"):
        export_genemapper_wide([inconclusive])


@pytest.mark.parametrize("ref", ["", " S-1", "=HYPERLINK(1)", "+1", "@SUM", "-2", "a\nb"])
def test_export_refuses_unsafe_sample_ids(ref: str) -> None:
    with pytest.raises(ExportRefusedError, match="sample id"):
        export_genemapper_long([build_profile(ref, {"TH01": "6"})])


def test_quoted_cells_survive() -> None:
    profile = build_profile('S "1", left', {"TH01": "6"})
    text = export_genemapper_long([profile])
    assert re.search(r'^"S ""1"", left"\t', text, re.MULTILINE)
    assert import_genemapper(text).profiles == (profile,)
