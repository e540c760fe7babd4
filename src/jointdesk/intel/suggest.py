"""Typology suggestions for report narratives (issue #4): a suggestion, never a decision.

The suggestion is stored beside the report with the model version and confidence; only a person
sets ``typology_code`` (``service.confirm_typology``). Reports imported in bulk get theirs from
the periodic ``intel.suggest`` job, in batches.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from jointdesk.db.uow import UnitOfWork
from jointdesk.intel import repository as repo
from jointdesk.intel.classifier_models import active_model
from jointdesk.typology.classifier import Prediction, TypologyClassifier
from jointdesk.typology.storage import load_model, load_shipped_model

BATCH = 500


@cache
def _load(directory: str, shipped: bool) -> TypologyClassifier:
    """One load per model version and process (under a second; the files are verified by hash)."""
    return load_shipped_model() if shipped else load_model(directory)


def suggestions(uow: UnitOfWork, texts: Sequence[str]) -> list[dict[str, Any] | None]:
    """One suggestion per text from the active model (None for an empty text)."""
    current = active_model(uow)
    model, version = _load(current.directory, current.shipped), current.version
    wanted = [i for i, text in enumerate(texts) if text and text.strip()]
    found: list[dict[str, Any] | None] = [None] * len(texts)
    if not wanted:
        return found
    for index, prediction in zip(wanted, model.classify([texts[i] for i in wanted]), strict=True):
        found[index] = _as_dict(prediction, version)
    return found


def _as_dict(prediction: Prediction, version: str) -> dict[str, Any]:
    return {
        "code": prediction.typology_code,
        "label": prediction.label,
        "probability": round(prediction.probability, 4),
        "fraud_probability": round(prediction.fraud_probability, 4),
        "alternatives": [[label, round(p, 4)] for label, p in prediction.alternatives],
        "model_version": version,
    }


def fill_missing(uow: UnitOfWork, *, limit: int = BATCH) -> int:
    """Suggest for reports that have a narrative but no suggestion yet; returns how many."""
    reports = repo.reports_without_suggestion(uow, limit)
    for report, suggestion in zip(reports, suggestions(uow, [r.narrative for r in reports]), strict=True):
        report.suggestion = suggestion or {"code": None, "label": None, "probability": 0.0}
    uow.session.flush()
    return len(reports)
