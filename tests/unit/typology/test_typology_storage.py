"""skops storage with a model card, tamper checks, and the shipped starter model."""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
import skops.io as sio  # type: ignore[import-untyped]

from jointdesk.typology.classifier import TypologyClassifier
from jointdesk.typology.converters import DATASETS
from jointdesk.typology.errors import ModelFileError
from jointdesk.typology.plainskops import NotPlainData, read_plain_skops
from jointdesk.typology.storage import (
    CARD_FILE,
    MODEL_FILE,
    build_card,
    load_card,
    load_model,
    save_model,
    shipped_model_dir,
)
from jointdesk.typology.training import ClassifierConfig

TEXTS = [
    "win a free prize now",
    "claim your prize now",
    "lunch at noon?",
    "see you at noon",
    "free prize",
] * 2
LABELS = ["FRAUD", "FRAUD", "NOT_FRAUD", "NOT_FRAUD", "FRAUD"] * 2


@pytest.fixture(scope="module")
def small_model() -> TypologyClassifier:
    config = ClassifierConfig(svm_c_grid=(1.0,), word_weight_grid=(1.0,))
    return TypologyClassifier(config).fit(TEXTS, LABELS, require_canonical=True)


def test_save_and_load_round_trip_with_card(tmp_path: Path, small_model: TypologyClassifier) -> None:
    card = build_card(small_model, name="t", model_version="0.1", sources=[DATASETS["mendeley-smishing"]])
    path = save_model(small_model, tmp_path, card)
    loaded = load_model(tmp_path)
    assert np.allclose(loaded.predict_proba(TEXTS), small_model.predict_proba(TEXTS))
    written = load_card(tmp_path)
    assert written["model_file"]["sha256"] and written["model_file"]["bytes"] == path.stat().st_size
    assert (
        written["data_sources"][0]["licence"]
        and written["label_mapping"]["mendeley-smishing"]["spam"] == "SPAM_PROMO"
    )
    assert zipfile.is_zipfile(path) and sio.get_untrusted_types(file=path) == []


def test_plain_reader_matches_skops(tmp_path: Path, small_model: TypologyClassifier) -> None:
    path = save_model(small_model, tmp_path)
    ours, theirs = read_plain_skops(path), sio.load(path, trusted=[])
    assert ours.keys() == theirs.keys() and ours["labels"] == theirs["labels"]
    assert (
        np.array_equal(ours["coef"], theirs["coef"])
        and ours["features"]["words"]["terms"] == theirs["features"]["words"]["terms"]
    )


def test_plain_reader_refuses_other_objects(tmp_path: Path) -> None:
    path = tmp_path / "other.skops"
    sio.dump({"when": {1, 2}}, path)
    with pytest.raises(NotPlainData):
        read_plain_skops(path)


def test_tampered_missing_or_foreign_files_are_refused(
    tmp_path: Path, small_model: TypologyClassifier
) -> None:
    path = save_model(small_model, tmp_path)
    with path.open("ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(ModelFileError, match="SHA-256"):
        load_model(tmp_path)
    with pytest.raises(ModelFileError, match="no model file"):
        load_model(tmp_path / "nowhere")
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    sio.dump({"format": "something-else"}, foreign / MODEL_FILE)
    with pytest.raises(ModelFileError, match=r"not a jointdesk\.typology\.classifier"):
        load_model(foreign, verify=False)
    (foreign / CARD_FILE).write_text(json.dumps({"schema": "other"}))
    with pytest.raises(ModelFileError, match="model card"):
        load_model(foreign)


def test_shipped_model_is_small_fast_and_canonical() -> None:
    folder = shipped_model_dir()
    assert (folder / MODEL_FILE).stat().st_size < 50 * 1024 * 1024
    started = time.perf_counter()
    model = load_model(folder)
    assert time.perf_counter() - started < 1.0
    card = load_card(folder)
    assert card["typology_version"] == "1" and set(card["labels"]) == set(model.labels)
    assert {source["name"] for source in card["data_sources"]} == {"telecom-fraud-5", "mendeley-smishing"}
    assert card["metrics"]["telecom-fraud-5"]["macro_f1"] >= 0.98
    predictions = model.classify(
        [
            "您好，这里是上海市公安局，您的银行卡涉嫌洗钱，请将资金转入安全账户配合调查",
            "Hey, still on for lunch tomorrow?",
        ]
    )
    assert (predictions[0].typology_code, predictions[1].category) == ("IMP.GOV", "NOT_FRAUD")
