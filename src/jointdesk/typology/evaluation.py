"""Evaluation protocol for any ``text,label`` data, whatever its label set.

1. Duplicates are removed (:func:`~jointdesk.typology.corpus.deduplicate`: same text after NFKC, case
   folding and whitespace collapsing; groups whose copies disagree on the label are dropped whole).
2. Stratified k-fold (default 5, shuffled, fixed seed); every class needs at least ``folds`` examples.
3. In each fold a fresh :class:`~jointdesk.typology.classifier.TypologyClassifier` is trained on the
   training part only (its hyper-parameter search and calibration see nothing of the test part).

The report is a JSON-able dict: top-level ``macro_f1`` (mean over folds) with ``macro_f1_std`` and the
per-fold values; pooled out-of-fold per-class precision/recall/F1, confusion matrix (rows = true labels,
columns = predicted), accuracy, calibration (log loss, Brier score, expected calibration error), a
majority-class baseline, fraud-vs-not-fraud scores when the labels include non-fraud classes, and the
data counts. scikit-learn is needed here (it is a training-time dependency).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from jointdesk.typology.classifier import TypologyClassifier
from jointdesk.typology.codes import NON_FRAUD_CLASSES
from jointdesk.typology.corpus import (
    Deduplicated,
    LabelledRow,
    canonical_rows,
    deduplicate,
    label_counts,
    read_labelled_csv,
)
from jointdesk.typology.errors import TooFewExamplesError
from jointdesk.typology.training import ClassifierConfig

FloatArray = npt.NDArray[np.float64]
ECE_BINS = 15


def _fold(
    texts: list[str], labels: npt.NDArray[np.str_], train: npt.NDArray[np.intp], config: ClassifierConfig
) -> TypologyClassifier:
    return TypologyClassifier(config).fit([texts[i] for i in train], labels[train].tolist())


def _aligned(model: TypologyClassifier, probabilities: FloatArray, classes: Sequence[str]) -> FloatArray:
    """Fold probabilities in the column order of all ``classes`` (a fold model knows every class)."""
    out = np.zeros((len(probabilities), len(classes)))
    for j, label in enumerate(model.labels):
        out[:, classes.index(label)] = probabilities[:, j]
    return out


def expected_calibration_error(
    probabilities: FloatArray, truth: npt.NDArray[np.intp], bins: int = ECE_BINS
) -> float:
    """Top-label ECE: the gap between confidence and accuracy, averaged over equal-width confidence bins."""
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == truth
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    gap = 0.0
    for b in range(bins):
        members = which == b
        if members.any():
            gap += members.mean() * abs(float(correct[members].mean()) - float(confidence[members].mean()))
    return gap


def _calibration(probabilities: FloatArray, truth: npt.NDArray[np.intp]) -> dict[str, float]:
    eps = 1e-15
    picked = np.clip(probabilities[np.arange(len(truth)), truth], eps, 1.0)
    onehot = np.zeros_like(probabilities)
    onehot[np.arange(len(truth)), truth] = 1.0
    return {
        "log_loss": float(-np.log(picked).mean()),
        "brier": float(((probabilities - onehot) ** 2).sum(axis=1).mean()),
        "ece": expected_calibration_error(probabilities, truth),
    }


def _per_class(truth: Sequence[str], predicted: Sequence[str], classes: list[str]) -> dict[str, Any]:
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support  # type: ignore[import-untyped]  # noqa: PLC0415

    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=classes, zero_division=0
    )
    per_class = {
        label: {
            "precision": float(precision[i]),
            "recall": float(recall[i]),
            "f1": float(f1[i]),
            "support": int(support[i]),
        }
        for i, label in enumerate(classes)
    }
    matrix = confusion_matrix(truth, predicted, labels=classes)
    return {"per_class": per_class, "confusion_matrix": {"labels": classes, "matrix": matrix.tolist()}}


def _macro_f1(truth: Sequence[str], predicted: Sequence[str], classes: list[str]) -> float:
    from sklearn.metrics import f1_score  # noqa: PLC0415

    return float(f1_score(truth, predicted, labels=classes, average="macro", zero_division=0))


def _fraud_vs_not(truth: Sequence[str], fraud_probability: FloatArray) -> dict[str, float] | None:
    from sklearn.metrics import precision_recall_fscore_support, roc_auc_score  # noqa: PLC0415

    actual = np.array([label not in NON_FRAUD_CLASSES for label in truth])
    if actual.all() or not actual.any():
        return None
    predicted = fraud_probability >= 0.5
    precision, recall, f1, _support = precision_recall_fscore_support(
        actual, predicted, average="binary", zero_division=0
    )
    return {
        "precision": float(precision),
        "recall": float(recall),
        "f1": float(f1),
        "roc_auc": float(roc_auc_score(actual, fraud_probability)),
    }


def _run_fold(
    texts: list[str],
    labels: npt.NDArray[np.str_],
    split: tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]],
    config: ClassifierConfig,
    classes: list[str],
) -> tuple[npt.NDArray[np.intp], FloatArray, dict[str, float]]:
    train, test = split
    model = _fold(texts, labels, train, config)
    probabilities = _aligned(model, model.predict_proba([texts[i] for i in test]), classes)
    return test, probabilities, asdict(model.selection) if model.selection else {}


def _check_counts(counts: dict[str, int], folds: int) -> None:
    if folds < 2:
        raise ValueError("cross-validation needs at least 2 folds")
    short = {label: n for label, n in counts.items() if n < folds}
    if len(counts) < 2:
        raise TooFewExamplesError(counts, folds, "evaluation (at least two classes)")
    if short:
        raise TooFewExamplesError(short, folds, f"{folds}-fold cross-validation after removing duplicates")


def evaluate(
    rows: Sequence[LabelledRow],
    *,
    folds: int = 5,
    seed: int = 0,
    config: ClassifierConfig | None = None,
    require_canonical: bool = False,
    n_jobs: int = 1,
) -> dict[str, Any]:
    """Run the protocol of the module docstring on ``rows``; returns the JSON-able report."""
    from joblib import Parallel, delayed  # type: ignore[import-untyped]  # noqa: PLC0415
    from sklearn.model_selection import StratifiedKFold  # type: ignore[import-untyped]  # noqa: PLC0415

    started = time.perf_counter()
    given = canonical_rows(rows) if require_canonical else list(rows)
    unique = deduplicate(given)
    counts = label_counts(unique.rows)
    _check_counts(counts, folds)
    texts = [row.text for row in unique.rows]
    labels = np.array([row.label for row in unique.rows])
    classes = sorted(counts)
    config = config or ClassifierConfig(seed=seed)
    splits = list(StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(texts, labels))
    results = Parallel(n_jobs=n_jobs)(delayed(_run_fold)(texts, labels, s, config, classes) for s in splits)
    return _report(labels, classes, results, config, unique, len(given), folds, seed, started)


def _report(
    labels: npt.NDArray[np.str_],
    classes: list[str],
    results: list[tuple[npt.NDArray[np.intp], FloatArray, dict[str, float]]],
    config: ClassifierConfig,
    unique: Deduplicated,
    rows_in: int,
    folds: int,
    seed: int,
    started: float,
) -> dict[str, Any]:
    probabilities = np.zeros((len(labels), len(classes)))
    fold_f1 = []
    for test, fold_probabilities, _selection in results:
        probabilities[test] = fold_probabilities
        fold_predicted = [classes[i] for i in fold_probabilities.argmax(axis=1)]
        fold_f1.append(_macro_f1(labels[test].tolist(), fold_predicted, classes))
    truth = labels.tolist()
    predicted = [classes[i] for i in probabilities.argmax(axis=1)]
    truth_index = np.array([classes.index(label) for label in truth], dtype=np.intp)
    majority = max(classes, key=lambda label: int((labels == label).sum()))
    non_fraud = [i for i, label in enumerate(classes) if label in NON_FRAUD_CLASSES]
    fraud_probability = 1.0 - probabilities[:, non_fraud].sum(axis=1)
    return {
        "macro_f1": float(np.mean(fold_f1)),
        "macro_f1_std": float(np.std(fold_f1)),
        "fold_macro_f1": [float(value) for value in fold_f1],
        "pooled_macro_f1": _macro_f1(truth, predicted, classes),
        "accuracy": float(np.mean(np.array(predicted) == labels)),
        "majority_baseline": {
            "label": majority,
            "macro_f1": _macro_f1(truth, [majority] * len(truth), classes),
        },
        "labels": classes,
        **_per_class(truth, predicted, classes),
        "calibration": _calibration(probabilities, truth_index),
        "fraud_vs_not_fraud": _fraud_vs_not(truth, fraud_probability) if non_fraud else None,
        "data": {
            "rows_in": rows_in,
            "duplicates_removed": unique.duplicates_removed,
            "conflicting_groups_dropped": unique.conflicting_groups_dropped,
            "conflicting_rows_dropped": unique.conflicting_rows_dropped,
            "rows_used": len(truth),
            "class_counts": label_counts(unique.rows),
        },
        "protocol": {
            "folds": folds,
            "seed": seed,
            "stratified": True,
            "dedupe": "NFKC + case fold + whitespace collapse; label-conflicting duplicate groups dropped",
            "config": config.as_dict(),
            "fold_selections": [selection for _test, _p, selection in results],
        },
        "seconds": round(time.perf_counter() - started, 1),
    }


def evaluate_csv(path: Path | str, **options: Any) -> dict[str, Any]:
    """:func:`evaluate` on a ``text,label`` CSV file (see :mod:`jointdesk.typology.corpus`)."""
    require_canonical = bool(options.pop("require_canonical", False))
    rows = read_labelled_csv(path, require_canonical=require_canonical)
    return evaluate(rows, **options)
