"""Reading labelled files in their own layouts, training with a held-out split, saving and reloading it."""

from __future__ import annotations

from pathlib import Path

import pytest

from jointdesk.typology.corpus import LabelledRow, write_labelled_csv
from jointdesk.typology.errors import CsvFormatError, ModelFileError, TypologyError, UnknownLabelError
from jointdesk.typology.pipeline import (
    detect_format,
    load_held_out,
    read_source,
    read_sources,
    save_trained,
    train_model,
    train_sources,
)
from jointdesk.typology.storage import load_card, load_model
from jointdesk.typology.training import ClassifierConfig

FAST = ClassifierConfig(svm_c_grid=(0.3,), word_weight_grid=(1.0,))


def test_formats_are_detected_and_bundled_sets_use_their_converters(
    tmp_path: Path, datasets_dir: Path
) -> None:
    plain = tmp_path / "plain.csv"
    write_labelled_csv([LabelledRow("hi", "x")], plain)
    assert detect_format(plain) == "csv"
    assert detect_format(datasets_dir / "mendeley-smishing") == "mendeley-smishing"
    assert detect_format(datasets_dir / "telecom-fraud-5" / "telecom_fraud_5_utf8.csv") == "telecom-fraud-5"
    source = read_source(datasets_dir / "mendeley-smishing", require_canonical=True)
    assert source.format == "mendeley-smishing" and source.dataset is not None
    assert source.path.name == "Dataset_5971.csv" and len(source.describe()["sha256"]) == 64
    assert {row.label for row in source.rows} == {"NOT_FRAUD", "SPAM_PROMO", "FRAUD"}
    with pytest.raises(CsvFormatError, match="not a bundled data set"):
        detect_format(tmp_path)


def test_format_arguments(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    write_labelled_csv([LabelledRow("hi", "spam")], path)
    assert read_sources([path, path], ["text-label"])[1].rows == (LabelledRow("hi", "spam"),)
    assert read_sources([path], require_canonical=True)[0].rows == (LabelledRow("hi", "SPAM_PROMO"),)
    with pytest.raises(TypologyError, match="2 formats for 1 data files"):
        read_sources([path], ["csv", "csv"])
    with pytest.raises(TypologyError, match="unknown format 'xls'"):
        read_sources([path], ["xls"])
    with pytest.raises(TypologyError, match="no data"):
        read_sources([])


def test_unknown_labels_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("text,label\none,NOT_FRAUD\ntwo,weird\nthree,weird\nfour,odd\n", encoding="utf-8")
    with pytest.raises(UnknownLabelError) as info:
        read_source(path, require_canonical=True)
    assert info.value.where == {"weird": f"{path} line 3", "odd": f"{path} line 5"}
    assert f"'odd' ({path} line 5), 'weird' ({path} line 3)" in str(info.value)


def test_train_save_and_reload_with_held_out(tmp_path: Path, vietnamese: list[LabelledRow]) -> None:
    path = tmp_path / "vi.csv"
    write_labelled_csv([*vietnamese, *vietnamese[:7]], path)
    result = train_sources(read_sources([path]), canonical=True, config=FAST, seed=3)
    assert result.data["duplicates_removed"] == 7 and result.data["rows_trained_on"] == 240
    assert result.held_out is not None and result.held_out["macro_f1"] > 0.9
    folder = save_trained(result, tmp_path / "model", name="vi-test", model_version="1.2.3")
    card = load_card(folder)
    assert card["held_out"]["rows"] == 60 and card["held_out"]["seed"] == 3 and card["version"] == "1.2.3"
    assert card["training_data"]["files"][0]["file"] == "vi.csv" and card["typology_version"] == "1"
    held = load_held_out(folder)
    assert result.split is not None and held == list(result.split.held_out)
    assert load_model(folder).labels == ("IMP.GOV", "NOT_FRAUD", "SPAM_PROMO")
    (folder / "held_out.csv").write_text("text,label\nx,NOT_FRAUD\n", encoding="utf-8")
    with pytest.raises(ModelFileError, match="does not match"):
        load_held_out(folder)


def test_train_on_everything_removes_a_stale_held_out_file(
    tmp_path: Path, vietnamese: list[LabelledRow]
) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "held_out.csv").write_text("old", encoding="utf-8")
    result = train_model(vietnamese, held_out_fraction=0, config=FAST)
    assert result.split is None and result.data["rows_trained_on"] == 300
    save_trained(result, folder, name="m", model_version="1")
    assert not (folder / "held_out.csv").exists() and load_card(folder)["held_out"] is None
    with pytest.raises(ModelFileError, match="no held-out split"):
        load_held_out(folder)
