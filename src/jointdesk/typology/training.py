"""Fitting the linear model behind :class:`~jointdesk.typology.classifier.TypologyClassifier`.

A small grid (SVM ``C`` x word-block weight) is searched by stratified inner cross-validation on the
training data only, scored by macro-F1. The out-of-fold SVM scores of the chosen setting then fit a
multinomial logistic calibration ("matrix scaling"), and the SVM is refitted on all training data.
So probabilities are calibrated on scores of messages the SVM did not see, at no extra fitting cost.
scikit-learn is imported here only, when a model is trained.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from jointdesk.typology.features import side_by_side

FloatArray = npt.NDArray[np.float64]
Labels = npt.NDArray[np.str_]


@dataclass(frozen=True)
class ClassifierConfig:
    """Hyper-parameters. A grid with one value fixes it (fast); the defaults were chosen by 5-fold CV
    on both bundled data sets: English smishing prefers C 0.1-0.3 with words, Chinese C 1-3."""

    char_ngram_min: int = 1
    char_ngram_max: int = 5
    char_min_df: int = 2
    char_max_features: int = 300_000
    word_min_df: int = 2
    word_max_features: int = 200_000
    svm_c_grid: tuple[float, ...] = (0.1, 0.3, 1.0, 3.0)
    word_weight_grid: tuple[float, ...] = (0.5, 1.0)
    class_balanced: bool = True
    inner_folds: int = 3
    calibration_c: float = 1.0
    seed: int = 0

    def as_dict(self) -> dict[str, Any]:
        values = asdict(self)
        return {key: list(value) if isinstance(value, tuple) else value for key, value in values.items()}

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> ClassifierConfig:
        known = {f.name for f in fields(cls)}
        kept: dict[str, Any] = {
            key: tuple(value) if isinstance(value, list) else value
            for key, value in values.items()
            if key in known
        }
        return cls(**kept)


@dataclass
class LinearWeights:
    """Fitted linear SVM and calibration weights (binary problems have one score column)."""

    coef: npt.NDArray[np.float32]
    intercept: npt.NDArray[np.float32]
    calibration_coef: FloatArray
    calibration_intercept: FloatArray
    _columns: FloatArray | None = field(default=None, repr=False, compare=False)

    def probabilities(self, blocks: Sequence[tuple[sparse.csr_matrix, float]]) -> FloatArray:
        """Calibrated probabilities from feature blocks laid side by side, each with its scale."""
        if self._columns is None:  # C-ordered float64 (features x scores): scipy multiplies without copies
            self._columns = np.ascontiguousarray(self.coef.T, dtype=np.float64)
        scores = np.zeros((blocks[0][0].shape[0], self._columns.shape[1])) + self.intercept
        start = 0
        for block, scale in blocks:
            end = start + block.shape[1]
            scores += np.asarray(block @ self._columns[start:end], dtype=np.float64) * scale
            start = end
        return self._calibrated(scores)

    def _calibrated(self, scores: FloatArray) -> FloatArray:
        logits = scores @ self.calibration_coef.T + self.calibration_intercept
        if logits.shape[1] == 1:
            positive = 1.0 / (1.0 + np.exp(-logits[:, 0]))
            return np.column_stack([1.0 - positive, positive])
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True), dtype=np.float64)


@dataclass(frozen=True)
class Selection:
    """The grid point chosen by inner cross-validation."""

    svm_c: float
    word_weight: float
    inner_macro_f1: float


def _svm(config: ClassifierConfig, c: float) -> Any:
    from sklearn.svm import LinearSVC  # type: ignore[import-untyped]  # noqa: PLC0415

    balanced = "balanced" if config.class_balanced else None
    return LinearSVC(C=c, class_weight=balanced, max_iter=20_000, random_state=config.seed)


def _predicted(scores: FloatArray, classes: Labels) -> Labels:
    if scores.shape[1] == 1:
        picked: Labels = classes[(scores[:, 0] > 0).astype(np.intp)]
    else:
        picked = classes[scores.argmax(axis=1)]
    return picked


def _search(
    blocks: tuple[sparse.csr_matrix, sparse.csr_matrix], y: Labels, config: ClassifierConfig, folds: int
) -> tuple[Selection, FloatArray]:
    from sklearn.metrics import f1_score  # type: ignore[import-untyped]  # noqa: PLC0415
    from sklearn.model_selection import StratifiedKFold, cross_val_predict  # type: ignore[import-untyped]  # noqa: PLC0415

    split = StratifiedKFold(n_splits=folds, shuffle=True, random_state=config.seed)
    classes = np.unique(y)
    best: tuple[Selection, FloatArray] | None = None
    for weight in config.word_weight_grid:
        features = side_by_side(*blocks, weight)
        for c in config.svm_c_grid:
            scores = cross_val_predict(_svm(config, c), features, y, cv=split, method="decision_function")
            scores = np.asarray(scores, dtype=np.float64).reshape(len(y), -1)
            score = float(f1_score(y, _predicted(scores, classes), average="macro"))
            if best is None or score > best[0].inner_macro_f1:
                best = (Selection(c, weight, score), scores)
    if best is None:
        raise ValueError("empty hyper-parameter grid")
    return best


def fit_weights(
    blocks: tuple[sparse.csr_matrix, sparse.csr_matrix], y: Labels, config: ClassifierConfig, folds: int
) -> tuple[LinearWeights, Selection]:
    """Search the grid, calibrate on the chosen out-of-fold scores, refit the SVM on everything."""
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]  # noqa: PLC0415

    selection, scores = _search(blocks, y, config, folds)
    calibration = LogisticRegression(C=config.calibration_c, max_iter=5_000).fit(scores, y)
    svm = _svm(config, selection.svm_c).fit(side_by_side(*blocks, selection.word_weight), y)
    weights = LinearWeights(
        coef=np.asarray(svm.coef_, dtype=np.float32),
        intercept=np.asarray(svm.intercept_, dtype=np.float32),
        calibration_coef=np.asarray(calibration.coef_, dtype=np.float64),
        calibration_intercept=np.asarray(calibration.intercept_, dtype=np.float64),
    )
    return weights, selection
