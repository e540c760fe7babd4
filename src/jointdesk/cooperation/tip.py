"""Trafficking-victim gate (TIP-01; safeguards.md §4): Q1-Q15 by an independent screener.

Screener access: the holding agency shares the person (``share_person``) or a whole raid intake
(``share_intake``) with the screening service's agency; the screener (permission
``COOPERATION_TIP_SCREEN``) then sees the record through ``visible_to`` and records a screening.
A screener of the holding agency itself may record one, but it never counts as independent.
The outcome is computed by ``screening.questionnaire.score``; a presumptive victim gets the
non-punishment flag, a protection referral, a reflection period of at least 30 days and the
category ``victim`` (§4.4).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from jointdesk import audit
from jointdesk.authz import Permission, Principal, ensure_readable
from jointdesk.cooperation import persons_repository as repo
from jointdesk.cooperation.models import CoopPerson, TipScreeningRecord
from jointdesk.cooperation.person_events import CooperationPersonEvent as Event
from jointdesk.cooperation.persons import KIND
from jointdesk.cooperation.persons_schemas import TipScreeningIn, TipScreeningView
from jointdesk.db.uow import UnitOfWork
from jointdesk.kernel.errors import InvalidInput
from jointdesk.kernel.ids import new_id
from jointdesk.screening import TipScore, load_ruleset, score
from jointdesk.screening.persons import TraffickingScreening
from jointdesk.screening.questionnaire import validity_problems
from jointdesk.screening.ruleset import RuleSet
from jointdesk.screening.vocabulary import PersonCategory, TipOutcome

NGO_KIND = "ngo_screening_service"


def record_tip_screening(
    uow: UnitOfWork, principal: Principal, person_id: uuid.UUID, cmd: TipScreeningIn
) -> TipScreeningView:
    ensure_readable(principal, Permission.COOPERATION_TIP_SCREEN)
    if principal.agency_id is None or principal.user_id is None:
        raise InvalidInput("a screening is recorded by a named screener", field="screener")
    person = repo.visible_person(uow, principal, person_id)
    ruleset = load_ruleset()
    _check_items(cmd, ruleset)
    screening = _screening(uow, principal, person, cmd)
    tip = score(screening.answers, ruleset)
    problems = _problems(person, screening)
    record = TipScreeningRecord(
        id=new_id(),
        person_id=person.id,
        screener_id=principal.user_id,
        record=screening.model_dump(mode="json"),
        outcome=tip.outcome.value,
        score={
            "strong_yes": tip.strong_yes,
            "medium_yes": tip.medium_yes,
            "unsettled": list(tip.unsettled),
            "valid": not problems,
            "problems": problems,
            "notes": dict(cmd.notes),
        },
        completed_at=screening.completed_at,
    )
    uow.session.add(record)
    previous_category = person.category
    _apply_outcome(person, tip, screening.completed_at, ruleset, valid=not problems)
    person.updated_at = uow.clock.now()
    uow.session.flush()
    _audit(uow, principal, person, record, tip, problems, previous_category)
    return tip_view(person, record)


def _check_items(cmd: TipScreeningIn, ruleset: RuleSet) -> None:
    for item in cmd.answers:
        if item not in ruleset.weights:
            raise InvalidInput(f"unknown questionnaire item {item!r}", field=f"answers.{item}")
    for item in cmd.notes:
        if item not in ruleset.weights:
            raise InvalidInput(f"unknown questionnaire item {item!r}", field=f"notes.{item}")


def _screening(
    uow: UnitOfWork, principal: Principal, person: CoopPerson, cmd: TipScreeningIn
) -> TraffickingScreening:
    screener_agency = principal.agency_id or uuid.UUID(int=0)
    agency = repo.agency(uow, screener_agency)
    independent = screener_agency != person.owner_agency_id and (
        agency.kind == NGO_KIND or cmd.declared_independent
    )
    return TraffickingScreening(
        screening_id=str(new_id()),
        screener_ref=uow.secrets.staff_pseudonym(str(principal.user_id)),
        screener_organisation=agency.name,
        screener_independent_of_requesting_state=independent,
        interview_language=cmd.interview_language,
        interpreter=cmd.interpreter,
        setting=cmd.setting,
        answers=dict(cmd.answers),
        completed_at=cmd.completed_at or uow.clock.now(),
    )


def _problems(person: CoopPerson, screening: TraffickingScreening) -> list[str]:
    """§4.1 validity, and an interview in a language the person speaks (as TIP-01 checks)."""
    problems = validity_problems(screening)
    languages = person.facts.get("languages")
    if languages is None:
        problems.append("persons_languages_unknown")
    elif screening.interview_language not in languages and (
        screening.interpreter is None or screening.interpreter.language not in languages
    ):
        problems.append("no_interpreter_in_persons_language")
    return problems


def _apply_outcome(
    person: CoopPerson, tip: TipScore, completed_at: datetime, ruleset: RuleSet, *, valid: bool
) -> None:
    """§4.4. Protection applies even when the interview fell short (precaution); a flag once set
    is never dropped by a later screening: reclassification is a reviewer's decision."""
    if tip.outcome is TipOutcome.PRESUMPTIVE_VICTIM:
        reflection = (completed_at + timedelta(days=ruleset.thresholds.tip_reflection_days)).date()
        person.non_punishment = True
        person.protection_referral = True
        person.reflection_until = max(reflection, person.reflection_until or reflection)
        person.category = PersonCategory.VICTIM.value
        person.screening_status = "presumptive_victim"
        return
    if person.non_punishment:
        return
    person.screening_status = tip.outcome.value if valid else "rescreen_required"


def _audit(
    uow: UnitOfWork,
    principal: Principal,
    person: CoopPerson,
    record: TipScreeningRecord,
    tip: TipScore,
    problems: list[str],
    previous_category: str,
) -> None:
    target = (KIND, str(person.id))
    screening = TraffickingScreening.model_validate(record.record)
    interpreter = screening.interpreter
    if tip.outcome is TipOutcome.PRESUMPTIVE_VICTIM:
        audit.record(uow, principal, Event.TIP_REFERRAL, target=target, fields={"referral": True})
        audit.record(
            uow,
            principal,
            Event.TIP_REFLECTION_STARTED,
            target=target,
            fields={"until": person.reflection_until.isoformat() if person.reflection_until else None},
        )
    if previous_category != person.category:
        audit.record(
            uow,
            principal,
            Event.TIP_RECLASSIFIED,
            target=target,
            fields={"from": previous_category, "to": person.category},
        )
    audit.record(
        uow,
        principal,
        Event.TIP_SCREENING_COMPLETED,
        target=target,
        fields={
            "outcome": tip.outcome.value,
            "strong_yes": tip.strong_yes,
            "medium_yes": tip.medium_yes,
            "unsettled": len(tip.unsettled),
            "independent": screening.screener_independent_of_requesting_state,
            "interpreter": interpreter is not None,
            "interpreter_independent": bool(interpreter and interpreter.independent),
            "valid": not problems,
            "problems": problems,
        },
        private={"screening_id": str(record.id)},
    )


def list_tip_screenings(
    uow: UnitOfWork, principal: Principal, person_id: uuid.UUID
) -> list[TipScreeningView]:
    ensure_readable(principal, Permission.COOPERATION_PERSON_READ)
    person = repo.visible_person(uow, principal, person_id)
    return [tip_view(person, r) for r in repo.screenings(uow, person.id)]


def tip_view(person: CoopPerson, record: TipScreeningRecord) -> TipScreeningView:
    screening = TraffickingScreening.model_validate(record.record)
    return TipScreeningView(
        id=record.id,
        person_id=person.id,
        outcome=record.outcome,
        strong_yes=int(record.score.get("strong_yes", 0)),
        medium_yes=int(record.score.get("medium_yes", 0)),
        unsettled=list(record.score.get("unsettled", [])),
        valid=bool(record.score.get("valid", False)),
        problems=list(record.score.get("problems", [])),
        screener_organisation=screening.screener_organisation,
        independent=screening.screener_independent_of_requesting_state,
        completed_at=record.completed_at,
        screening_status=person.screening_status,
        category=person.category,
        non_punishment=person.non_punishment,
        protection_referral=person.protection_referral,
        reflection_until=person.reflection_until,
    )
