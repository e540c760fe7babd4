"""Shared result types, decoding, loss checks and the safe XML reader of the formats package."""

from __future__ import annotations

import codecs
from dataclasses import replace

import pytest

from jointdesk.dna.compute import ExportRefusedError, LocusCall, LocusStatus, build_profile
from jointdesk.dna.formats import (
    CmfHeader,
    Feature,
    ImportResult,
    RowError,
    SampleMeta,
    decode_text,
    export_cmf,
    losses,
)
from jointdesk.dna.formats._xml import XmlRejected, parse_xml


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (RowError(3, "S-1", "TH01", "bad"), "line 3, sample 'S-1', field 'TH01': bad"),
        (RowError(None, None, None, "unreadable"), "unreadable"),
        (RowError(7, None, "Marker", "empty locus name"), "line 7, field 'Marker': empty locus name"),
    ],
)
def test_row_error_text(error: RowError, text: str) -> None:
    assert str(error) == text


def test_import_result_and_meta_basics() -> None:
    assert ImportResult[int](format="x").ok
    assert not ImportResult[int](format="x", errors=(RowError(1, None, None, "e"),)).ok
    assert SampleMeta("S-1", line=3) == SampleMeta("S-1", line=9)  # line is informative only


@pytest.mark.parametrize(
    ("data", "notes"),
    [
        ("\ufeffa\tb", ()),
        (codecs.BOM_UTF8 + b"a\tb", ()),
        (codecs.BOM_UTF16_LE + "a\tb".encode("utf-16-le"), ()),
        (codecs.BOM_UTF16_BE + "a\tb".encode("utf-16-be"), ()),
        ("a\tb".encode("utf-32"), ()),
        (b"a\tb", ()),
    ],
)
def test_decode_text(data: bytes | str, notes: tuple[str, ...]) -> None:
    assert decode_text(data) == ("a\tb", notes)


def test_decode_text_falls_back_to_windows_1252() -> None:
    assert decode_text("Ø-1".encode("cp1252")) == ("Ø-1", ("not UTF-8: decoded as Windows-1252",))


def test_losses_lists_each_feature_and_locus() -> None:
    profile = build_profile("S-1", {"TH01": "6,7", "vWA": "", "FGA": "20,21"}, required={"TH01": ["6"]})
    profile = replace(
        profile, loci={**profile.loci, "FGA": replace(profile.loci["FGA"], possible_dropout=True)}
    )
    assert losses(profile, frozenset()) == (
        "S-1: not_typed at vWA cannot be written",
        "S-1: possible_dropout at FGA cannot be written",
        "S-1: required at TH01 cannot be written",
    )
    assert losses(profile, frozenset(Feature)) == ()


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(XmlRejected, match="nested deeper"):
        parse_xml("<a>" * 40 + "</a>" * 40)


def test_node_lines_and_namespaces() -> None:
    root = parse_xml('<r xmlns="urn:x" xmlns:p="urn:p">\n<p:child p:attr="1">\n text \n</p:child></r>')
    (child,) = root.children
    assert (root.tag, child.tag, child.attrs, child.line, child.text) == (
        "r",
        "child",
        {"attr": "1"},
        2,
        "text",
    )


def test_xml_export_refuses_characters_xml_cannot_carry() -> None:
    header = CmfHeader("ORI", "LAB", "user", "2024-01-01T00:00:00")
    profile = build_profile("S-1", {"TH01": "6"}, specimen_category="offender")
    with pytest.raises(ExportRefusedError, match=r"XML 1\.0"):
        export_cmf([profile], header, meta={"S-1": SampleMeta("S-1", comment="bell\x07")})


def test_inconclusive_calls_are_a_reported_loss() -> None:
    profile = build_profile("S-1", {"TH01": "6"})
    profile = replace(profile, loci={"TH01": LocusCall("TH01", status=LocusStatus.INCONCLUSIVE)})
    assert losses(profile, frozenset({Feature.NOT_TYPED})) == ("S-1: inconclusive at TH01 cannot be written",)
