"""Bulletins: list, write, read, re-mark, share."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from jointdesk import bulletins, identity
from jointdesk.authz import Permission, Tlp
from jointdesk.httpkit.context import UowDep, committed
from jointdesk.web.deps import WebUser, requires
from jointdesk.web.forms import validated
from jointdesk.web.render import render

router = APIRouter(prefix="/bulletins")
P = Permission


@router.get("")
def list_page(
    request: Request, user: Annotated[WebUser, requires(P.BULLETINS_BULLETIN_READ)], uow: UowDep
) -> Response:
    agencies = {a.id: a for a in identity.list_agencies(uow, user.principal)}
    context = {
        "bulletins": bulletins.list_bulletins(uow, user.principal),
        "agencies": agencies,
        "markings": list(Tlp),
    }
    page = render(
        request, "bulletins/list.html", context, principal=user.principal, csrf_token=user.csrf_token
    )
    return committed(uow, page)


@router.post("")
def create(
    user: Annotated[WebUser, requires(P.BULLETINS_BULLETIN_CREATE)],
    uow: UowDep,
    title: Annotated[str, Form()],
    body: Annotated[str, Form()],
    tlp: Annotated[str, Form()],
) -> Response:
    cmd = validated(bulletins.CreateBulletin, {"title": title, "body": body, "tlp": tlp})
    created = bulletins.create_bulletin(uow, user.principal, cmd=cmd)
    return committed(uow, RedirectResponse(f"/bulletins/{created.id}", status_code=303))


@router.get("/{bulletin_id}")
def detail(
    request: Request,
    bulletin_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.BULLETINS_BULLETIN_READ)],
    uow: UowDep,
) -> Response:
    agencies = {a.id: a for a in identity.list_agencies(uow, user.principal)}
    context = {
        "bulletin": bulletins.get_bulletin(uow, user.principal, bulletin_id),
        "agencies": agencies,
        "markings": list(Tlp),
    }
    page = render(
        request, "bulletins/detail.html", context, principal=user.principal, csrf_token=user.csrf_token
    )
    return committed(uow, page)


@router.post("/{bulletin_id}/marking")
def change_marking(
    bulletin_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.BULLETINS_BULLETIN_UPDATE)],
    uow: UowDep,
    tlp: Annotated[str, Form()],
) -> Response:
    cmd = validated(bulletins.ChangeMarking, {"tlp": tlp})
    bulletins.change_marking(uow, user.principal, bulletin_id=bulletin_id, cmd=cmd)
    return committed(uow, RedirectResponse(f"/bulletins/{bulletin_id}", status_code=303))


@router.post("/{bulletin_id}/share")
def share(
    bulletin_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.BULLETINS_BULLETIN_SHARE)],
    uow: UowDep,
    agency_id: Annotated[str, Form()],
) -> Response:
    cmd = validated(bulletins.ShareBulletin, {"agency_id": agency_id})
    bulletins.share_bulletin(uow, user.principal, bulletin_id=bulletin_id, cmd=cmd)
    return committed(uow, RedirectResponse(f"/bulletins/{bulletin_id}", status_code=303))
