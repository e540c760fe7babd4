"""The permission vocabulary ``<domain>:<resource>:<action>`` and the roles that hold them."""

from __future__ import annotations

from enum import StrEnum


class Permission(StrEnum):
    """Every permission a route or service can require. Keep sorted."""

    AUDIT_ACCESS_LOG_READ = "audit:access_log:read"
    AUDIT_EVENT_READ = "audit:event:read"
    AUDIT_LOG_EXPORT = "audit:log:export"
    BULLETINS_BULLETIN_CREATE = "bulletins:bulletin:create"
    BULLETINS_BULLETIN_READ = "bulletins:bulletin:read"
    BULLETINS_BULLETIN_SHARE = "bulletins:bulletin:share"
    BULLETINS_BULLETIN_UPDATE = "bulletins:bulletin:update"
    COOPERATION_INTERVENTION_MANAGE = "cooperation:intervention:manage"
    COOPERATION_INTERVENTION_READ = "cooperation:intervention:read"
    COOPERATION_PERSON_MANAGE = "cooperation:person:manage"
    COOPERATION_PERSON_READ = "cooperation:person:read"
    COOPERATION_REQUEST_APPROVE = "cooperation:request:approve"
    COOPERATION_REQUEST_DRAFT = "cooperation:request:draft"
    COOPERATION_REQUEST_READ = "cooperation:request:read"
    COOPERATION_REQUEST_RESPOND = "cooperation:request:respond"
    COOPERATION_REQUEST_REVIEW = "cooperation:request:review"
    COOPERATION_TIP_SCREEN = "cooperation:tip:screen"
    COOPERATION_TRANSFER_MANAGE = "cooperation:transfer:manage"
    CROSS_BORDER_REQUEST_SEND = "cross_border:request:send"
    DASHBOARD_HOME_VIEW = "dashboard:home:view"
    DNA_FOLLOW_UP_APPROVE = "dna:follow_up:approve"
    DNA_FOLLOW_UP_REQUEST = "dna:follow_up:request"
    DNA_MATCH_CONFIRM = "dna:match:confirm"
    DNA_PARTNER_QUERY_RUN = "dna:partner_query:run"
    DNA_PERSON_LINK_READ = "dna:person_link:read"
    DNA_PROFILE_CREATE = "dna:profile:create"
    DNA_PROFILE_READ = "dna:profile:read"
    DNA_SANDBOX_USE = "dna:sandbox:use"
    DNA_SEARCH_RUN = "dna:search:run"
    DNA_STATISTICS_RUN = "dna:statistics:run"
    IDENTITY_AGENCY_MANAGE = "identity:agency:manage"
    IDENTITY_AGENCY_READ = "identity:agency:read"
    IDENTITY_TOKEN_MANAGE = "identity:token:manage"
    IDENTITY_USER_MANAGE = "identity:user:manage"
    IDENTITY_USER_READ = "identity:user:read"
    INTEL_EXPORT_RUN = "intel:export:run"
    INTEL_IDENTIFIER_MANAGE = "intel:identifier:manage"
    INTEL_IMPORT_RUN = "intel:import:run"
    INTEL_LOOKUP_RUN = "intel:lookup:run"
    INTEL_NETWORK_READ = "intel:network:read"
    INTEL_REPORT_CREATE = "intel:report:create"
    INTEL_REPORT_READ = "intel:report:read"
    INTEL_REPORT_WITHDRAW = "intel:report:withdraw"
    INTEL_TYPOLOGY_CONFIRM = "intel:typology:confirm"
    JOBS_JOB_READ = "jobs:job:read"
    TYPOLOGY_MODEL_ACTIVATE = "typology:model:activate"
    JOBS_JOB_RETRY = "jobs:job:retry"
    PERSONS_PERSONAL_DATA_READ = "persons:personal_data:read"


class Role(StrEnum):
    INVESTIGATOR = "investigator"
    ANALYST = "analyst"
    LIAISON_OFFICER = "liaison_officer"
    SUPERVISOR = "supervisor"
    CENTRAL_AUTHORITY_OFFICER = "central_authority_officer"
    RIGHTS_REVIEWER = "rights_reviewer"
    TRAFFICKING_SCREENER = "trafficking_screener"
    DNA_EXAMINER = "dna_examiner"
    TRAINER = "trainer"
    TRAINEE = "trainee"
    OVERSIGHT_AUDITOR = "oversight_auditor"
    ADMINISTRATOR = "administrator"


P = Permission

_EVERYONE = frozenset({P.DASHBOARD_HOME_VIEW, P.IDENTITY_TOKEN_MANAGE, P.IDENTITY_AGENCY_READ})
_READ_BULLETINS = frozenset({P.BULLETINS_BULLETIN_READ})
_WRITE_BULLETINS = _READ_BULLETINS | {
    P.BULLETINS_BULLETIN_CREATE,
    P.BULLETINS_BULLETIN_UPDATE,
    P.BULLETINS_BULLETIN_SHARE,
}

_DNA_SANDBOX = frozenset({P.DNA_SANDBOX_USE, P.DNA_STATISTICS_RUN})
_DNA_EXAMINER = _DNA_SANDBOX | {
    P.DNA_PROFILE_READ,
    P.DNA_PROFILE_CREATE,
    P.DNA_SEARCH_RUN,
    P.DNA_MATCH_CONFIRM,
    P.DNA_PERSON_LINK_READ,
    P.DNA_PARTNER_QUERY_RUN,
    P.DNA_FOLLOW_UP_REQUEST,
}

_INTEL_READ = frozenset({P.INTEL_REPORT_READ, P.INTEL_LOOKUP_RUN, P.INTEL_NETWORK_READ})
_INTEL_WRITE = _INTEL_READ | {
    P.INTEL_REPORT_CREATE,
    P.INTEL_REPORT_WITHDRAW,
    P.INTEL_TYPOLOGY_CONFIRM,
    P.INTEL_IMPORT_RUN,
    P.INTEL_EXPORT_RUN,
}
_INTEL_ANALYST = _INTEL_WRITE | {P.INTEL_IDENTIFIER_MANAGE}

_COOP_READ = frozenset(
    {P.COOPERATION_REQUEST_READ, P.COOPERATION_INTERVENTION_READ, P.COOPERATION_PERSON_READ}
)
_COOP_CASEWORK = _COOP_READ | {
    P.COOPERATION_REQUEST_DRAFT,
    P.COOPERATION_INTERVENTION_MANAGE,
    P.COOPERATION_PERSON_MANAGE,
}
_COOP_LIAISON = _COOP_CASEWORK | {P.COOPERATION_REQUEST_RESPOND, P.COOPERATION_TRANSFER_MANAGE}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.INVESTIGATOR: _WRITE_BULLETINS | _INTEL_WRITE | _COOP_CASEWORK | {P.PERSONS_PERSONAL_DATA_READ},
    Role.ANALYST: _WRITE_BULLETINS | _INTEL_ANALYST,
    Role.LIAISON_OFFICER: _WRITE_BULLETINS
    | _INTEL_READ
    | _COOP_LIAISON
    | {P.CROSS_BORDER_REQUEST_SEND, P.PERSONS_PERSONAL_DATA_READ},
    Role.SUPERVISOR: _WRITE_BULLETINS
    | _INTEL_READ
    | _COOP_READ
    | {P.COOPERATION_REQUEST_APPROVE}
    | {P.IDENTITY_USER_READ, P.PERSONS_PERSONAL_DATA_READ, P.DNA_PROFILE_READ, P.DNA_FOLLOW_UP_APPROVE},
    Role.CENTRAL_AUTHORITY_OFFICER: _READ_BULLETINS
    | _INTEL_READ
    | _COOP_LIAISON
    | {P.COOPERATION_REQUEST_APPROVE}
    | {P.CROSS_BORDER_REQUEST_SEND, P.PERSONS_PERSONAL_DATA_READ},
    Role.RIGHTS_REVIEWER: _READ_BULLETINS
    | _COOP_READ
    | {P.COOPERATION_REQUEST_REVIEW, P.PERSONS_PERSONAL_DATA_READ},
    Role.TRAFFICKING_SCREENER: _READ_BULLETINS
    | {P.COOPERATION_PERSON_READ, P.COOPERATION_TIP_SCREEN, P.PERSONS_PERSONAL_DATA_READ},
    Role.DNA_EXAMINER: _READ_BULLETINS | _DNA_EXAMINER | {P.PERSONS_PERSONAL_DATA_READ},
    Role.TRAINER: _READ_BULLETINS | _DNA_SANDBOX,
    Role.TRAINEE: _DNA_SANDBOX,
    Role.OVERSIGHT_AUDITOR: frozenset({P.AUDIT_EVENT_READ, P.AUDIT_LOG_EXPORT, P.AUDIT_ACCESS_LOG_READ}),
    Role.ADMINISTRATOR: frozenset(
        {
            P.IDENTITY_AGENCY_MANAGE,
            P.IDENTITY_USER_READ,
            P.IDENTITY_USER_MANAGE,
            P.JOBS_JOB_READ,
            P.JOBS_JOB_RETRY,
            P.AUDIT_EVENT_READ,
            P.TYPOLOGY_MODEL_ACTIVATE,
        }
    ),
}

# Holding any of these makes a second factor mandatory (send requests, read personal data).
MFA_REQUIRED_PERMISSIONS = frozenset(
    {
        P.CROSS_BORDER_REQUEST_SEND,
        P.PERSONS_PERSONAL_DATA_READ,
        P.IDENTITY_USER_MANAGE,
        P.DNA_PERSON_LINK_READ,
        P.DNA_FOLLOW_UP_APPROVE,
        P.COOPERATION_REQUEST_APPROVE,
        P.COOPERATION_REQUEST_REVIEW,
    }
)


def permissions_for(roles: frozenset[Role] | set[Role]) -> frozenset[Permission]:
    """Union of the roles' permissions plus what every signed-in user may do."""
    granted: set[Permission] = set(_EVERYONE)
    for role in roles:
        granted |= ROLE_PERMISSIONS[role]
    return frozenset(granted)


def mfa_required(roles: frozenset[Role] | set[Role]) -> bool:
    return bool(permissions_for(roles) & MFA_REQUIRED_PERMISSIONS)
