"""The search service answers from the in-memory index, kept in step with the database: the same
candidates as comparing profile by profile, fresh profiles found, deleted ones gone, scopes apart."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import delete, insert, select

from authz import dna_world
from jointdesk import dna
from jointdesk.authz import Role
from jointdesk.bootstrap import Container
from jointdesk.db import UnitOfWorkFactory
from jointdesk.dna import index_cache
from jointdesk.dna import repository as repo
from jointdesk.dna.models import DnaMatch, DnaProfile
from jointdesk.dna.rules import searchable_targets
from jointdesk.dna.sandbox import synthetic_loci
from jointdesk.dna.search import compare_one, likelihood_ratio
from support import Member, make_agency, make_user

LOCI = dna_world.LOCI
C = dna.Category
MODES = ("high", "moderate", "low", "prum")


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    index_cache.reset()
    yield
    index_cache.reset()


@pytest.fixture
def examiner(uow_factory: UnitOfWorkFactory) -> Member:
    return make_user(uow_factory, make_agency(uow_factory, "KH Lab", "KH"), "kh.dna", Role.DNA_EXAMINER)


def _cmd(category: dna.Category, loci: dict[str, str], **extra: object) -> dna.CreateProfile:
    return dna.CreateProfile.model_validate(
        {"specimen_category": category, "loci": loci, "legal_basis": "CPL 1", **extra}
    )


def _create(
    uow_factory: UnitOfWorkFactory,
    member: Member,
    category: dna.Category,
    loci: dict[str, str],
    **extra: object,
) -> dna.ProfileView:
    with uow_factory() as uow:
        view = dna.create_profile(uow, member.principal, cmd=_cmd(category, loci, **extra))
        uow.commit()
    return view


def _search(
    uow_factory: UnitOfWorkFactory, member: Member, profile_id: uuid.UUID, mode: str = "high"
) -> list[dna.MatchView]:
    with uow_factory() as uow:
        request = dna.SearchRequest.model_validate({"mode": mode})
        found = dna.run_search(uow, member.principal, profile_id=profile_id, request=request)
        uow.commit()
    return found


def _refs(found: list[dna.MatchView]) -> set[str]:
    return {m.candidate_profile_ref for m in found}


def _indexed(uow_factory: UnitOfWorkFactory, agency_id: uuid.UUID, *, sandbox: bool = False) -> int | None:
    with uow_factory() as uow:
        return index_cache.indexed_profiles(index_cache.scope_of(uow, agency_id, sandbox=sandbox))


def _variants(rng: random.Random) -> list[tuple[dna.Category, dict[str, str], bool]]:
    """Offenders, duplicates, partial stains, near matches, OL and * calls, two-person mixtures."""
    people = [synthetic_loci(rng) for _ in range(14)]
    items: list[tuple[dna.Category, dict[str, str], bool]] = [(C.OFFENDER, p, False) for p in people]
    items += [(C.ARRESTEE, dict(people[i]), False) for i in (0, 1)]
    for i in range(2, 7):
        names = rng.sample(sorted(people[i]), rng.randint(8, 14))
        items.append((C.FORENSIC_UNKNOWN, {n: people[i][n] for n in names}, False))
    for i in (7, 8):
        near = dict(people[i])
        locus = sorted(near)[i]
        first, second = near[locus].split(",")
        near[locus] = f"{first},{int(float(second)) + 1}"
        items.append((C.OFFENDER, near, False))
    odd = dict(people[9])
    odd[sorted(odd)[3]] = odd[sorted(odd)[3]].split(",")[0] + ",OL"
    odd[sorted(odd)[5]] = odd[sorted(odd)[5]].split(",")[0] + ",*"
    items.append((C.FORENSIC_UNKNOWN, odd, False))
    mixed = {n: ",".join(sorted(set(people[10][n].split(",")) | set(people[11][n].split(",")))) for n in LOCI}
    items.append((C.FORENSIC_MIXTURE, mixed, True))
    items.append((C.RELATIVE_REFERENCE, dict(people[12]), False))
    return items


def _expected(
    uow_factory: UnitOfWorkFactory, query_id: uuid.UUID, mode: str
) -> set[tuple[str, str, int, tuple[str, ...], float | None]]:
    """What the service answered before the index: every profile of the scope, one by one."""
    with uow_factory() as uow:
        query = uow.session.get(DnaProfile, query_id)
        assert query is not None
        categories = [t.value for t in searchable_targets(C(query.specimen_category))]
        universe = repo.agency_profiles(uow, query.owner_agency_id, categories=categories, sandbox=False)
        request = dna.SearchRequest.model_validate({"mode": mode})
        found = [compare_one(query, c, request) for c in universe if c.id != query.id]
        return {
            (f.candidate.profile_ref, f.quality, f.loci_compared, f.flags, likelihood_ratio(f))
            for f in found
            if f is not None
        }


def test_indexed_search_equals_profile_by_profile(uow_factory: UnitOfWorkFactory, examiner: Member) -> None:
    views = [
        _create(uow_factory, examiner, category, loci, mixture=mixture, consent_ref="C-1")
        for category, loci, mixture in _variants(random.Random(11))
    ]
    searched = [v for v in views if v.specimen_category is not C.RELATIVE_REFERENCE]
    for view in searched:
        for mode in MODES:
            got = {
                (m.candidate_profile_ref, m.quality, m.loci_compared, tuple(m.flags), m.likelihood_ratio)
                for m in _search(uow_factory, examiner, view.id, mode)
            }
            assert got == _expected(uow_factory, view.id, mode), (view.specimen_category, mode)
    assert _indexed(uow_factory, examiner.agency_id) == len(views)


def test_ranking_is_by_likelihood_ratio(uow_factory: UnitOfWorkFactory, examiner: Member) -> None:
    common = {"D8S1179": "8,9", "D21S11": "24.2,38", "D7S820": "6,14", "CSF1PO": "6,15"}  # not in the stain
    _create(uow_factory, examiner, C.OFFENDER, LOCI)
    _create(uow_factory, examiner, C.OFFENDER, LOCI | common)
    stain = _create(uow_factory, examiner, C.FORENSIC_UNKNOWN, {k: LOCI[k] for k in list(LOCI)[4:14]})
    found = _search(uow_factory, examiner, stain.id, "moderate")
    ratios = [m.likelihood_ratio or 0.0 for m in found]
    assert len(found) == 2 and ratios == sorted(ratios, reverse=True) and ratios[0] > ratios[1]


def test_a_committed_profile_is_found_and_a_deleted_one_is_not(
    uow_factory: UnitOfWorkFactory, examiner: Member
) -> None:
    stain = _create(uow_factory, examiner, C.FORENSIC_UNKNOWN, LOCI)
    assert _search(uow_factory, examiner, stain.id) == []
    assert _indexed(uow_factory, examiner.agency_id) == 1
    offender = _create(uow_factory, examiner, C.OFFENDER, LOCI)
    assert _refs(_search(uow_factory, examiner, stain.id)) == {offender.profile_ref}
    assert _indexed(uow_factory, examiner.agency_id) == 2  # added to the index, not rebuilt from scratch
    with uow_factory() as uow:
        uow.session.execute(delete(DnaMatch).where(DnaMatch.candidate_profile_id == offender.id))
        uow.session.delete(uow.session.get(DnaProfile, offender.id))
        uow.commit()
    assert _search(uow_factory, examiner, stain.id) == []
    assert _indexed(uow_factory, examiner.agency_id) == 1


def test_imported_profiles_are_found_by_the_next_search(
    uow_factory: UnitOfWorkFactory, examiner: Member
) -> None:
    stain = _create(uow_factory, examiner, C.FORENSIC_UNKNOWN, LOCI)
    assert _search(uow_factory, examiner, stain.id) == []
    _import(uow_factory, examiner, _lrmix({"LAB-1": LOCI}), C.OFFENDER)
    assert len(_search(uow_factory, examiner, stain.id)) == 1


def test_changes_inside_the_searching_transaction_count_and_a_rollback_leaves_nothing(
    uow_factory: UnitOfWorkFactory, examiner: Member
) -> None:
    stain = _create(uow_factory, examiner, C.FORENSIC_UNKNOWN, LOCI)
    assert _search(uow_factory, examiner, stain.id) == []
    with uow_factory() as uow:
        offender = dna.create_profile(uow, examiner.principal, cmd=_cmd(C.OFFENDER, LOCI))
        request = dna.SearchRequest(mode=dna.SearchMode.HIGH)
        found = dna.run_search(uow, examiner.principal, profile_id=stain.id, request=request)
        assert _refs(found) == {offender.profile_ref}
        uow.rollback()
    assert _search(uow_factory, examiner, stain.id) == []
    assert _indexed(uow_factory, examiner.agency_id) == 1


def test_changes_made_by_another_process_are_seen(
    uow_factory: UnitOfWorkFactory, examiner: Member, container: Container
) -> None:
    offender = _create(uow_factory, examiner, C.OFFENDER, LOCI)
    stain = _create(uow_factory, examiner, C.FORENSIC_UNKNOWN, LOCI)
    assert _refs(_search(uow_factory, examiner, stain.id)) == {offender.profile_ref}
    table = DnaProfile.__table__
    with container.engine.begin() as conn:  # no ORM session: nothing in this process is told
        row = conn.execute(select(table).where(table.c.id == offender.id)).mappings().one()
        twin = dict(row) | {"id": uuid.uuid4(), "profile_ref": "P-OTHERPROCESS01"}
        conn.execute(insert(table).values(twin))
    assert _refs(_search(uow_factory, examiner, stain.id)) == {offender.profile_ref, "P-OTHERPROCESS01"}
    with container.engine.begin() as conn:
        conn.execute(
            delete(DnaMatch.__table__).where(DnaMatch.__table__.c.candidate_profile_id == offender.id)
        )
        conn.execute(delete(table).where(table.c.id == offender.id))
    assert _refs(_search(uow_factory, examiner, stain.id)) == {"P-OTHERPROCESS01"}


def test_scopes_stay_apart(uow_factory: UnitOfWorkFactory, examiner: Member) -> None:
    other = make_user(uow_factory, make_agency(uow_factory, "TH Lab", "TH"), "th.dna", Role.DNA_EXAMINER)
    _create(uow_factory, other, C.OFFENDER, LOCI)
    sandboxed = _create(uow_factory, examiner, C.OFFENDER, LOCI, sandbox=True)
    stain = _create(uow_factory, examiner, C.FORENSIC_UNKNOWN, LOCI)
    assert _search(uow_factory, examiner, stain.id) == []  # neither another agency's nor the sandbox
    offender = _create(uow_factory, examiner, C.OFFENDER, LOCI)
    assert _refs(_search(uow_factory, examiner, stain.id)) == {offender.profile_ref}
    with uow_factory() as uow:
        found = dna.run_search(
            uow, examiner.principal, profile_id=sandboxed.id, request=dna.SearchRequest(), sandbox_only=True
        )
    assert found == []  # the sandbox offender never sees the real profiles
    assert _indexed(uow_factory, examiner.agency_id, sandbox=True) == 1


def _lrmix(samples: dict[str, dict[str, str]]) -> bytes:
    lines = ["SampleName,Marker,Allele1,Allele2"]
    for sample, loci in samples.items():
        for locus, alleles in loci.items():
            first, second = alleles.split(",")
            lines.append(f"{sample},{locus},{first},{second}")
    return ("\n".join(lines) + "\n").encode()


def _import(uow_factory: UnitOfWorkFactory, member: Member, data: bytes, category: dna.Category) -> None:
    with uow_factory() as uow:
        report = dna.import_profiles(
            uow,
            member.principal,
            data=data,
            fmt=dna.ImportFormat.LRMIX,
            filename="run.csv",
            category=category,
            legal_basis="CPL 1",
        )
        uow.commit()
    assert not report.rejected, report.rejected[:3]
