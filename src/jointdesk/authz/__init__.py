"""Authorisation, three levels: route permission, row visibility, action check."""

from jointdesk.authz.models import AgencyScoped, Protected, RowShare, Tlp
from jointdesk.authz.permissions import (
    MFA_REQUIRED_PERMISSIONS,
    ROLE_PERMISSIONS,
    Permission,
    Role,
    mfa_required,
    permissions_for,
)
from jointdesk.authz.principal import Principal
from jointdesk.authz.visibility import ensure, ensure_readable, visibility_clause, visible_to

__all__ = [
    "MFA_REQUIRED_PERMISSIONS",
    "ROLE_PERMISSIONS",
    "AgencyScoped",
    "Permission",
    "Principal",
    "Protected",
    "Role",
    "RowShare",
    "Tlp",
    "ensure",
    "ensure_readable",
    "mfa_required",
    "permissions_for",
    "visibility_clause",
    "visible_to",
]
