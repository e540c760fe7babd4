"""Which typology model suggests types for reports, and how a new one becomes active (issue #4 §5).

A candidate is activated only by an administrator, only when it does not regress on the active
model's held-out data (or, against the shipped starter that has none, on its own held-out split),
and the activation is an audit event. Confirmed report labels are the training data of the next one.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select

from jointdesk import audit
from jointdesk.authz import Permission, Principal, ensure
from jointdesk.db.uow import UnitOfWork
from jointdesk.intel.events import IntelEvent
from jointdesk.intel.models import IntelReport, TypologyModel
from jointdesk.kernel.errors import InvalidInput
from jointdesk.kernel.ids import new_id
from jointdesk.typology.classifier import TypologyClassifier
from jointdesk.typology.corpus import LabelledRow
from jointdesk.typology.errors import TypologyError
from jointdesk.typology.holdout import regression_check
from jointdesk.typology.pipeline import load_held_out
from jointdesk.typology.storage import load_card, load_model, load_shipped_model, shipped_model_dir

MODEL_FILE = "model.skops"


class ActiveModel(BaseModel):
    version: str
    directory: str
    shipped: bool
    card: dict[str, Any]


def active_model(uow: UnitOfWork) -> ActiveModel:
    row = uow.session.scalar(select(TypologyModel).where(TypologyModel.status == "active"))
    if row is None:
        folder = shipped_model_dir()
        card = load_card(folder)
        return ActiveModel(
            version=str(card.get("version", "shipped")), directory=str(folder), shipped=True, card=card
        )
    return ActiveModel(version=row.version, directory=row.directory, shipped=False, card=row.card)


def confirmed_rows(uow: UnitOfWork, *, agency_id: uuid.UUID | None = None) -> list[LabelledRow]:
    """Narratives whose type a person confirmed: the agency's own training data."""
    stmt = select(IntelReport.narrative, IntelReport.typology_code).where(  # convention: allow - CLI export
        IntelReport.typology_confirmed.is_(True),
        IntelReport.typology_code.is_not(None),
        IntelReport.narrative != "",
        IntelReport.status == "active",
    )
    if agency_id is not None:
        stmt = stmt.where(IntelReport.owner_agency_id == agency_id)
    return [LabelledRow(text=text, label=str(code)) for text, code in uow.session.execute(stmt)]


def activate(
    uow: UnitOfWork, principal: Principal, candidate_dir: Path, *, store_root: Path, tolerance: float = 0.0
) -> dict[str, Any]:
    """Register and activate a candidate that does not regress; refused with the reasons otherwise."""
    ensure(principal, Permission.TYPOLOGY_MODEL_ACTIVATE)
    candidate, card = _load(candidate_dir, "candidate")
    version = str(card.get("version") or "")
    if not version or uow.session.scalar(select(TypologyModel.id).where(TypologyModel.version == version)):
        raise InvalidInput(f"model version {version!r} is missing or already registered", field="version")
    current = active_model(uow)
    active, _ = (
        _load(Path(current.directory), "active") if not current.shipped else (load_shipped_model(), {})
    )
    rows, basis = _comparison_rows(current, candidate_dir)
    report = regression_check(
        candidate, active, [r.text for r in rows], [r.label for r in rows], tolerance=tolerance
    )
    outcome = {**report.as_dict(), "basis": basis, "against": current.version}
    if not report.passed:
        raise InvalidInput("the candidate regresses: " + "; ".join(report.reasons), field="model")
    stored = _store(candidate_dir, store_root / version)
    for row in uow.session.scalars(select(TypologyModel).where(TypologyModel.status == "active")):
        row.status = "retired"
    uow.session.add(
        TypologyModel(
            id=new_id(),
            version=version,
            directory=str(stored),
            sha256=_sha256(stored / MODEL_FILE),
            status="active",
            card=card,
            regression=outcome,
            activated_by=principal.user_id,
            activated_at=uow.clock.now(),
        )
    )
    uow.session.flush()
    audit.record(
        uow,
        principal,
        IntelEvent.TYPOLOGY_MODEL_ACTIVATED,
        fields={"version": version[:40], "replaces": current.version[:40], "rows": report.rows},
        private={"regression": outcome},
    )
    return {"version": version, "directory": str(stored), **outcome}


def _load(folder: Path, what: str) -> tuple[TypologyClassifier, dict[str, Any]]:
    try:
        return load_model(folder), load_card(folder)
    except (TypologyError, OSError) as exc:
        raise InvalidInput(f"the {what} model cannot be loaded: {exc}", field="model") from exc


def _comparison_rows(current: ActiveModel, candidate_dir: Path) -> tuple[list[LabelledRow], str]:
    """The active model's held-out split; the shipped starter has none, so the candidate's own."""
    for folder, basis in (
        (Path(current.directory), "active held-out split"),
        (candidate_dir, "candidate held-out split"),
    ):
        try:
            rows = load_held_out(folder)
        except (TypologyError, OSError):
            continue
        if rows:
            return rows, basis
    raise InvalidInput(
        "neither model has a held-out split to compare on; train with --held-out", field="model"
    )


def _store(source: Path, target: Path) -> Path:
    """Copy the model into the node's own store, so deleting the training folder changes nothing."""
    if target.exists():
        raise InvalidInput(f"{target} already exists", field="version")
    shutil.copytree(source, target)
    return target


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
