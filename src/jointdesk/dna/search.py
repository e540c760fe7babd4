"""Searches inside the caller's agency under the category policy; candidates await a person."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from jointdesk import audit
from jointdesk.authz import Permission, Principal, ensure
from jointdesk.db.uow import UnitOfWork
from jointdesk.dna import index_cache
from jointdesk.dna import repository as repo
from jointdesk.dna.compute import (
    CodisPolicy,
    DnaError,
    PrumPolicy,
    Stringency,
    codis_match,
    load_frequency_table,
    profile_rmp,
    prum_compare,
    prum_export,
)
from jointdesk.dna.events import DnaEvent
from jointdesk.dna.index import Candidate
from jointdesk.dna.models import DnaMatch, DnaProfile
from jointdesk.dna.rules import Category, MatchStatus, SearchMode, check_transition, searchable_targets
from jointdesk.dna.schemas import DecideMatch, MatchView, SearchRequest
from jointdesk.dna.service import to_compute
from jointdesk.kernel.errors import InvalidInput, NotFound
from jointdesk.kernel.ids import new_id

STRINGENCY = {
    SearchMode.HIGH: Stringency.HIGH,
    SearchMode.MODERATE: Stringency.MODERATE,
    SearchMode.LOW: Stringency.LOW,
}


@dataclass(frozen=True)
class Found:
    candidate: DnaProfile
    mode: SearchMode
    quality: str
    loci_compared: int
    flags: tuple[str, ...]


def compare_one(query: DnaProfile, candidate: DnaProfile, request: SearchRequest) -> Found | None:
    """One comparison under the requested policy (pure compute core): the reference the indexed
    search equals, candidate for candidate."""
    q, c = to_compute(query), to_compute(candidate)
    if request.mode is SearchMode.PRUM:
        try:
            result = prum_compare(prum_export(q), prum_export(c), PrumPolicy())
        except DnaError:
            return None  # mixtures and non-exportable profiles never take part in Prüm (§3.4)
        if not result.hit or result.quality is None:
            return None
        return Found(candidate, request.mode, result.quality.value, result.common_full_loci, ())
    outcome = codis_match(q, c, CodisPolicy(stringency=STRINGENCY[request.mode], min_loci=request.min_loci))
    if not outcome.match:
        return None
    flags = _flags(outcome.partial_match, outcome.involves_off_ladder, outcome.involves_wildcard)
    return Found(candidate, request.mode, request.mode.value, outcome.passing_loci, flags)


def likelihood_ratio(found: Found) -> float | None:
    """1/RMP of the candidate for single-source candidates (ranking only, never a decision)."""
    if found.candidate.mixture:
        return None
    try:
        return 1.0 / profile_rmp(to_compute(found.candidate), load_frequency_table()).rmp
    except DnaError:
        return None


def _load_query(
    uow: UnitOfWork, principal: Principal, profile_id: uuid.UUID, *, sandbox_only: bool
) -> DnaProfile:
    query = repo.visible_profile(uow, principal, profile_id)
    if sandbox_only and not query.sandbox:
        raise NotFound("sandbox profile not found")  # the sandbox never reaches real data
    return query


def run_search(
    uow: UnitOfWork,
    principal: Principal,
    *,
    profile_id: uuid.UUID,
    request: SearchRequest,
    sandbox_only: bool = False,
) -> list[MatchView]:
    query = _load_query(uow, principal, profile_id, sandbox_only=sandbox_only)
    ensure(principal, Permission.DNA_SANDBOX_USE if query.sandbox else Permission.DNA_SEARCH_RUN, query)
    targets = searchable_targets(Category(query.specimen_category))
    if not targets:
        raise InvalidInput(
            f"{query.specimen_category} profiles are not searched directly (dna.md §3.6)", field="profile_id"
        )
    categories = sorted(t.value for t in targets)
    searched = _indexed(uow, query, request, categories) or _scanned(uow, query, request, categories)
    found, compared = searched
    rows = [_match_row(uow, query, f) for f in found]
    uow.session.add_all(rows)
    uow.session.flush()
    audit.record(
        uow,
        principal,
        DnaEvent.SEARCH_RUN,
        target=("dna_profile", str(query.id)),
        fields={
            "mode": request.mode.value,
            "compared": compared,
            "candidates": len(rows),
            "sandbox": query.sandbox,
        },
    )
    return views(uow, query, sorted(rows, key=lambda r: -(r.likelihood_ratio or 0.0)))


def search_policy(request: SearchRequest) -> CodisPolicy | PrumPolicy:
    """The compute policy of a search request."""
    if request.mode is SearchMode.PRUM:
        return PrumPolicy()
    return CodisPolicy(stringency=STRINGENCY[request.mode], min_loci=request.min_loci)


def _indexed(
    uow: UnitOfWork, query: DnaProfile, request: SearchRequest, categories: list[str]
) -> tuple[list[Found], int] | None:
    """Candidates from the agency's in-memory index (``None``: compare row by row instead)."""
    scope = index_cache.scope_of(uow, query.owner_agency_id, sandbox=query.sandbox)
    result = index_cache.search(uow, scope, query, search_policy(request), categories)
    if result is None:
        return None
    hits = [c for c in result.candidates if c.profile_ref != query.profile_ref]
    stored = repo.scope_profiles_by_ref(
        uow, query.owner_agency_id, [c.profile_ref for c in hits], sandbox=query.sandbox
    )
    if len(stored) != len(hits):  # the index was out of step with the table: never trust it then
        index_cache.invalidate(scope)
        return None
    return [_found(stored[c.profile_ref], c, request.mode) for c in hits], result.compared


def _found(candidate: DnaProfile, hit: Candidate, mode: SearchMode) -> Found:
    """The index's candidate as :func:`compare_one` reports it."""
    if mode is SearchMode.PRUM:
        return Found(candidate, mode, str(hit.quality.value), hit.passing_loci, ())
    flags = _flags(hit.partial_match, hit.involves_off_ladder, hit.involves_wildcard)
    return Found(candidate, mode, mode.value, hit.passing_loci, flags)


def _flags(partial: bool, off_ladder: bool, wildcard: bool) -> tuple[str, ...]:
    named = (("partial_match", partial), ("involves_off_ladder", off_ladder), ("involves_wildcard", wildcard))
    return tuple(name for name, on in named if on)


def _scanned(
    uow: UnitOfWork, query: DnaProfile, request: SearchRequest, categories: list[str]
) -> tuple[list[Found], int]:
    """Profile by profile (the reference behaviour; used inside a transaction that changed the scope)."""
    universe = repo.agency_profiles(uow, query.owner_agency_id, categories=categories, sandbox=query.sandbox)
    found = [c for c in universe if c.id != query.id]
    return [f for c in found if (f := compare_one(query, c, request)) is not None], len(universe)


def _match_row(uow: UnitOfWork, query: DnaProfile, found: Found) -> DnaMatch:
    return DnaMatch(
        id=new_id(),
        owner_agency_id=query.owner_agency_id,
        query_profile_id=query.id,
        candidate_profile_id=found.candidate.id,
        mode=found.mode.value,
        quality=found.quality,
        loci_compared=found.loci_compared,
        likelihood_ratio=likelihood_ratio(found),
        flags=list(found.flags),
        status=MatchStatus.CANDIDATE.value,
        created_at=uow.clock.now(),
    )


def views(uow: UnitOfWork, query: DnaProfile, rows: list[DnaMatch]) -> list[MatchView]:
    profiles = repo.profiles_by_id(uow, {r.candidate_profile_id for r in rows})
    return [
        MatchView(
            id=r.id,
            query_profile_ref=query.profile_ref,
            candidate_profile_ref=profiles[r.candidate_profile_id].profile_ref,
            candidate_category=profiles[r.candidate_profile_id].specimen_category,
            mode=r.mode,
            quality=r.quality,
            loci_compared=r.loci_compared,
            likelihood_ratio=r.likelihood_ratio,
            flags=list(r.flags),
            status=r.status,
            reason=r.reason,
        )
        for r in rows
    ]


def list_matches(uow: UnitOfWork, principal: Principal, *, profile_id: uuid.UUID) -> list[MatchView]:
    query = repo.visible_profile(uow, principal, profile_id)
    ensure(principal, Permission.DNA_SANDBOX_USE if query.sandbox else Permission.DNA_PROFILE_READ, query)
    return views(uow, query, repo.matches_for(uow, principal, query.id))


def decide_match(
    uow: UnitOfWork,
    principal: Principal,
    *,
    match_id: uuid.UUID,
    cmd: DecideMatch,
    sandbox_only: bool = False,
) -> MatchView:
    """A person confirms or refutes a candidate (recorded); a confirmed candidate becomes a hit."""
    match = repo.visible_match(uow, principal, match_id)
    query = _load_query(uow, principal, match.query_profile_id, sandbox_only=sandbox_only)
    ensure(principal, Permission.DNA_SANDBOX_USE if query.sandbox else Permission.DNA_MATCH_CONFIRM, match)
    target = MatchStatus.CONFIRMED if cmd.confirm else MatchStatus.REFUTED
    check_transition(match.status, target)
    match.status, match.reason = target.value, cmd.reason
    match.decided_by, match.decided_at = principal.user_id, uow.clock.now()
    if cmd.confirm:
        match.status = MatchStatus.HIT.value
    event = DnaEvent.MATCH_CONFIRMED if cmd.confirm else DnaEvent.MATCH_REFUTED
    audit.record(
        uow,
        principal,
        event,
        target=("dna_match", str(match.id)),
        fields={"quality": match.quality, "mode": match.mode, "loci": match.loci_compared},
        private={"reason": cmd.reason},
    )
    return views(uow, query, [match])[0]
