"""Training data in, model directory out: what ``jointdesk typology train`` does, as library calls.

* :func:`read_sources` reads labelled files in their own layouts: a ``text,label`` CSV, or a bundled
  data set through its documented converter (:mod:`jointdesk.typology.converters`); ``auto`` tells them
  apart by the header.
* :func:`train_model` removes duplicates, keeps a stratified held-out split (default 20 %) the model never
  sees, trains on the rest and scores the held-out split (:mod:`jointdesk.typology.holdout`).
* :func:`save_trained` writes ``model.skops``, ``model_card.json`` (with the held-out figures) and
  ``held_out.csv`` (the held-out rows, so activation can compare a later candidate on the same data);
  :func:`load_held_out` reads them back, checking the SHA-256 the card records.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jointdesk.typology.classifier import TypologyClassifier
from jointdesk.typology.converters import CONVERTERS, DATASETS, DatasetInfo
from jointdesk.typology.corpus import (
    LabelledRow,
    canonical_rows,
    deduplicate,
    label_counts,
    read_labelled_csv,
    write_labelled_csv,
)
from jointdesk.typology.errors import CsvFormatError, ModelFileError, TypologyError
from jointdesk.typology.holdout import DEFAULT_FRACTION, Split, held_out_report, held_out_split
from jointdesk.typology.storage import build_card, load_card, save_model
from jointdesk.typology.training import ClassifierConfig

TEXT_LABEL = "csv"
AUTO = "auto"
FORMATS = (AUTO, TEXT_LABEL, *CONVERTERS)
FORMAT_ALIASES = {"text-label": TEXT_LABEL, "mendeley": "mendeley-smishing", "telecom": "telecom-fraud-5"}
HELD_OUT_FILE = "held_out.csv"
_DEFAULT_FILES = {"telecom_fraud_5_utf8.csv": "telecom-fraud-5", "Dataset_5971.csv": "mendeley-smishing"}
_MENDELEY_HEADER = ("LABEL", "TEXT")
_TELECOM_HEADER = ("text", "label_id")


@dataclass(frozen=True)
class Source:
    """The rows of one input file, with its layout and, for a bundled data set, its provenance."""

    path: Path
    format: str
    rows: tuple[LabelledRow, ...]
    dataset: DatasetInfo | None = None

    def describe(self) -> dict[str, Any]:
        return {
            "file": self.path.name,
            "format": self.format,
            "rows": len(self.rows),
            "sha256": _sha256(self.path),
        }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _header(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            return [name.strip() for name in next(csv.reader(handle), [])]
    except OSError as exc:
        raise CsvFormatError(str(path), f"cannot read: {exc.strerror or exc}") from exc


def detect_format(path: Path) -> str:
    """The layout of ``path``: a bundled data set's folder or file, else a ``text,label`` CSV."""
    if path.is_dir():
        for name, fmt in _DEFAULT_FILES.items():
            if (path / name).is_file():
                return fmt
        raise CsvFormatError(str(path), "a folder, but not a bundled data set's: give a CSV file")
    header = _header(path)
    if all(column in header for column in _MENDELEY_HEADER):
        return "mendeley-smishing"
    if all(column in header for column in _TELECOM_HEADER) and "label" not in header:
        return "telecom-fraud-5"
    return TEXT_LABEL


def normalise_format(name: str) -> str:
    """A ``--format`` value as one of :data:`FORMATS` (aliases accepted) or a :class:`TypologyError`."""
    fmt = FORMAT_ALIASES.get(name.strip().lower(), name.strip().lower())
    if fmt not in FORMATS:
        raise TypologyError(f"unknown format {name!r}; use one of {', '.join(FORMATS)}")
    return fmt


def read_source(path: Path | str, fmt: str = AUTO, *, require_canonical: bool = False) -> Source:
    """Rows of one file in layout ``fmt`` (see the module docstring); canonical labels if required."""
    location = Path(path)
    chosen = normalise_format(fmt)
    if chosen == AUTO:
        chosen = detect_format(location)
    if chosen == TEXT_LABEL:
        return Source(
            location, chosen, tuple(read_labelled_csv(location, require_canonical=require_canonical))
        )
    rows = CONVERTERS[chosen](location)
    if require_canonical:
        rows = canonical_rows(rows)
    if location.is_dir():
        location = location / next(name for name, fmt in _DEFAULT_FILES.items() if fmt == chosen)
    return Source(location, chosen, tuple(rows), DATASETS[chosen])


def read_sources(
    paths: Sequence[Path | str], formats: Sequence[str] = (), *, require_canonical: bool = False
) -> list[Source]:
    """:func:`read_source` for every path; ``formats`` is empty (auto), one for all, or one per path."""
    if not paths:
        raise TypologyError("no data: give at least one --data file")
    if len(formats) > 1 and len(formats) != len(paths):
        raise TypologyError(f"{len(formats)} formats for {len(paths)} data files: give one, or one per file")
    chosen = list(formats) * len(paths) if len(formats) == 1 else list(formats) or [AUTO] * len(paths)
    return [
        read_source(p, f, require_canonical=require_canonical) for p, f in zip(paths, chosen, strict=True)
    ]


@dataclass(frozen=True)
class TrainingResult:
    """A trained model with its held-out split and figures."""

    model: TypologyClassifier
    split: Split | None
    data: dict[str, Any]
    held_out: dict[str, Any] | None
    fraction: float
    seed: int
    sources: tuple[Source, ...] = field(default=())


def train_model(
    rows: Sequence[LabelledRow],
    *,
    canonical: bool = True,
    held_out_fraction: float = DEFAULT_FRACTION,
    seed: int = 0,
    config: ClassifierConfig | None = None,
    always_held_out: Collection[str] = (),
) -> TrainingResult:
    """De-duplicate, hold out ``held_out_fraction`` (0 trains on everything), train, score the held-out rows.

    ``canonical`` requires canonical typology labels (a model for reports); otherwise any label set.
    ``always_held_out`` are texts the model must not train on (e.g. the active model's held-out split).
    """
    unique = deduplicate(canonical_rows(rows) if canonical else rows)
    split = None
    if held_out_fraction > 0:
        split = held_out_split(
            unique.rows, fraction=held_out_fraction, seed=seed, always_held_out=always_held_out
        )
    train_rows = split.train if split is not None else unique.rows
    model = TypologyClassifier(config or ClassifierConfig(seed=seed))
    model.fit([r.text for r in train_rows], [r.label for r in train_rows], require_canonical=canonical)
    data = {
        "rows_in": len(rows),
        "duplicates_removed": unique.duplicates_removed,
        "conflicting_rows_dropped": unique.conflicting_rows_dropped,
        "rows_used": len(unique.rows),
        "rows_trained_on": len(train_rows),
        "class_counts": label_counts(unique.rows),
    }
    if split is None:
        return TrainingResult(model, None, data, None, 0.0, seed)
    return TrainingResult(model, split, data, held_out_report(model, split.held_out), held_out_fraction, seed)


def train_sources(sources: Sequence[Source], **options: Any) -> TrainingResult:
    """:func:`train_model` on the rows of every source; the result remembers the sources."""
    result = train_model([row for source in sources for row in source.rows], **options)
    return TrainingResult(
        result.model, result.split, result.data, result.held_out, result.fraction, result.seed, tuple(sources)
    )


def save_trained(
    result: TrainingResult,
    directory: Path | str,
    *,
    name: str,
    model_version: str,
    notes: Sequence[str] = (),
    created: date | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Path:
    """Write the model, its card (held-out figures) and ``held_out.csv``; return the folder."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    datasets = {s.dataset.name: s.dataset for s in result.sources if s.dataset is not None}
    card = build_card(
        result.model, name=name, model_version=model_version, sources=list(datasets.values()),
        created=created, notes=notes,
    )  # fmt: skip
    card["training_data"] = {**result.data, "files": [source.describe() for source in result.sources]}
    card["held_out"] = _held_out_card(result, folder)
    card.update(extra or {})
    save_model(result.model, folder, card)
    return folder


def _held_out_card(result: TrainingResult, folder: Path) -> dict[str, Any] | None:
    stale = folder / HELD_OUT_FILE
    if result.split is None or result.held_out is None:
        stale.unlink(missing_ok=True)
        return None
    write_labelled_csv(result.split.held_out, stale)
    return {
        "fraction": result.fraction,
        "seed": result.seed,
        "stratified": True,
        "file": HELD_OUT_FILE,
        "sha256": _sha256(stale),
        **result.held_out,
    }


def load_held_out(model_dir: Path | str) -> list[LabelledRow]:
    """The held-out rows saved with a model (checked against its card's SHA-256)."""
    folder = Path(model_dir)
    recorded = load_card(folder).get("held_out")
    if not isinstance(recorded, dict):
        raise ModelFileError(f"{folder}: the model card records no held-out split")
    path = folder / str(recorded.get("file", HELD_OUT_FILE))
    if not path.is_file() or _sha256(path) != recorded.get("sha256"):
        raise ModelFileError(f"{path} is missing or does not match the SHA-256 in the model card")
    return read_labelled_csv(path)
