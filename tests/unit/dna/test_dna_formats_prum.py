"""Prüm-logical exchange file writer/reader (dna.md §3.4, §3.5, §7.4)."""

from __future__ import annotations

import pytest

from jointdesk.dna.compute import ExportRefusedError, MatchQuality, PrumProfile, build_profile, prum_compare
from jointdesk.dna.formats import PrumHeader, PrumProfileType, PrumRecord, prum_record, read_prum, write_prum

HEADER = PrumHeader("DE", "REQ-2024-0042", "2024-05-02T09:30:00Z")
LOCI = {
    "vWA": "16,17",
    "TH01": "9.3",
    "D21S11": "28,30,31.2",
    "FGA": "21,OL",
    "D8S1179": "12,99",
    "D3S1358": "15,16",
    "D18S51": "14,15",
    "D1S1656": "12,17.3",
    "D2S441": "10,11",
    "D6S1043": "11,12",  # not a Prüm locus: not exported
    "AMEL": "X,Y",
}


def _record(ref: str = "a7f3c9e1", category: str = "forensic_unknown") -> PrumRecord:
    return prum_record(build_profile(ref, LOCI, specimen_category=category))


def test_record_applies_the_annex_export_rules() -> None:
    record = _record()
    assert record.profile_type is PrumProfileType.STAIN
    assert dict(record.profile.loci) == {
        "vWA": ("16", "17"),
        "TH01": ("9.3", "9.3"),  # homozygote a → a,a
        "D21S11": ("28", "*"),  # three alleles a,b,c → a,*
        "FGA": ("21", "*"),  # OL → *
        "D8S1179": ("12", "*"),  # 99 → *
        "D3S1358": ("15", "16"),
        "D18S51": ("14", "15"),
        "D1S1656": ("12", "17.3"),
        "D2S441": ("10", "11"),
    }
    assert record.profile.amel == ("X", "Y")


@pytest.mark.parametrize(
    ("category", "kind"),
    [
        ("offender", PrumProfileType.PERSON),
        ("arrestee", PrumProfileType.PERSON),
        ("unidentified_remains", "stain"),
    ],
)
def test_profile_type_from_category(category: str, kind: str) -> None:
    assert _record(category=category).profile_type == kind


@pytest.mark.parametrize(
    "category", ["forensic_mixture", "relative_reference", "elimination", "non_casework"]
)
def test_never_exchanged_categories_are_refused(category: str) -> None:
    with pytest.raises(ExportRefusedError, match="never exchanged"):
        _record(category=category)


def test_other_categories_need_an_explicit_type_and_mixtures_are_refused() -> None:
    profile = build_profile("r1", LOCI, specimen_category="missing_person")
    with pytest.raises(ExportRefusedError, match="give the profile type"):
        prum_record(profile)
    assert prum_record(profile, PrumProfileType.PERSON).profile_type is PrumProfileType.PERSON
    mixture = build_profile("r2", {"TH01": "6,7,8,9"}, mixture=True)
    with pytest.raises(ExportRefusedError, match="mixture"):
        prum_record(mixture, PrumProfileType.STAIN)


def test_write_read_round_trip_keeps_matching_behaviour() -> None:
    records = [_record("ref-1"), _record("ref-2", "offender")]
    text = write_prum(records, HEADER)
    assert 'xmlns="urn:jointdesk:prum-exchange:1"' in text and "D6S1043" not in text
    result = read_prum(text)
    assert result.ok and result.profiles == tuple(records)
    assert dict(result.header) == {
        "Country": "DE",
        "Reference": "REQ-2024-0042",
        "Created": "2024-05-02T09:30:00Z",
    }
    comparison = prum_compare(result.profiles[0].profile, records[1].profile)
    assert comparison.common_full_loci == 6 and comparison.quality is MatchQuality.FULL_WILDCARD


def test_nothing_personal_is_written() -> None:
    profile = build_profile("opaque-1", LOCI, specimen_category="offender")
    text = write_prum([prum_record(profile)], HEADER)
    for word in ("offender", "forensic", "category", "case", "mixture", "identified"):
        assert word not in text.lower()


def _doc(
    profile_xml: str, header: str = "<Country>NL</Country><Reference>R</Reference><Created>t</Created>"
) -> str:
    return f'<PrumExchange version="1">\n<Header>{header}</Header>\n{profile_xml}\n</PrumExchange>'


def _profile(loci: str, ref: str = "p1", kind: str = "stain") -> str:
    return f'<Profile reference="{ref}" type="{kind}">{loci}</Profile>'


def _locus(name: str, *values: str) -> str:
    return f'<Locus name="{name}">' + "".join(f"<Value>{v}</Value>" for v in values) + "</Locus>"


@pytest.mark.parametrize(
    ("loci", "field", "reason"),
    [
        (_locus("TH01", "6"), "TH01", "exactly two"),
        (_locus("TH01", "6", "7", "8"), "TH01", "exactly two"),
        (_locus("TH01", "6", "OL"), "TH01", "sent as '*'"),
        (_locus("TH01", "6", "99"), "TH01", "sent as '*'"),
        (_locus("TH01", "06", "7"), "TH01", "not canonical (write '6')"),
        (_locus("TH01", "6", "x"), "TH01", "bad allele designation"),
        (_locus("D6S1043", "6", "7"), "D6S1043", "not a Prüm locus"),
        (_locus("D99S1", "6", "7"), "D99S1", "unknown locus"),
        (_locus("AMEL", "X", "Q"), "AMEL", "X or Y"),
        (_locus("TH01", "6", "7") + _locus("THO1", "6", "7"), "THO1", "given twice"),
        (_locus("TH01", "6", "7") + "<Comment>x</Comment>", "Comment", "unexpected element"),
    ],
)
def test_reader_errors_name_locus_and_withhold_profile(loci: str, field: str, reason: str) -> None:
    result = read_prum(_doc(_profile(loci)))
    assert not result.profiles
    first = result.errors[0]
    assert (first.line, first.sample_id, first.field) == (3, "p1", field)
    assert reason in first.reason
    assert result.errors[-1].reason == "profile withheld: errors above"


def test_reader_keep_partial() -> None:
    result = read_prum(
        _doc(_profile(_locus("TH01", "6", "7") + _locus("D99S1", "1", "2"))), keep_partial=True
    )
    assert result.profiles == (PrumRecord(PrumProfile("p1", {"TH01": ("6", "7")}), PrumProfileType.STAIN),)


@pytest.mark.parametrize(
    ("profiles", "reason"),
    [
        (_profile("", ref=""), "missing reference"),
        (_profile("", kind="suspect"), "type must be person or stain"),
        (_profile("") + _profile("") + _profile(""), "reference given twice"),
    ],
)
def test_reader_profile_level_errors(profiles: str, reason: str) -> None:
    result = read_prum(_doc(profiles))
    assert not result.profiles
    assert any(reason in e.reason for e in result.errors)


def test_reader_header_and_document_errors() -> None:
    result = read_prum(_doc(_profile(_locus("TH01", "6", "7")), header="<Country>Germany</Country>"))
    assert {e.field for e in result.errors} == {"Country", "Reference", "Created"}
    assert len(result.profiles) == 1
    assert "version-1" in read_prum('<PrumExchange version="2"/>').errors[0].reason
    assert read_prum("<!DOCTYPE x [<!ENTITY a 'b'>]><PrumExchange/>").errors[0].reason.startswith("DTDs")
    extra = read_prum(_doc("<Profiles/>"))
    assert extra.errors[0].reason == "unexpected element Profiles"


@pytest.mark.parametrize(
    ("record", "header", "match"),
    [
        (PrumRecord(PrumProfile("r", {"TH01": ("6", "OL")}), PrumProfileType.STAIN), HEADER, "sent as"),
        (
            PrumRecord(PrumProfile("r", {"D6S1043": ("6", "7")}), PrumProfileType.STAIN),
            HEADER,
            "not a Prüm locus",
        ),
        (PrumRecord(PrumProfile("r", {}, ("X", "Y", "Y")), PrumProfileType.STAIN), HEADER, "AMEL"),
        (PrumRecord(PrumProfile(" r", {}), PrumProfileType.STAIN), HEADER, "surrounding spaces"),
        (_record(), PrumHeader("deu", "R", "t"), "ISO 3166-1"),
        (_record(), PrumHeader("DE", " ", "t"), "reference"),
    ],
)
def test_writer_refusals(record: PrumRecord, header: PrumHeader, match: str) -> None:
    with pytest.raises(ExportRefusedError, match=match):
        write_prum([record], header)
