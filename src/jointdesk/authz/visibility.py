"""The one row-visibility function every repository starts from, and action checks."""

from __future__ import annotations

from typing import TypeVarTuple

from sqlalchemy import Select, and_, exists, false, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from jointdesk.authz.models import AgencyScoped, Protected, RowShare, Tlp
from jointdesk.authz.permissions import Permission
from jointdesk.authz.principal import Principal
from jointdesk.kernel.errors import Forbidden

_Ts = TypeVarTuple("_Ts")

# Markings any agency on the platform may see (GREEN = the community; CLEAR = anyone).
COMMUNITY_MARKINGS = (Tlp.CLEAR.value, Tlp.GREEN.value)
AGENCY_SHARE_MARKINGS = (Tlp.AMBER.value, Tlp.AMBER_STRICT.value)


def visibility_clause(principal: Principal, model: type[AgencyScoped]) -> ColumnElement[bool]:
    """SQL condition: the rows of ``model`` that ``principal`` may see."""
    if principal.is_system:
        return true()
    if principal.agency_id is None:
        return false()
    owned = model.owner_agency_id == principal.agency_id
    if not issubclass(model, Protected):
        return owned
    return or_(owned, model.tlp.in_(COMMUNITY_MARKINGS), _shared(principal, model))


def _shared(principal: Principal, model: type[Protected]) -> ColumnElement[bool]:
    share = select(RowShare.id).where(
        RowShare.resource_kind == model.resource_kind,
        RowShare.resource_id == model.id,
    )
    to_agency = share.where(
        RowShare.agency_id == principal.agency_id,
        or_(RowShare.user_id.is_(None), RowShare.user_id == principal.user_id),
    )
    to_user = share.where(RowShare.user_id == principal.user_id)
    return or_(
        and_(model.tlp.in_(AGENCY_SHARE_MARKINGS), exists(to_agency)),
        and_(model.tlp == Tlp.RED.value, exists(to_user)),
    )


def visible_to(principal: Principal, stmt: Select[*_Ts], model: type[AgencyScoped]) -> Select[*_Ts]:
    """Restrict ``stmt`` to rows of ``model`` the principal may see. Invisible rows answer 404."""
    return stmt.where(visibility_clause(principal, model))


def ensure(principal: Principal, permission: Permission, obj: object | None = None) -> None:
    """Action check after loading through ``visible_to``: the permission, and for changes to a
    row, membership of its owning agency (a shared row is read-only to its recipients)."""
    if permission not in principal.permissions:
        raise Forbidden(f"missing permission {permission.value}")
    if obj is None or principal.is_system:
        return
    if isinstance(obj, AgencyScoped) and obj.owner_agency_id != principal.agency_id:
        raise Forbidden(f"{permission.value} is reserved to the owning agency")


def ensure_readable(principal: Principal, permission: Permission) -> None:
    """Read check: the permission only (visibility was applied by the query)."""
    if permission not in principal.permissions:
        raise Forbidden(f"missing permission {permission.value}")
