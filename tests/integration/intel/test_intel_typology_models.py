"""Confirmed report labels train a candidate; only a non-regressing one is activated, by an admin."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy import select

from jointdesk import intel
from jointdesk.audit.models import AuditEvent
from jointdesk.authz import Role
from jointdesk.db import UnitOfWorkFactory
from jointdesk.intel import classifier_models
from jointdesk.intel.suggest import suggestions
from jointdesk.kernel.errors import Forbidden, InvalidInput
from jointdesk.typology.corpus import LabelledRow
from jointdesk.typology.pipeline import save_trained, train_model
from support import Member, make_agency, make_user

TEMPLATES = {
    "IMP.GOV": [
        "Officer {name} of the {city} police said my ID was used for money laundering and I must move {amount} to a safe account",
        "A caller claiming to be from the {city} procuratorate showed an arrest warrant and demanded {amount} as bail",
        "Man in police uniform on video call said my bank card is linked to a crime in {city}, transfer {amount} now",
    ],
    "INV.PB": [
        "{name} I met on a dating app taught me to trade crypto on a platform, I deposited {amount} and cannot withdraw",
        "Investment mentor {name} promised 30% returns on gold trading, the app showed profit but froze my {amount}",
        "My online friend {name} said her uncle has insider stock tips, I put {amount} into the trading site",
    ],
    "TASK": [
        "Part-time job liking videos paid small amounts first, then asked me to prepay {amount} for a combo task",
        "Recruiter {name} on Telegram offered commission for rating hotels, I had to top up {amount} to unlock tasks",
        "Online order brushing job in {city}: pay {amount} first and get it back with commission, they vanished",
    ],
}
NAMES = ["Chen", "Wang", "Anna", "Somchai", "Linh", "Maria", "Kenji", "Ahmad"]
CITIES = ["Shanghai", "Bangkok", "Hanoi", "Manila", "Kunming", "Guangzhou"]


def _rows(n_per_class: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    rows = []
    for code, templates in TEMPLATES.items():
        for i in range(n_per_class):
            text = rng.choice(templates).format(
                name=rng.choice(NAMES), city=rng.choice(CITIES), amount=f"{rng.randint(2, 900) * 100} yuan"
            )
            rows.append((f"{text} (case {seed}-{i})", code))
    return rows


@pytest.fixture
def people(uow_factory: UnitOfWorkFactory) -> tuple[Member, Member]:
    agency = make_agency(uow_factory, "CN ASC", "CN")
    return make_user(uow_factory, agency, "inv", Role.INVESTIGATOR), make_user(
        uow_factory, agency, "admin", Role.ADMINISTRATOR
    )


def _train(rows: list[LabelledRow], folder: Path, version: str) -> Path:
    result = train_model(rows, canonical=True, held_out_fraction=0.25, seed=1)
    return save_trained(result, folder, name="agency model", model_version=version)


def test_confirmed_labels_train_a_model_that_is_activated_and_then_suggests(
    uow_factory: UnitOfWorkFactory, people: tuple[Member, Member], tmp_path: Path
) -> None:
    investigator, admin = people
    with uow_factory() as uow:
        for text, code in _rows(40, seed=7):
            intel.file_report(
                uow, investigator.principal, intel.ReportIn(narrative=text, typology_code=code), suggest=False
            )
        intel.file_report(
            uow, investigator.principal, intel.ReportIn(narrative="unconfirmed story"), suggest=False
        )
        uow.commit()
        rows = classifier_models.confirmed_rows(uow)
    assert len(rows) == 120 and {r.label for r in rows} == set(TEMPLATES)
    candidate = _train(rows, tmp_path / "candidate", "agency-2026-11")
    with uow_factory() as uow:
        with pytest.raises(Forbidden):
            classifier_models.activate(uow, investigator.principal, candidate, store_root=tmp_path / "store")
        outcome = classifier_models.activate(uow, admin.principal, candidate, store_root=tmp_path / "store")
        uow.commit()
    assert outcome["passed"] and outcome["basis"] == "candidate held-out split"
    with uow_factory() as uow:
        active = classifier_models.active_model(uow)
        suggestion = suggestions(uow, ["A caller from the Kunming police said my card was used in a crime"])[
            0
        ]
        events = uow.session.scalars(select(AuditEvent.event_type)).all()
    assert active.version == "agency-2026-11" and not active.shipped
    assert (
        suggestion is not None
        and suggestion["code"] == "IMP.GOV"
        and suggestion["model_version"] == active.version
    )
    assert "intel.typology_model_activated" in events


def test_a_regressing_candidate_is_refused_with_its_reasons(
    uow_factory: UnitOfWorkFactory, people: tuple[Member, Member], tmp_path: Path
) -> None:
    _, admin = people
    good = [LabelledRow(text, code) for text, code in _rows(40, seed=3)]
    with uow_factory() as uow:
        classifier_models.activate(
            uow, admin.principal, _train(good, tmp_path / "good", "good-1"), store_root=tmp_path
        )
        uow.commit()
    rng = random.Random(5)
    noise = [LabelledRow(r.text, rng.choice(list(TEMPLATES))) for r in good]  # labels shuffled: a bad model
    worse = _train(noise, tmp_path / "worse", "worse-1")
    with uow_factory() as uow, pytest.raises(InvalidInput, match="regresses"):
        classifier_models.activate(uow, admin.principal, worse, store_root=tmp_path)
    with uow_factory() as uow:
        assert classifier_models.active_model(uow).version == "good-1"
