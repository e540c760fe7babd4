"""Done-when of issue #6 through the service: the 1,036 NIST genotypes, imported as offenders and again
as crime-scene stains, each stain finds its own genotype and only it at high stringency."""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from jointdesk import dna
from jointdesk.authz import Role
from jointdesk.db import UnitOfWorkFactory
from jointdesk.dna import index_cache
from jointdesk.dna.models import DnaProfile
from support import Member, make_agency, make_user

DATASET = Path(
    os.environ.get(
        "JOINTDESK_STR_DATASET",
        str(Path(__file__).resolve().parents[4] / "shared" / "datasets" / "str-frequencies"),
    )
)
GENOTYPES = DATASET / "nist1036_genotypes.csv"


def _lrmix(prefix: str) -> tuple[bytes, dict[str, str]]:
    """The genotypes as an LRmix reference CSV, and each sample's genotype key."""
    lines, keys = ["SampleName,Marker,Allele1,Allele2"], {}
    with GENOTYPES.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            sample = prefix + row["sample"]
            loci = sorted({key.rsplit("_", 1)[0] for key in row if key not in {"sample", "population"}})
            calls = [(locus, row[f"{locus}_1"], row[f"{locus}_2"]) for locus in loci]
            lines += [f"{sample},{locus},{first},{second}" for locus, first, second in calls]
            keys[sample] = repr(sorted((locus, *sorted((a, b))) for locus, a, b in calls))
    return ("\n".join(lines) + "\n").encode(), keys


def _import(uow_factory: UnitOfWorkFactory, member: Member, data: bytes, category: dna.Category) -> None:
    with uow_factory() as uow:
        report = dna.import_profiles(
            uow,
            member.principal,
            data=data,
            fmt=dna.ImportFormat.LRMIX,
            filename="nist1036.csv",
            category=category,
            legal_basis="CPL 1",
        )
        uow.commit()
    assert (report.imported, report.rejected) == (1036, [])


@pytest.mark.slow
def test_every_nist_genotype_finds_itself_and_only_itself(uow_factory: UnitOfWorkFactory) -> None:
    if not GENOTYPES.is_file():
        pytest.skip(f"shared STR dataset not found at {DATASET}")
    index_cache.reset()
    member = make_user(uow_factory, make_agency(uow_factory, "NIST Lab", "KH"), "kh.nist", Role.DNA_EXAMINER)
    offenders, keys = _lrmix("")
    stains, _ = _lrmix("S-")
    _import(uow_factory, member, offenders, dna.Category.OFFENDER)
    _import(uow_factory, member, stains, dna.Category.FORENSIC_UNKNOWN)
    with uow_factory() as uow:
        stmt = select(DnaProfile.source_ref, DnaProfile.profile_ref)
        by_sample = {sample: ref for sample, ref in uow.session.execute(stmt) if sample}
    assert len(by_sample) == 2 * 1036
    same: dict[str, set[str]] = {}  # genotype → references of its offenders and stains
    for sample, key in keys.items():
        same.setdefault(key, set()).update({by_sample[sample], by_sample["S-" + sample]})
    request = dna.SearchRequest(mode=dna.SearchMode.HIGH)
    start = time.perf_counter()
    with uow_factory() as uow:
        for sample in keys:
            stain_ref = by_sample["S-" + sample]
            profile_id = dna.profile_id_by_ref(uow, member.principal, stain_ref)
            found = dna.run_search(uow, member.principal, profile_id=profile_id, request=request)
            assert {m.candidate_profile_ref for m in found} == same[keys[sample]] - {stain_ref}, sample
            assert all(m.quality == "high" for m in found)
        scope = index_cache.scope_of(uow, member.agency_id, sandbox=False)
        uow.rollback()
    assert index_cache.indexed_profiles(scope) == 2 * 1036  # answered by the index, not a scan
    elapsed = time.perf_counter() - start
    assert elapsed < 120, f"1,036 service searches took {elapsed:.1f} s"
