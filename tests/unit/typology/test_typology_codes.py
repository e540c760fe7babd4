"""The canonical typology data file and its queries (typology.md §1, §3, §7)."""

from __future__ import annotations

import pytest

from jointdesk.typology.codes import FRAUD, NOT_FRAUD, SPAM_PROMO, Agency, Kind, load_typology, parse_typology
from jointdesk.typology.errors import TypologyError, UnknownLabelError


def test_sixteen_types_two_subtypes_one_role() -> None:
    typology = load_typology()
    kinds = [entry.kind for entry in typology.entries.values()]
    assert kinds.count(Kind.TYPE) == 16 and kinds.count(Kind.SUBTYPE) == 2 and kinds.count(Kind.ROLE) == 1
    assert typology.version == "1"


def test_classifier_labels_are_classes_then_incident_codes_without_mule() -> None:
    labels = load_typology().classifier_labels
    assert labels[:3] == (NOT_FRAUD, SPAM_PROMO, FRAUD)
    assert "MULE" not in labels and "INV.PB" in labels and len(labels) == 21


def test_names_in_english_and_chinese() -> None:
    entry = load_typology().get("IMP.GOV")
    assert entry.name_zh == "冒充公检法及政府机关" and entry.name_en.startswith("Government")
    assert load_typology().get("TECH").name_zh_is_jointdesk_rendering


def test_subtypes_roll_up_and_inherit_agency_labels() -> None:
    typology = load_typology()
    assert typology.roll_up("INV.PB") == "INV" and typology.roll_up("ROM") == "ROM"
    assert typology.agency_labels("INV.PB", Agency.IC3) == ("Investment", "Confidence/Romance")
    assert typology.agency_labels("INV.PB", "singapore_spf") == ("Investment", "Love scam")
    assert typology.agency_labels("IMP.ACQ", Agency.SCAMWATCH) == ()
    assert "虚假贷款" in typology.agency_labels("LOAN", Agency.CHINA_MPS)


@pytest.mark.parametrize(
    ("raw", "expected"), [("spam", SPAM_PROMO), (" not_fraud ", NOT_FRAUD), ("imp.gov", "IMP.GOV")]
)
def test_canonical_label_folds_case_and_aliases(raw: str, expected: str) -> None:
    assert load_typology().canonical_label(raw) == expected


def test_unknown_labels_are_listed_together() -> None:
    with pytest.raises(UnknownLabelError) as info:
        load_typology().canonicalise(["NOT_FRAUD", "ham", "MULE", "ham"])
    assert info.value.unknown == ["MULE", "ham"] and "MULE is a role" in str(info.value)


def test_bad_data_files_are_refused() -> None:
    entry = {"code": "X", "name_en": "x", "name_zh": "x", "definition": "x"}
    with pytest.raises(TypologyError, match="duplicate"):
        parse_typology({"version": "9", "codes": [entry, entry]})
    with pytest.raises(TypologyError, match="unknown parent"):
        parse_typology({"version": "9", "codes": [{**entry, "parent": "Y", "kind": "subtype"}]})
    with pytest.raises(TypologyError, match="no typology data"):
        load_typology("999")
