"""Bulk imports keep good profiles, keep every rejected row with its reason, and resume cleanly."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from jointdesk import dna
from jointdesk.authz import Role
from jointdesk.db import UnitOfWorkFactory
from jointdesk.dna.models import DnaImportBatch
from support import Member, make_agency, make_user

FIXTURES = Path(__file__).resolve().parents[2] / "unit" / "dna" / "fixtures"


def _import(uow_factory: UnitOfWorkFactory, member: Member, data: bytes) -> dna.ImportReport:
    with uow_factory() as uow:
        report = dna.import_profiles(
            uow,
            member.principal,
            data=data,
            fmt=dna.ImportFormat.GENEMAPPER,
            filename="run.txt",
            category=dna.Category.OFFENDER,
            legal_basis="CPL 1",
        )
        uow.commit()
    return report


def test_import_then_rerun_adds_nothing_twice(uow_factory: UnitOfWorkFactory) -> None:
    member = make_user(uow_factory, make_agency(uow_factory, "Lab", "VN"), "vn.dna", Role.DNA_EXAMINER)
    data = (FIXTURES / "dna_formats_gm_long.txt").read_bytes()
    first = _import(uow_factory, member, data)
    assert first.imported > 0 and first.already_present == 0
    again = _import(uow_factory, member, data)
    assert again.imported == 0 and again.already_present == first.imported
    with uow_factory() as uow:
        assert len(dna.list_profiles(uow, member.principal)) == first.imported
        assert len(uow.session.scalars(select(DnaImportBatch)).all()) == 2


def test_bad_rows_are_kept_with_their_reason(uow_factory: UnitOfWorkFactory) -> None:
    member = make_user(uow_factory, make_agency(uow_factory, "Lab", "VN"), "vn.dna", Role.DNA_EXAMINER)
    lines = (FIXTURES / "dna_formats_gm_long.txt").read_text().splitlines()
    cells = lines[-1].split("\t")
    cells[1], cells[3] = "ST-BAD-01", "D99S999"  # Sample Name, Marker
    report = _import(uow_factory, member, "\n".join([*lines, "\t".join(cells)]).encode())
    assert report.imported >= 1
    assert any("D99S999" in str(r["reason"]) for r in report.rejected)
    with uow_factory() as uow:
        batch = uow.session.scalars(select(DnaImportBatch)).one()
        assert batch.rejected == report.rejected and batch.imported == report.imported
