"""Shared set-up for cooperation tests: agencies, people and a well-formed freeze document."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jointdesk.authz import Role
from jointdesk.db import UnitOfWorkFactory
from support import Member, make_agency, make_user

EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "examples" / "screening" / "freeze-mule-account.json"
PLATFORM_FIELDS = ("request_id", "request_type", "requesting", "receiving", "persons", "partner_record")


def freeze_document(**changes: Any) -> dict[str, Any]:
    """The documented freeze example without the fields the platform fills, and without a person."""
    document = {k: v for k, v in json.loads(EXAMPLE.read_text()).items() if k not in PLATFORM_FIELDS}
    document["freeze"]["holder"].pop("person_ref", None)
    for identifier in document["identifiers"]:
        identifier.pop("attributed_person_ref", None)
        identifier.pop("attribution", None)
    for dotted, value in changes.items():
        target = document
        *path, last = dotted.split("__")
        for part in path:
            target = target[part]
        target[last] = value
    return document


@dataclass
class Cast:
    cn: uuid.UUID
    th: uuid.UUID
    ca: uuid.UUID
    liaison: Member
    supervisor: Member
    cn_reviewer: Member
    th_liaison: Member
    reviewer_a: Member
    reviewer_b: Member


def cast(uow_factory: UnitOfWorkFactory) -> Cast:
    cn = make_agency(uow_factory, "CN Anti-Fraud Centre", "CN")
    th = make_agency(uow_factory, "TH Cyber Crime Bureau", "TH")
    ca = make_agency(uow_factory, "Regional Central Authority", "TH")
    return Cast(
        cn=cn,
        th=th,
        ca=ca,
        liaison=make_user(uow_factory, cn, "cn.liaison", Role.LIAISON_OFFICER),
        supervisor=make_user(uow_factory, cn, "cn.supervisor", Role.SUPERVISOR),
        cn_reviewer=make_user(uow_factory, cn, "cn.reviewer", Role.RIGHTS_REVIEWER),
        th_liaison=make_user(uow_factory, th, "th.liaison", Role.LIAISON_OFFICER),
        reviewer_a=make_user(uow_factory, ca, "ca.reviewer.a", Role.RIGHTS_REVIEWER),
        reviewer_b=make_user(uow_factory, ca, "ca.reviewer.b", Role.RIGHTS_REVIEWER),
    )
