"""Scam-typology text classifier: fit, predict, calibrated probabilities, top alternatives.

One flat linear model over the training labels, whatever they are. With canonical labels
(:mod:`jointdesk.typology.codes`) the two heads of typology.md §7 are read off the leaf probabilities:
``category`` is ``NOT_FRAUD``, ``SPAM_PROMO`` or ``FRAUD`` (the sum over every fraud-side label) and
``typology_code`` is the most probable fraud-side label when it is an incident code (``None`` when the
best fraud-side label is ``FRAUD``, i.e. "type not determined").

Model: :class:`~jointdesk.typology.features.TextFeatures` (char 1-5-grams + word uni/bigrams over shape
tokens, TF-IDF) -> linear SVM (class-balanced) -> multinomial logistic calibration fitted on
out-of-fold SVM scores (matrix scaling), so probabilities are calibrated on data the SVM did not see.
Retraining on another language or label set needs no code change: any ``text,label`` data works.
scikit-learn is needed to fit only; a fitted model predicts with numpy and scipy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Self

import numpy as np
import numpy.typing as npt

from jointdesk.typology.codes import CURRENT_VERSION, FRAUD, NON_FRAUD_CLASSES, load_typology
from jointdesk.typology.errors import ModelFileError, TooFewExamplesError, TypologyError
from jointdesk.typology.features import CharNgrams, State, TextFeatures, WordNgrams, state_array
from jointdesk.typology.text import check_texts, normalise_batch
from jointdesk.typology.training import ClassifierConfig, LinearWeights, Selection, fit_weights

FloatArray = npt.NDArray[np.float64]
STATE_FORMAT = "jointdesk.typology.classifier"
STATE_VERSION = 1
#: Fewest examples of one class that training accepts (the calibration needs two folds).
MIN_EXAMPLES_PER_CLASS = 2


@dataclass(frozen=True)
class Prediction:
    """The classification of one message."""

    label: str
    probability: float
    category: str
    category_probability: float
    fraud_probability: float
    typology_code: str | None
    alternatives: tuple[tuple[str, float], ...]

    @property
    def is_fraud(self) -> bool:
        """True when the fraud side (every label that is not a non-fraud label) is the most probable."""
        return self.category == FRAUD


def _check_labels(labels: Sequence[str], n_texts: int) -> list[str]:
    if len(labels) != n_texts:
        raise TypologyError(f"{n_texts} texts but {len(labels)} labels")
    cleaned = [str(label).strip() for label in labels]
    if any(not label or any(ch in label for ch in "\n\r\x00") for label in cleaned):
        raise TypologyError("labels must be non-empty single-line strings")
    return cleaned


def _check_counts(labels: Sequence[str]) -> Counter[str]:
    counts = Counter(labels)
    if len(counts) < 2:
        raise TooFewExamplesError(counts, MIN_EXAMPLES_PER_CLASS, "training (at least two classes)")
    short = {label: n for label, n in counts.items() if n < MIN_EXAMPLES_PER_CLASS}
    if short:
        raise TooFewExamplesError(short, MIN_EXAMPLES_PER_CLASS, "training")
    return counts


class TypologyClassifier:
    """A text classifier over any label set; canonical labels add the §7 heads (see the module doc)."""

    def __init__(
        self, config: ClassifierConfig | None = None, *, non_fraud_labels: Iterable[str] = NON_FRAUD_CLASSES
    ) -> None:
        self.config = config or ClassifierConfig()
        self.non_fraud_labels = frozenset(non_fraud_labels)
        self.labels: tuple[str, ...] = ()
        self.canonical = False
        self.typology_version: str | None = None
        self.training_counts: dict[str, int] = {}
        self.selection: Selection | None = None
        self._features: TextFeatures | None = None
        self._weights: LinearWeights | None = None

    # -- training ---------------------------------------------------------------------------------------

    def fit(self, texts: Sequence[object], labels: Sequence[str], *, require_canonical: bool = False) -> Self:
        """Train on ``texts`` and their ``labels``.

        ``require_canonical`` maps labels through the typology (case, ``SPAM`` alias) and refuses unknown
        ones with :class:`~jointdesk.typology.errors.UnknownLabelError`. Every class needs at least two
        examples (:class:`~jointdesk.typology.errors.TooFewExamplesError`).
        """
        checked = check_texts(texts)
        cleaned = _check_labels(labels, len(checked))
        if require_canonical:
            typology = load_typology()
            cleaned = typology.canonicalise(cleaned)
            self.canonical, self.typology_version = True, typology.version
        counts = _check_counts(cleaned)
        config = self.config
        chars = CharNgrams(
            config.char_ngram_min, config.char_ngram_max, config.char_min_df, config.char_max_features
        )
        features = TextFeatures(chars, WordNgrams(config.word_min_df, config.word_max_features))
        blocks = features.fit_blocks(normalise_batch(checked))
        folds = max(2, min(config.inner_folds, *counts.values()))
        self._weights, self.selection = fit_weights(blocks, np.asarray(cleaned), config, folds)
        features.word_weight = self.selection.word_weight
        self._features = features
        self.labels = tuple(sorted(counts))
        self.training_counts = dict(sorted(counts.items()))
        return self

    # -- prediction -------------------------------------------------------------------------------------

    @property
    def n_features(self) -> int:
        """Width of the feature vector (char n-grams + word terms) of a fitted model."""
        return self._fitted()[0].size

    @property
    def is_fitted(self) -> bool:
        return self._weights is not None

    def _fitted(self) -> tuple[TextFeatures, LinearWeights]:
        if self._features is None or self._weights is None:
            raise TypologyError("the classifier is not trained: call fit() or load a saved model")
        return self._features, self._weights

    def predict_proba(self, texts: Sequence[object]) -> FloatArray:
        """Calibrated probabilities, one row per text, columns in :attr:`labels` order."""
        features, weights = self._fitted()
        checked = check_texts(texts)
        if not checked:
            return np.zeros((0, len(self.labels)))
        return weights.probabilities(features.transform_blocks(normalise_batch(checked)))

    def predict(self, texts: Sequence[object]) -> list[str]:
        """The most probable label of each text."""
        probabilities = self.predict_proba(texts)
        return [self.labels[i] for i in probabilities.argmax(axis=1)]

    def fraud_probability(self, texts: Sequence[object]) -> FloatArray:
        """Probability that each text is on the fraud side (1 - the non-fraud labels' probabilities)."""
        return self._fraud_side(self.predict_proba(texts))

    def _fraud_side(self, probabilities: FloatArray) -> FloatArray:
        non_fraud = [i for i, label in enumerate(self.labels) if label in self.non_fraud_labels]
        return np.asarray(np.clip(1.0 - probabilities[:, non_fraud].sum(axis=1), 0.0, 1.0), dtype=np.float64)

    def top_alternatives(self, texts: Sequence[object], k: int = 3) -> list[tuple[tuple[str, float], ...]]:
        """The ``k`` most probable labels of each text with their probabilities, best first."""
        return [self._ranked(row, k) for row in self.predict_proba(texts)]

    def _ranked(self, row: FloatArray, k: int) -> tuple[tuple[str, float], ...]:
        order = np.argsort(-row, kind="stable")[: max(k, 1)]
        return tuple((self.labels[i], float(row[i])) for i in order)

    def classify(self, texts: Sequence[object], top_k: int = 3) -> list[Prediction]:
        """Full predictions: label, category head, fraud probability, typology code and alternatives."""
        probabilities = self.predict_proba(texts)
        fraud = self._fraud_side(probabilities)
        return [
            self._prediction(row, float(p_fraud), top_k)
            for row, p_fraud in zip(probabilities, fraud, strict=True)
        ]

    def _prediction(self, row: FloatArray, p_fraud: float, top_k: int) -> Prediction:
        ranked = self._ranked(row, len(self.labels))
        heads = {label: p for label, p in ranked if label in self.non_fraud_labels}
        heads[FRAUD] = p_fraud
        category = max(heads, key=lambda label: heads[label])
        fraud_side = [label for label, _p in ranked if label not in self.non_fraud_labels]
        best_fraud = fraud_side[0] if fraud_side else None
        code = best_fraud if category == FRAUD and best_fraud and self._is_code(best_fraud) else None
        return Prediction(
            label=ranked[0][0],
            probability=ranked[0][1],
            category=category,
            category_probability=heads[category],
            fraud_probability=p_fraud,
            typology_code=code,
            alternatives=ranked[: max(top_k, 1)],
        )

    def _is_code(self, label: str) -> bool:
        return load_typology(self.typology_version or CURRENT_VERSION).is_incident_code(label)

    # -- plain state for storage (no code objects) ------------------------------------------------------

    def state(self) -> State:
        """The fitted model as plain data (numbers, strings, arrays): what storage writes with skops."""
        features, weights = self._fitted()
        return {
            "format": STATE_FORMAT,
            "format_version": STATE_VERSION,
            "labels": list(self.labels),
            "non_fraud_labels": sorted(self.non_fraud_labels),
            "canonical": self.canonical,
            "typology_version": self.typology_version or "",
            "training_counts": dict(self.training_counts),
            "config": self.config.as_dict(),
            "selection": asdict(self.selection) if self.selection else {},
            "features": features.state(),
            "coef": weights.coef,
            "intercept": weights.intercept,
            "calibration_coef": weights.calibration_coef,
            "calibration_intercept": weights.calibration_intercept,
        }

    @classmethod
    def from_state(cls, state: Mapping[str, object]) -> TypologyClassifier:
        """Rebuild a fitted classifier from :meth:`state` output; :class:`ModelFileError` if malformed."""
        if state.get("format") != STATE_FORMAT or state.get("format_version") != STATE_VERSION:
            raise ModelFileError(
                f"not a {STATE_FORMAT} v{STATE_VERSION} model (format {state.get('format')!r}, "
                f"version {state.get('format_version')!r})"
            )
        config, labels, non_fraud = state.get("config"), state.get("labels"), state.get("non_fraud_labels")
        features, counts = state.get("features"), state.get("training_counts")
        if not (isinstance(config, Mapping) and isinstance(labels, list) and isinstance(non_fraud, list)):
            raise ModelFileError("model state: config or labels are missing")
        if not (isinstance(features, Mapping) and isinstance(counts, Mapping)):
            raise ModelFileError("model state: features or training counts are missing")
        model = cls(ClassifierConfig.from_dict(config), non_fraud_labels=map(str, non_fraud))
        model.labels = tuple(str(label) for label in labels)
        model.canonical = bool(state.get("canonical"))
        model.typology_version = str(state.get("typology_version") or "") or None
        model.training_counts = {str(k): int(v) for k, v in counts.items()}
        model.selection = _selection_from_state(state.get("selection"))
        model._features = TextFeatures.from_state(features)
        model._weights = _weights_from_state(state, len(model.labels), model._features.size)
        return model


def _selection_from_state(raw: object) -> Selection | None:
    if not isinstance(raw, Mapping) or not raw:
        return None
    return Selection(float(raw["svm_c"]), float(raw["word_weight"]), float(raw["inner_macro_f1"]))


def _weights_from_state(state: Mapping[str, object], n_labels: int, n_features: int) -> LinearWeights:
    weights = LinearWeights(
        coef=state_array(state, "coef").astype(np.float32),
        intercept=state_array(state, "intercept").astype(np.float32),
        calibration_coef=state_array(state, "calibration_coef").astype(np.float64),
        calibration_intercept=state_array(state, "calibration_intercept").astype(np.float64),
    )
    n_scores = 1 if n_labels == 2 else n_labels
    n_outputs = 1 if n_labels == 2 else n_labels
    if weights.coef.shape != (n_scores, n_features) or weights.calibration_coef.shape != (
        n_outputs,
        n_scores,
    ):
        raise ModelFileError("model state: weight shapes do not match the labels and features")
    return weights
