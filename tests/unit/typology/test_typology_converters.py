"""Converters for the bundled data sets (typology.md §7) and their provenance records."""

from __future__ import annotations

from pathlib import Path

from jointdesk.typology.codes import load_typology
from jointdesk.typology.converters import (
    DATASETS,
    MENDELEY_SMISHING_LABELS,
    TELECOM_FRAUD_5_LABELS,
    convert_mendeley_smishing,
    convert_telecom_fraud_5,
    convert_telecom_fraud_5_originals,
)
from jointdesk.typology.corpus import deduplicate, label_counts


def test_telecom_fraud_5_maps_to_canonical_codes(datasets_dir: Path) -> None:
    rows = convert_telecom_fraud_5(datasets_dir / "telecom-fraud-5")
    assert len(rows) == 11_773
    assert label_counts(rows) == {
        "IMP.ACQ": 1000,
        "IMP.CS": 1000,
        "IMP.GOV": 1000,
        "LOAN": 1000,
        "NOT_FRAUD": 7773,
    }
    assert len(deduplicate(rows).rows) == 11_569


def test_telecom_fraud_5_originals_give_the_same_rows(datasets_dir: Path) -> None:
    folder = datasets_dir / "telecom-fraud-5"
    assert convert_telecom_fraud_5_originals(folder) == convert_telecom_fraud_5(folder)


def test_mendeley_labels_are_case_folded_and_mapped(datasets_dir: Path) -> None:
    rows = convert_mendeley_smishing(datasets_dir / "mendeley-smishing" / "Dataset_5971.csv")
    assert label_counts(rows) == {"FRAUD": 638, "NOT_FRAUD": 4844, "SPAM_PROMO": 489}
    result = deduplicate(rows)
    assert (len(result.rows), result.conflicting_groups_dropped) == (5797, 34)


def test_provenance_records_match_the_converters() -> None:
    assert dict(DATASETS["telecom-fraud-5"].label_mapping) == {
        str(k): v for k, v in TELECOM_FRAUD_5_LABELS.items()
    }
    assert dict(DATASETS["mendeley-smishing"].label_mapping) == dict(MENDELEY_SMISHING_LABELS)
    load_typology().require_canonical([*TELECOM_FRAUD_5_LABELS.values(), *MENDELEY_SMISHING_LABELS.values()])
    assert all(info.licence and info.citation and info.caveats for info in DATASETS.values())
