"""Fraud-intelligence objects of the home agency for the authorisation matrix."""

from __future__ import annotations

import uuid

from jointdesk import intel
from jointdesk.authz import Principal, Tlp
from jointdesk.db import UnitOfWorkFactory

# Every matrix report pays the same mule account, so any two of them are linked.
MULE = {"id_type": "bank_account", "value": "6222020200001234", "role": "payee"}
HOT_PHONE = "+8613800138000"


def report_in(*extra: dict[str, str], victim: bool = True) -> intel.ReportIn:
    return intel.ReportIn.model_validate(
        {
            "narrative": "Caller posing as police asked for a transfer to a safe account.",
            "identifiers": [MULE, *extra],
            "tlp": Tlp.AMBER_STRICT.value,
            "victim": {"age_band": "65+", "personal": {"full_name": "Test Victim", "phone": "13912345678"}}
            if victim
            else None,
        }
    )


def report(uow_factory: UnitOfWorkFactory, author: Principal, *extra: dict[str, str]) -> uuid.UUID:
    with uow_factory() as uow:
        filed = intel.file_report(uow, author, report_in(*extra))
        uow.commit()
    return filed.id


def network(uow_factory: UnitOfWorkFactory, author: Principal) -> uuid.UUID:
    report(uow_factory, author)
    second = report(uow_factory, author)
    with uow_factory() as uow:
        view = intel.get_report(uow, author, second)
    assert view.network_id is not None
    return view.network_id


def hot_identifier(uow_factory: UnitOfWorkFactory, author: Principal, analyst: Principal) -> uuid.UUID:
    with uow_factory() as uow:
        intel.set_hot_threshold(uow, analyst, id_type="phone", threshold=2)
        uow.commit()
    phone = {"id_type": "phone", "value": HOT_PHONE, "role": "scam_contact"}
    last = [report(uow_factory, author, phone) for _ in range(3)][-1]
    with uow_factory() as uow:
        view = intel.get_report(uow, author, last)
    return next(s.identifier.id for s in view.sightings if s.identifier.state == "hot")


def evidence(uow_factory: UnitOfWorkFactory, author: Principal) -> tuple[uuid.UUID, uuid.UUID]:
    report_id = report(uow_factory, author)
    with uow_factory() as uow:
        view = intel.add_evidence(
            uow,
            author,
            report_id,
            data=b"chat export: pay 6222020200001234",
            filename="chat.txt",
            media_type="text/plain",
            kind=intel.EvidenceKind.CHAT_EXPORT,
        )
        uow.commit()
    return report_id, view.id
