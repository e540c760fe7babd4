"""Held-out evaluation and the regression check that gates activating a new model version.

A model trained for reports keeps a stratified held-out split (default 20 %) that it never sees:
:func:`held_out_split` makes it (deterministic for a seed; rows that must stay unseen, such as the active
model's test data, always go to the held-out side), :func:`score` measures a model on it, and
:func:`regression_check` compares a candidate model with the active one on the *same* held-out data.

Everything here is pure: numpy only, no database, no scikit-learn, no file access.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from jointdesk.typology.classifier import TypologyClassifier
from jointdesk.typology.corpus import LabelledRow
from jointdesk.typology.errors import TooFewExamplesError, TypologyError
from jointdesk.typology.text import dedupe_key

DEFAULT_FRACTION = 0.2
#: Fewest examples of a class for a held-out split: one held out, at least four to train on.
MIN_EXAMPLES_FOR_SPLIT = 5


@dataclass(frozen=True)
class Split:
    """Training rows and held-out rows (no text on both sides)."""

    train: tuple[LabelledRow, ...]
    held_out: tuple[LabelledRow, ...]


def held_out_split(
    rows: Sequence[LabelledRow],
    *,
    fraction: float = DEFAULT_FRACTION,
    seed: int = 0,
    always_held_out: Collection[str] = (),
) -> Split:
    """A stratified split: about ``fraction`` of every class (at least one row) is held out.

    ``rows`` should be de-duplicated. Rows whose text (as :func:`~jointdesk.typology.text.dedupe_key`)
    is in ``always_held_out`` go to the held-out side whatever the fraction, so a candidate never trains
    on the test data of the model it is compared with. :class:`TooFewExamplesError` names every class with
    fewer than :data:`MIN_EXAMPLES_FOR_SPLIT` rows.
    """
    if not 0.0 < fraction < 1.0:
        raise TypologyError(f"held-out fraction must be between 0 and 1, got {fraction}")
    counts = Counter(row.label for row in rows)
    short = {label: n for label, n in counts.items() if n < MIN_EXAMPLES_FOR_SPLIT}
    if short:
        raise TooFewExamplesError(short, MIN_EXAMPLES_FOR_SPLIT, f"a {fraction:.0%} held-out split")
    reserved = {dedupe_key(text) for text in always_held_out}
    rng = np.random.default_rng(seed)
    train: list[LabelledRow] = []
    held: list[LabelledRow] = []
    for label in sorted(counts):
        members = [row for row in rows if row.label == label]
        forced = [row for row in members if dedupe_key(row.text) in reserved]
        free = [row for row in members if dedupe_key(row.text) not in reserved]
        free = [free[i] for i in rng.permutation(len(free))]
        wanted = max(1, round(fraction * len(members))) - len(forced)
        take = max(0, min(wanted, len(free) - 1))
        held.extend(forced + free[:take])
        train.extend(free[take:])
    return Split(tuple(train), tuple(held))


@dataclass(frozen=True)
class Scores:
    """How one model did on one labelled set (macro-F1 over the set's labels)."""

    macro_f1: float
    accuracy: float
    per_class_f1: dict[str, float]
    fraud_f1: float | None
    unknown_labels: tuple[str, ...]


def _f1_per_class(
    truth: npt.NDArray[np.str_], predicted: npt.NDArray[np.str_], labels: list[str]
) -> list[float]:
    values = []
    for label in labels:
        true_positive = float(np.sum((truth == label) & (predicted == label)))
        denominator = float(np.sum(truth == label) + np.sum(predicted == label))
        values.append(2.0 * true_positive / denominator if denominator else 0.0)
    return values


def _binary_f1(truth: npt.NDArray[np.bool_], predicted: npt.NDArray[np.bool_]) -> float:
    denominator = float(truth.sum() + predicted.sum())
    return 2.0 * float((truth & predicted).sum()) / denominator if denominator else 0.0


def score(model: TypologyClassifier, texts: Sequence[str], labels: Sequence[str]) -> Scores:
    """Macro-F1 (over the labels present in ``labels``), accuracy, per-class F1 and fraud-vs-not F1."""
    if len(texts) != len(labels) or not texts:
        raise TypologyError(f"held-out data needs as many labels as texts (got {len(texts)}, {len(labels)})")
    predictions = model.classify(texts, top_k=1)
    truth = np.array(labels)
    predicted = np.array([p.label for p in predictions])
    classes = sorted(set(labels))
    per_class = _f1_per_class(truth, predicted, classes)
    non_fraud = model.non_fraud_labels
    fraud_truth = np.array([label not in non_fraud for label in labels])
    fraud_f1 = None
    if fraud_truth.any() and not fraud_truth.all():
        fraud_f1 = _binary_f1(fraud_truth, np.array([p.is_fraud for p in predictions]))
    return Scores(
        macro_f1=float(np.mean(per_class)),
        accuracy=float(np.mean(truth == predicted)),
        per_class_f1=dict(zip(classes, per_class, strict=True)),
        fraud_f1=fraud_f1,
        unknown_labels=tuple(label for label in classes if label not in model.labels),
    )


def held_out_report(model: TypologyClassifier, rows: Sequence[LabelledRow]) -> dict[str, Any]:
    """What a model card records about the held-out split: scores, the majority baseline, counts."""
    texts, labels = [row.text for row in rows], [row.label for row in rows]
    counts = Counter(labels)
    majority = max(sorted(counts), key=lambda label: counts[label])
    baseline = _f1_per_class(np.array(labels), np.array([majority] * len(labels)), sorted(counts))
    return {
        **asdict(score(model, texts, labels)),
        "rows": len(rows),
        "class_counts": dict(sorted(counts.items())),
        "majority_baseline": {"label": majority, "macro_f1": float(np.mean(baseline))},
    }


@dataclass(frozen=True)
class RegressionReport:
    """Whether a candidate model regresses on the active model's held-out data, with the figures."""

    passed: bool
    rows: int
    tolerance: float
    candidate: Scores
    active: Scores
    macro_f1_change: float
    fraud_f1_change: float | None
    worse_classes: dict[str, float]
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form (for the audit record of an activation)."""
        return asdict(self)


def _change(new: float | None, old: float | None) -> float | None:
    return None if new is None or old is None else new - old


def regression_check(
    candidate_model: TypologyClassifier,
    active_model: TypologyClassifier,
    held_out_texts: Sequence[str],
    held_out_labels: Sequence[str],
    *,
    tolerance: float = 0.0,
) -> RegressionReport:
    """Compare ``candidate_model`` with ``active_model`` on the same held-out data.

    The candidate passes when its macro-F1 is at least the active model's minus ``tolerance`` and, when
    the data has both fraud and non-fraud rows, so is its fraud-vs-not-fraud F1. Classes whose F1 drops
    are listed (``worse_classes``: label -> change) for the reviewer but do not fail the check alone.
    Pass data neither model was trained on, e.g. the active model's held-out split.
    """
    if tolerance < 0:
        raise TypologyError("tolerance must be >= 0")
    new = score(candidate_model, held_out_texts, held_out_labels)
    old = score(active_model, held_out_texts, held_out_labels)
    macro_change = new.macro_f1 - old.macro_f1
    fraud_change = _change(new.fraud_f1, old.fraud_f1)
    reasons = []
    if macro_change < -tolerance:
        reasons.append(f"macro-F1 {new.macro_f1:.4f} < active {old.macro_f1:.4f} - tolerance {tolerance}")
    if fraud_change is not None and fraud_change < -tolerance:
        reasons.append(
            f"fraud-vs-not F1 {new.fraud_f1:.4f} < active {old.fraud_f1:.4f} - tolerance {tolerance}"
        )
    worse = {
        label: new.per_class_f1[label] - f1
        for label, f1 in old.per_class_f1.items()
        if new.per_class_f1[label] < f1
    }
    return RegressionReport(
        passed=not reasons,
        rows=len(held_out_texts),
        tolerance=tolerance,
        candidate=new,
        active=old,
        macro_f1_change=macro_change,
        fraud_f1_change=fraud_change,
        worse_classes=worse,
        reasons=tuple(reasons),
    )
