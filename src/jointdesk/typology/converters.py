"""Converters from each bundled data set's own layout to ``text,label`` rows (typology.md §7).

``telecom-fraud-5`` (Chinese, ``shared/datasets/telecom-fraud-5``)
    Reads ``telecom_fraud_5_utf8.csv`` (columns ``text,label_id,label_zh,label_en,source_file``), or with
    :func:`convert_telecom_fraud_5_originals` the five ``original/label0N-last.csv`` files (``content,label``;
    ``label04`` is GB18030, not UTF-8). ``label_id`` 0 -> ``NOT_FRAUD`` (real operator/merchant SMS,
    promotions included: never relabelled ``SPAM_PROMO`` without review), 1 -> ``IMP.GOV``, 2 -> ``LOAN``,
    3 -> ``IMP.CS``, 4 -> ``IMP.ACQ``.
``mendeley-smishing`` (English, ``shared/datasets/mendeley-smishing``)
    Reads ``Dataset_5971.csv`` (``LABEL,TEXT,URL,EMAIL,PHONE``; label case is inconsistent and is folded
    first): ``ham`` -> ``NOT_FRAUD``, ``spam`` -> ``SPAM_PROMO``, ``smishing`` -> ``FRAUD`` (no code: the
    rows are mostly UK premium-rate prize texts, weak ``PRIZE`` at best).

:data:`DATASETS` holds what a model card must say about each set (source, licence, citation, caveats),
read from ``data/datasets.json``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType

from jointdesk.typology.codes import FRAUD, NOT_FRAUD, SPAM_PROMO
from jointdesk.typology.corpus import LabelledRow
from jointdesk.typology.errors import CsvFormatError
from jointdesk.typology.text import check_text

TELECOM_FRAUD_5_LABELS: Mapping[int, str] = MappingProxyType(
    {0: NOT_FRAUD, 1: "IMP.GOV", 2: "LOAN", 3: "IMP.CS", 4: "IMP.ACQ"}
)
MENDELEY_SMISHING_LABELS: Mapping[str, str] = MappingProxyType(
    {"ham": NOT_FRAUD, "spam": SPAM_PROMO, "smishing": FRAUD}
)


@dataclass(frozen=True)
class DatasetInfo:
    """Provenance of a bundled data set, as the model card states it."""

    name: str
    language: str
    source: str
    licence: str
    citation: str
    label_mapping: Mapping[str, str]
    caveats: tuple[str, ...]


def _open_rows(path: Path, encodings: tuple[str, ...] = ("utf-8-sig",)) -> list[dict[str, str]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CsvFormatError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    for encoding in encodings:
        try:
            content = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return list(csv.DictReader(io.StringIO(content, newline="")))
    raise CsvFormatError(str(path), f"not decodable as {' or '.join(encodings)}")


def _need(rows: list[dict[str, str]], columns: tuple[str, ...], path: Path) -> None:
    if not rows:
        raise CsvFormatError(str(path), "no data rows")
    missing = [column for column in columns if column not in rows[0]]
    if missing:
        raise CsvFormatError(str(path), f"missing column(s) {', '.join(missing)}; found {sorted(rows[0])}")


def _file(location: Path | str, default_name: str) -> Path:
    path = Path(location)
    return path / default_name if path.is_dir() else path


def convert_telecom_fraud_5(location: Path | str) -> list[LabelledRow]:
    """Rows of ``telecom_fraud_5_utf8.csv`` (``location`` is the file or its data-set folder)."""
    path = _file(location, "telecom_fraud_5_utf8.csv")
    records = _open_rows(path)
    _need(records, ("text", "label_id"), path)
    rows = []
    for line, record in enumerate(records, start=2):
        label_id = int(record["label_id"]) if record["label_id"].strip().isdigit() else -1
        if label_id not in TELECOM_FRAUD_5_LABELS:
            raise CsvFormatError(str(path), f"line {line}: unknown label_id {record['label_id']!r}")
        text = check_text(record["text"], where=f"{path} line {line}")
        rows.append(LabelledRow(text, TELECOM_FRAUD_5_LABELS[label_id]))
    return rows


def convert_telecom_fraud_5_originals(folder: Path | str) -> list[LabelledRow]:
    """Rows of the five original per-class files (``folder`` holds them or their ``original/`` folder)."""
    base = Path(folder)
    base = base / "original" if (base / "original").is_dir() else base
    rows = []
    for label_id, label in TELECOM_FRAUD_5_LABELS.items():
        path = base / f"label0{label_id}-last.csv"
        records = _open_rows(path, ("utf-8-sig", "gb18030"))
        _need(records, ("content",), path)
        for line, record in enumerate(records, start=2):
            rows.append(LabelledRow(check_text(record["content"], where=f"{path} line {line}"), label))
    return rows


def convert_mendeley_smishing(location: Path | str) -> list[LabelledRow]:
    """Rows of ``Dataset_5971.csv`` (``location`` is the file or its data-set folder)."""
    path = _file(location, "Dataset_5971.csv")
    records = _open_rows(path)
    _need(records, ("LABEL", "TEXT"), path)
    rows = []
    for line, record in enumerate(records, start=2):
        raw_label = record["LABEL"].strip().lower()
        if raw_label not in MENDELEY_SMISHING_LABELS:
            raise CsvFormatError(str(path), f"line {line}: unknown label {record['LABEL']!r}")
        text = check_text(record["TEXT"], where=f"{path} line {line}")
        rows.append(LabelledRow(text, MENDELEY_SMISHING_LABELS[raw_label]))
    return rows


def _dataset_infos() -> dict[str, DatasetInfo]:
    document = json.loads(
        (files("jointdesk.typology") / "data" / "datasets.json").read_text(encoding="utf-8")
    )
    return {
        name: DatasetInfo(
            name=name,
            language=raw["language"],
            source=raw["source"],
            licence=raw["licence"],
            citation=raw["citation"],
            label_mapping=MappingProxyType(dict(raw["label_mapping"])),
            caveats=tuple(raw["caveats"]),
        )
        for name, raw in document.items()
    }


DATASETS: Mapping[str, DatasetInfo] = MappingProxyType(_dataset_infos())
CONVERTERS: Mapping[str, Callable[[Path | str], list[LabelledRow]]] = MappingProxyType(
    {"telecom-fraud-5": convert_telecom_fraud_5, "mendeley-smishing": convert_mendeley_smishing}
)
