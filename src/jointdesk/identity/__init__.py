"""Identity: agencies, users, roles, sign-in, second factor, sessions, API tokens."""

from jointdesk.identity.login import (
    LoginResult,
    SessionState,
    begin_enrolment,
    confirm_enrolment,
    login,
    logout,
    resolve_session,
    verify_totp,
)
from jointdesk.identity.rules import totp_code
from jointdesk.identity.schemas import (
    AgencyKind,
    AgencyView,
    CreateAgency,
    CreateToken,
    CreateUser,
    IssuedToken,
    TokenView,
    UserView,
)
from jointdesk.identity.service import (
    change_roles,
    create_agency,
    create_user,
    deactivate_user,
    generate_totp_secret,
    get_user,
    list_agencies,
    list_users,
    unlock_user,
)
from jointdesk.identity.tokens import create_token, list_tokens, resolve_token, revoke_token

__all__ = [
    "AgencyKind",
    "AgencyView",
    "CreateAgency",
    "CreateToken",
    "CreateUser",
    "IssuedToken",
    "LoginResult",
    "SessionState",
    "TokenView",
    "UserView",
    "begin_enrolment",
    "change_roles",
    "confirm_enrolment",
    "create_agency",
    "create_token",
    "create_user",
    "deactivate_user",
    "generate_totp_secret",
    "get_user",
    "list_agencies",
    "list_tokens",
    "list_users",
    "login",
    "logout",
    "resolve_session",
    "resolve_token",
    "revoke_token",
    "totp_code",
    "unlock_user",
    "verify_totp",
]
