"""Kinship searches (dna.md §3.6): relatives' references against unidentified remains and back,
ranked by the kinship likelihood ratio; results are candidates for a person to review."""

from __future__ import annotations

import uuid

from jointdesk import audit
from jointdesk.authz import Permission, Principal, ensure
from jointdesk.db.uow import UnitOfWork
from jointdesk.dna import repository as repo
from jointdesk.dna.compute import RELATIONSHIPS, DnaError, kinship_lr, load_frequency_table
from jointdesk.dna.events import DnaEvent
from jointdesk.dna.models import DnaMatch
from jointdesk.dna.rules import Category, MatchStatus, kinship_targets
from jointdesk.dna.schemas import MatchView
from jointdesk.dna.search import views
from jointdesk.dna.service import to_compute
from jointdesk.kernel.errors import InvalidInput
from jointdesk.kernel.ids import new_id

MIN_LR = 1.0  # report only candidates the data support over "unrelated"
MAX_CANDIDATES = 50


def kinship_search(
    uow: UnitOfWork, principal: Principal, *, profile_id: uuid.UUID, relationship: str, theta: float = 0.01
) -> list[MatchView]:
    query = repo.visible_profile(uow, principal, profile_id)
    ensure(principal, Permission.DNA_SEARCH_RUN, query)
    targets = kinship_targets(Category(query.specimen_category))
    if not targets:
        raise InvalidInput(
            f"{query.specimen_category} profiles take no part in kinship searches", field="profile_id"
        )
    if relationship not in RELATIONSHIPS or relationship == "unrelated":
        raise InvalidInput(
            f"relationship must be one of {', '.join(sorted(RELATIONSHIPS))}", field="relationship"
        )
    table = load_frequency_table()
    universe = repo.agency_profiles(
        uow, query.owner_agency_id, categories=[t.value for t in targets], sandbox=query.sandbox
    )
    scored = []
    for candidate in universe:
        try:
            result = kinship_lr(
                to_compute(query), to_compute(candidate), table, RELATIONSHIPS[relationship], theta=theta
            )
        except DnaError:
            continue
        if result.lr >= MIN_LR:
            scored.append((result.lr, len(result.loci), candidate))
    scored.sort(key=lambda item: -item[0])
    rows = [
        _row(uow, query.id, query.owner_agency_id, relationship, lr, loci, c.id)
        for lr, loci, c in scored[:MAX_CANDIDATES]
    ]
    uow.session.add_all(rows)
    uow.session.flush()
    audit.record(
        uow,
        principal,
        DnaEvent.SEARCH_RUN,
        target=("dna_profile", str(query.id)),
        fields={"mode": f"kinship:{relationship}", "compared": len(universe), "candidates": len(rows)},
    )
    return views(uow, query, rows)


def _row(
    uow: UnitOfWork,
    query_id: uuid.UUID,
    agency_id: uuid.UUID,
    relationship: str,
    lr: float,
    loci: int,
    candidate_id: uuid.UUID,
) -> DnaMatch:
    return DnaMatch(
        id=new_id(),
        owner_agency_id=agency_id,
        query_profile_id=query_id,
        candidate_profile_id=candidate_id,
        mode="kinship",
        quality=relationship,
        loci_compared=loci,
        likelihood_ratio=lr,
        flags=["kinship"],
        status=MatchStatus.CANDIDATE.value,
        created_at=uow.clock.now(),
    )
