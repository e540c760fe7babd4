"""The evaluation protocol on any text,label data, including a language the starter model never saw."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jointdesk.typology.converters import convert_mendeley_smishing
from jointdesk.typology.corpus import LabelledRow, write_labelled_csv
from jointdesk.typology.errors import TooFewExamplesError, UnknownLabelError
from jointdesk.typology.evaluation import evaluate, evaluate_csv, expected_calibration_error
from jointdesk.typology.training import ClassifierConfig

FAST = ClassifierConfig(svm_c_grid=(0.3,), word_weight_grid=(1.0,))


def test_new_language_from_a_few_hundred_rows_beats_the_majority_baseline(
    tmp_path: Path, vietnamese: list[LabelledRow]
) -> None:
    path = tmp_path / "vi.csv"
    write_labelled_csv(vietnamese, path)
    report = evaluate_csv(path, require_canonical=True)
    assert report["data"]["rows_used"] == 300 and report["labels"] == ["IMP.GOV", "NOT_FRAUD", "SPAM_PROMO"]
    assert report["majority_baseline"]["macro_f1"] < 0.2
    assert report["macro_f1"] >= 0.9 and report["macro_f1"] - report["majority_baseline"]["macro_f1"] > 0.6
    assert report["fraud_vs_not_fraud"]["f1"] >= 0.9


def test_report_is_json_with_the_documented_fields(datasets_dir: Path) -> None:
    rows = convert_mendeley_smishing(datasets_dir / "mendeley-smishing")
    sample = [row for i, row in enumerate(rows) if row.label != "NOT_FRAUD" or i % 10 == 0]
    report = json.loads(json.dumps(evaluate(sample, config=FAST)))
    assert report["macro_f1"] > 0.8 and 0 < report["macro_f1_std"] < 0.1 and len(report["fold_macro_f1"]) == 5
    matrix = report["confusion_matrix"]
    assert matrix["labels"] == ["FRAUD", "NOT_FRAUD", "SPAM_PROMO"]
    assert sum(map(sum, matrix["matrix"])) == report["data"]["rows_used"]
    assert set(report["per_class"]["FRAUD"]) == {"precision", "recall", "f1", "support"}
    assert report["data"]["conflicting_groups_dropped"] > 0 and report["calibration"]["ece"] < 0.1


def test_any_label_set_works_without_canonical_labels(tmp_path: Path) -> None:
    rows = [LabelledRow(f"order {i} shipped to you, thanks", "ok") for i in range(12)]
    rows += [LabelledRow(f"pay fee {i} to unlock parcel now", "scam") for i in range(12)]
    report = evaluate(rows, folds=3, config=FAST)
    assert report["labels"] == ["ok", "scam"] and report["macro_f1"] > 0.9
    assert report["fraud_vs_not_fraud"] is None


def test_protocol_errors(tmp_path: Path) -> None:
    rows = [LabelledRow(f"text number {i}", "a") for i in range(10)] + [LabelledRow("one b", "b")] * 8
    with pytest.raises(TooFewExamplesError, match=r"'b' has 1.*at least 5"):
        evaluate(rows)
    with pytest.raises(UnknownLabelError):
        evaluate(rows, require_canonical=True)


def test_calibration_error_of_perfect_and_overconfident_models() -> None:
    import numpy as np

    truth = np.array([0, 1, 0, 1])
    assert expected_calibration_error(np.eye(2)[truth], truth) == 0.0
    assert expected_calibration_error(np.eye(2)[1 - truth], truth) == pytest.approx(1.0)
