"""Saving and loading typology models: skops files (never plain pickle) plus a JSON model card.

A model directory holds ``model.skops`` and ``model_card.json``. The skops file contains only plain data
(the :meth:`~jointdesk.typology.classifier.TypologyClassifier.state` dict of numbers, strings and numpy
arrays), and it is loaded with an empty trusted-type list, so loading can never run code. The card
records data sources and licences, label mapping, metrics, date, version, library versions and the
model file's SHA-256, which :func:`load_model` checks before loading. Loading reads the skops file with
:mod:`jointdesk.typology.plainskops` (no scikit-learn import) and falls back to ``skops.io.load``.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from pathlib import Path
from typing import Any

from jointdesk.typology.classifier import TypologyClassifier
from jointdesk.typology.converters import DatasetInfo
from jointdesk.typology.errors import ModelFileError
from jointdesk.typology.plainskops import NotPlainData, read_plain_skops

MODEL_FILE = "model.skops"
CARD_FILE = "model_card.json"
CARD_SCHEMA = "jointdesk.typology.model-card/1"
LIBRARIES = ("numpy", "scipy", "scikit-learn", "skops")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _library_versions() -> dict[str, str]:
    found = {}
    for name in LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def build_card(
    model: TypologyClassifier,
    *,
    name: str,
    model_version: str,
    sources: Sequence[DatasetInfo] = (),
    metrics: Mapping[str, Any] | None = None,
    created: date | None = None,
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    """A model card for ``model``: what it was trained on, under which licences, and how well it did."""
    return {
        "schema": CARD_SCHEMA,
        "name": name,
        "version": model_version,
        "created": (created or date.today()).isoformat(),
        "typology_version": model.typology_version,
        "labels": list(model.labels),
        "non_fraud_labels": sorted(model.non_fraud_labels),
        "training_counts": dict(model.training_counts),
        "data_sources": [_source(info) for info in sources],
        "label_mapping": {info.name: dict(info.label_mapping) for info in sources},
        "languages": sorted({info.language for info in sources}),
        "metrics": dict(metrics or {}),
        "config": model.config.as_dict(),
        "selection": model.state()["selection"],
        "libraries": _library_versions(),
        "notes": list(notes),
    }


def _source(info: DatasetInfo) -> dict[str, Any]:
    return {
        "name": info.name,
        "language": info.language,
        "source": info.source,
        "licence": info.licence,
        "citation": info.citation,
        "caveats": list(info.caveats),
    }


def save_model(
    model: TypologyClassifier, directory: Path | str, card: Mapping[str, Any] | None = None
) -> Path:
    """Write ``model.skops`` and ``model_card.json`` into ``directory``; returns the model file path."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / MODEL_FILE
    import skops.io as sio  # type: ignore[import-untyped]  # noqa: PLC0415

    sio.dump(model.state(), path, compression=zipfile.ZIP_DEFLATED, compresslevel=6)
    full_card = dict(card) if card is not None else build_card(model, name=folder.name, model_version="0")
    full_card["model_file"] = {"name": MODEL_FILE, "sha256": _sha256(path), "bytes": path.stat().st_size}
    text = json.dumps(full_card, ensure_ascii=False, indent=2) + "\n"
    (folder / CARD_FILE).write_text(text, encoding="utf-8")
    return path


def _model_path(location: Path | str) -> Path:
    path = Path(location)
    return path / MODEL_FILE if path.is_dir() else path


def load_card(location: Path | str) -> dict[str, Any]:
    """The model card next to a model (``location`` is the model directory or its model file)."""
    card_path = _model_path(location).with_name(CARD_FILE)
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelFileError(f"cannot read model card {card_path}: {exc}") from exc
    if not isinstance(card, dict) or card.get("schema") != CARD_SCHEMA:
        raise ModelFileError(f"{card_path} is not a {CARD_SCHEMA} model card")
    return card


def _read_state(path: Path) -> Any:
    """Plain-data fast path; anything else goes through skops with no extra trusted types."""
    try:
        return read_plain_skops(path)
    except NotPlainData:
        import skops.io as sio  # noqa: PLC0415

        return sio.load(path, trusted=[])


def load_model(location: Path | str, *, verify: bool = True) -> TypologyClassifier:
    """Load a saved model. With ``verify`` (default) the card must exist and its SHA-256 must match."""
    path = _model_path(location)
    if not path.is_file():
        raise ModelFileError(f"no model file at {path}")
    if verify:
        recorded = load_card(path).get("model_file")
        expected = recorded.get("sha256") if isinstance(recorded, dict) else None
        if expected != _sha256(path):
            raise ModelFileError(f"{path} does not match the SHA-256 in its model card (damaged or replaced)")
    try:
        state = _read_state(path)
    except (zipfile.BadZipFile, KeyError, TypeError, ValueError, OSError) as exc:
        raise ModelFileError(f"cannot load {path}: {exc}") from exc
    if not isinstance(state, dict):
        raise ModelFileError(f"{path} does not hold a typology model state")
    return TypologyClassifier.from_state(state)


def shipped_model_dir() -> Path:
    """The folder of the starter model shipped with jointdesk."""
    return Path(str(files("jointdesk.typology") / "shipped"))


@cache
def load_shipped_model() -> TypologyClassifier:
    """The shipped starter model (loaded once per process; treat it as read-only)."""
    return load_model(shipped_model_dir())
