"""Held-out split, held-out scores and the regression check that gates activation."""

from __future__ import annotations

from collections import Counter

import pytest

from jointdesk.typology.classifier import TypologyClassifier
from jointdesk.typology.corpus import LabelledRow
from jointdesk.typology.errors import TooFewExamplesError, TypologyError
from jointdesk.typology.holdout import held_out_report, held_out_split, regression_check, score
from jointdesk.typology.training import ClassifierConfig

FAST = ClassifierConfig(svm_c_grid=(0.3,), word_weight_grid=(1.0,))


def _fit(rows: list[LabelledRow] | tuple[LabelledRow, ...]) -> TypologyClassifier:
    return TypologyClassifier(FAST).fit([r.text for r in rows], [r.label for r in rows])


def test_split_is_stratified_disjoint_and_deterministic(vietnamese: list[LabelledRow]) -> None:
    split = held_out_split(vietnamese, fraction=0.2, seed=1)
    assert Counter(r.label for r in split.held_out) == {"NOT_FRAUD": 20, "SPAM_PROMO": 20, "IMP.GOV": 20}
    assert len(split.train) == 240 and not {r.text for r in split.train} & {r.text for r in split.held_out}
    assert held_out_split(vietnamese, fraction=0.2, seed=1) == split
    assert held_out_split(vietnamese, fraction=0.2, seed=2) != split


def test_reserved_texts_always_stay_held_out(vietnamese: list[LabelledRow]) -> None:
    reserved = [row.text.upper() + "  " for row in vietnamese[:50]]  # matched as duplicates are
    split = held_out_split(vietnamese, fraction=0.1, always_held_out=reserved)
    held = {row.text for row in split.held_out}
    assert {row.text for row in vietnamese[:50]} <= held and len(split.train) + len(held) == 300


def test_split_errors() -> None:
    rows = [LabelledRow(f"a {i}", "a") for i in range(10)] + [LabelledRow(f"b {i}", "b") for i in range(3)]
    with pytest.raises(TooFewExamplesError, match=r"'b' has 3.*at least 5"):
        held_out_split(rows)
    with pytest.raises(TypologyError, match="between 0 and 1"):
        held_out_split(rows, fraction=1.0)


def test_scores_and_report(vietnamese: list[LabelledRow]) -> None:
    split = held_out_split(vietnamese, seed=0)
    model = _fit(split.train)
    report = held_out_report(model, split.held_out)
    assert report["rows"] == 60 and report["macro_f1"] > 0.9 and report["fraud_f1"] > 0.9
    assert report["majority_baseline"]["macro_f1"] < 0.2 and report["unknown_labels"] == ()
    assert set(report["per_class_f1"]) == {"IMP.GOV", "NOT_FRAUD", "SPAM_PROMO"}
    with pytest.raises(TypologyError, match="as many labels as texts"):
        score(model, ["x"], [])


def test_regression_check_passes_equal_and_better_models_and_fails_worse(
    vietnamese: list[LabelledRow],
) -> None:
    split = held_out_split(vietnamese, seed=0)
    good = _fit(split.train)
    texts, labels = [r.text for r in split.held_out], [r.label for r in split.held_out]
    same = regression_check(good, good, texts, labels)
    assert same.passed and same.macro_f1_change == 0.0 and same.worse_classes == {} and same.rows == 60
    blind = [LabelledRow(r.text, "IMP.GOV" if r.label == "IMP.GOV" else "NOT_FRAUD") for r in split.train]
    worse = _fit(blind)
    report = regression_check(worse, good, texts, labels)
    assert not report.passed and report.macro_f1_change < -0.2 and "SPAM_PROMO" in report.worse_classes
    assert report.candidate.unknown_labels == ("SPAM_PROMO",) and "macro-F1" in report.reasons[0]
    assert report.as_dict()["active"]["macro_f1"] == report.active.macro_f1
    assert regression_check(good, worse, texts, labels).passed
    with pytest.raises(TypologyError, match="tolerance"):
        regression_check(good, good, texts, labels, tolerance=-1)
