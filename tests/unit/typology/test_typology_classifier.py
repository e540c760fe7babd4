"""Fit, predict, probabilities, alternatives and the §7 heads of the typology classifier."""

from __future__ import annotations

import numpy as np
import pytest

from jointdesk.typology.classifier import TypologyClassifier
from jointdesk.typology.corpus import LabelledRow
from jointdesk.typology.errors import EmptyTextError, TooFewExamplesError, TypologyError, UnknownLabelError
from jointdesk.typology.training import ClassifierConfig

FAST = ClassifierConfig(svm_c_grid=(1.0,), word_weight_grid=(1.0,))


@pytest.fixture(scope="module")
def model(vietnamese: list[LabelledRow]) -> TypologyClassifier:
    return TypologyClassifier().fit(
        [r.text for r in vietnamese], [r.label for r in vietnamese], require_canonical=True
    )


def test_probabilities_are_rows_that_sum_to_one(model: TypologyClassifier) -> None:
    probabilities = model.predict_proba(
        ["Bộ Công an yêu cầu chuyển tiền vào tài khoản an toàn", "mẹ ơi con về rồi"]
    )
    assert probabilities.shape == (2, 3) and np.allclose(probabilities.sum(axis=1), 1.0)
    assert model.labels == ("IMP.GOV", "NOT_FRAUD", "SPAM_PROMO")
    assert model.selection is not None and model.selection.svm_c in (0.1, 0.3, 1.0, 3.0)


def test_classify_reads_the_two_heads(model: TypologyClassifier) -> None:
    fraud, normal = model.classify(
        [
            "Công an quận 1 thông báo bạn liên quan vụ rửa tiền, chuyển tiền bảo lãnh ngay",
            "Cảm ơn anh Minh, hẹn gặp tối nay",
        ],
        top_k=2,
    )
    assert (fraud.label, fraud.category, fraud.typology_code, fraud.is_fraud) == (
        "IMP.GOV",
        "FRAUD",
        "IMP.GOV",
        True,
    )
    assert fraud.fraud_probability > 0.5 and len(fraud.alternatives) == 2
    assert fraud.alternatives[0][1] >= fraud.alternatives[1][1]
    assert (normal.category, normal.typology_code, normal.is_fraud) == ("NOT_FRAUD", None, False)
    assert model.fraud_probability(["Cảm ơn anh Minh"])[0] < 0.5


def test_any_label_set_and_binary_problems() -> None:
    texts = ["cheap pills buy now", "buy cheap watches now", "lunch at noon?", "see you at noon"] * 3
    model = TypologyClassifier(FAST, non_fraud_labels={"ok"}).fit(texts, ["scam", "scam", "ok", "ok"] * 3)
    assert model.predict(["cheap watches, buy now", "noon lunch?"]) == ["scam", "ok"]
    assert model.top_alternatives(["cheap"], k=5)[0][0][0] in {"scam", "ok"}
    assert model.classify(["buy cheap pills"])[0].category == "FRAUD"
    assert model.classify(["buy cheap pills"])[0].typology_code is None


def test_training_errors() -> None:
    with pytest.raises(TooFewExamplesError, match="'b' has 1"):
        TypologyClassifier(FAST).fit(["x one", "x two", "y"], ["a", "a", "b"])
    with pytest.raises(TooFewExamplesError, match="two classes"):
        TypologyClassifier(FAST).fit(["x one", "x two"], ["a", "a"])
    with pytest.raises(UnknownLabelError, match="'ham'"):
        TypologyClassifier(FAST).fit(["a", "b"], ["ham", "NOT_FRAUD"], require_canonical=True)
    with pytest.raises(TypologyError, match="2 texts but 1 labels"):
        TypologyClassifier(FAST).fit(["a", "b"], ["x"])
    with pytest.raises(EmptyTextError, match="item 1"):
        TypologyClassifier(FAST).fit(["a", ""], ["x", "y"])


def test_prediction_errors(model: TypologyClassifier) -> None:
    with pytest.raises(TypologyError, match="not trained"):
        TypologyClassifier().predict(["hello"])
    with pytest.raises(EmptyTextError):
        model.predict(["ok", "   "])
    assert model.predict_proba([]).shape == (0, 3)


def test_state_round_trip_predicts_the_same(model: TypologyClassifier) -> None:
    again = TypologyClassifier.from_state(model.state())
    texts = ["Viện kiểm sát triệu tập bạn", "Shopee sale lớn", "hẹn gặp ở chợ"]
    assert np.allclose(again.predict_proba(texts), model.predict_proba(texts))
    assert (
        again.canonical and again.typology_version == "1" and again.training_counts == model.training_counts
    )
