"""Per-person clearance of a transfer batch (TRF-02): the screening engine on a one-person document.

A person is cleared when the per-person aggregate (the rule results naming that person) is PASS or
WARN. TRF-03 always asks a rights reviewer to confirm the written non-refoulement assessment, so a
REVIEW is cleared only by a recorded review decision (``review_clearance``) on the exact document
that was screened; any change to the person or the record voids it. A BLOCK is never cleared here.
"""

from __future__ import annotations

import uuid
from typing import Any

from jointdesk import audit
from jointdesk.authz import Permission, Principal, ensure, ensure_readable
from jointdesk.cooperation import persons_repository as repo
from jointdesk.cooperation.models import CoopPerson, TransferBatch, TransferBatchEntry
from jointdesk.cooperation.person_events import CooperationPersonEvent as Event
from jointdesk.cooperation.persons import screening_person
from jointdesk.cooperation.persons_schemas import ClearanceReviewIn
from jointdesk.db.uow import UnitOfWork
from jointdesk.kernel.errors import Conflict, Forbidden
from jointdesk.screening import Outcome, ScreeningDocument, load_ruleset, screen
from jointdesk.screening.document import Authority, TransferDetails
from jointdesk.screening.outcomes import RuleResult, aggregate
from jointdesk.screening.persons import Person
from jointdesk.screening.vocabulary import RequestType

CLEARED = {Outcome.PASS.name, Outcome.WARN.name}


def clearance_document(uow: UnitOfWork, batch: TransferBatch, person: Person) -> ScreeningDocument:
    """One person, the batch's route and countries, the holding and the receiving agency."""
    sending = repo.agency(uow, batch.owner_agency_id)
    receiving = repo.agency(uow, batch.receiving_agency_id)
    return ScreeningDocument(
        request_id=f"{batch.ref}/{person.ref}",
        request_type=RequestType.TRANSFER,
        requesting=Authority(authority_id=str(sending.id), name=sending.name, country=sending.country),
        receiving=Authority(authority_id=str(receiving.id), name=receiving.name, country=receiving.country),
        offences=person.charges,
        persons=[person],
        transfer=TransferDetails.model_validate(
            {
                "route": batch.route,
                "sending_country": batch.sending_country,
                "destination_country": batch.destination_country,
                "declared_batch_size": 1,
            }
        ),
    )


def _rule(result: RuleResult) -> dict[str, Any]:
    return {
        "key": result.key,
        "rule_id": result.rule_id,
        "outcome": result.outcome.name,
        "absolute": result.absolute,
        "reason_codes": list(result.reason_codes),
        "missing_inputs": list(result.missing_inputs),
        "explanation": result.explanation,
    }


def assess_entry(uow: UnitOfWork, batch: TransferBatch, entry: TransferBatchEntry) -> None:
    """Screen the person alone and store the per-person clearance; keep a review of the same document."""
    person = screening_person(uow, entry.person_id, transfer_record=entry.record or None)
    document = clearance_document(uow, batch, person)
    result = screen(document, load_ruleset(), uow.clock.now())
    own = [r for r in result.per_rule if r.person_ref == person.ref]
    total = aggregate(own)
    previous = entry.clearance or {}
    review = previous.get("review")
    if review is not None and review.get("document_hash") != result.document_hash:
        review = None
    clearance = {
        "outcome": total.outcome.name,
        "absolute": total.absolute,
        "ruleset_version": result.ruleset_version,
        "ruleset_hash": result.ruleset_hash,
        "document_hash": result.document_hash,
        "screened_at": result.screened_at.isoformat(),
        "rules": [_rule(r) for r in own],
        "review_keys": [r.key for r in own if r.outcome is Outcome.REVIEW],
        "block_keys": [r.key for r in own if r.outcome is Outcome.BLOCK],
        "missing_inputs": list(dict.fromkeys(m for r in own for m in r.missing_inputs)),
        "review": review,
    }
    entry.clearance = clearance
    entry.cleared = is_cleared(clearance)
    entry.updated_at = uow.clock.now()


def is_cleared(clearance: dict[str, Any] | None) -> bool:
    if not clearance:
        return False
    if clearance["outcome"] in CLEARED:
        return True
    review = clearance.get("review")
    return (
        clearance["outcome"] == Outcome.REVIEW.name
        and review is not None
        and review.get("verdict") == "approved"
        and review.get("document_hash") == clearance["document_hash"]
        and set(clearance["review_keys"]) <= set(review.get("keys", []))
    )


def review_clearance(
    uow: UnitOfWork, principal: Principal, batch_id: uuid.UUID, person_id: uuid.UUID, cmd: ClearanceReviewIn
) -> TransferBatchEntry:
    """A rights reviewer outside the batch's author decides the person's REVIEW items (§2.1)."""
    ensure_readable(principal, Permission.COOPERATION_REQUEST_REVIEW)
    batch = repo.visible_batch(uow, principal, batch_id)
    if principal.user_id is not None and principal.user_id == batch.created_by:
        raise Forbidden("the author of a batch cannot review its clearances")
    entry = repo.entry(uow, batch.id, person_id)
    assess_entry(uow, batch, entry)
    clearance = entry.clearance or {}
    if clearance.get("block_keys"):
        raise Conflict("a BLOCK stands for this person; a review cannot lift it", field="person_id")
    if not clearance.get("review_keys"):
        raise Conflict("nothing to review for this person", field="person_id")
    verdict = "approved" if cmd.approve else "escalated"
    clearance["review"] = {
        "verdict": verdict,
        "keys": list(clearance["review_keys"]),
        "document_hash": clearance["document_hash"],
        "reviewer_id": str(principal.user_id or principal.username),
        "reviewer_agency_id": str(principal.agency_id or ""),
        "reasons": cmd.reasons,
        "at": uow.clock.now().isoformat(),
    }
    if not cmd.approve:
        clearance["outcome"] = Outcome.BLOCK.name
        clearance["block_keys"] = list(clearance["review_keys"])
    entry.clearance = dict(clearance)
    entry.cleared = is_cleared(entry.clearance)
    entry.updated_at = uow.clock.now()
    uow.session.flush()
    audit.record(
        uow,
        principal,
        Event.CLEARANCE_REVIEWED,
        target=("coop_transfer_batch", str(batch.id)),
        fields={"verdict": verdict, "rules": [k.split("@")[0] for k in clearance["review_keys"]]},
        private={"person_id": str(person_id), "reasons": cmd.reasons},
    )
    return entry


def assess_all(uow: UnitOfWork, batch: TransferBatch) -> list[TransferBatchEntry]:
    found = repo.entries(uow, batch.id)
    for entry in found:
        assess_entry(uow, batch, entry)
    uow.session.flush()
    return found


def batch_persons_for_request(uow: UnitOfWork, principal: Principal, batch_id: uuid.UUID) -> list[uuid.UUID]:
    """The persons of a batch that may go into the outbound transfer request: only those cleared,
    re-screened now so that a clearance can never be stale (TRF-02)."""
    batch = repo.visible_batch(uow, principal, batch_id)
    ensure(principal, Permission.COOPERATION_TRANSFER_MANAGE, batch)
    return [e.person_id for e in assess_all(uow, batch) if e.cleared]


def entry_counts(found: list[TransferBatchEntry]) -> dict[str, int]:
    counts = {"persons": len(found), "cleared": 0, "review": 0, "blocked": 0, "unassessed": 0}
    for entry in found:
        outcome = (entry.clearance or {}).get("outcome")
        if entry.cleared:
            counts["cleared"] += 1
        elif outcome is None:
            counts["unassessed"] += 1
        elif outcome == Outcome.BLOCK.name:
            counts["blocked"] += 1
        else:
            counts["review"] += 1
    return counts


def persons_of(uow: UnitOfWork, found: list[TransferBatchEntry]) -> dict[uuid.UUID, CoopPerson]:
    return repo.persons_by_id(uow, [e.person_id for e in found])
