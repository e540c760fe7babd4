"""Who is acting: a user (through a session or an API token) or the audited system."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from jointdesk.authz.permissions import Permission, Role, permissions_for


@dataclass(frozen=True)
class Principal:
    user_id: uuid.UUID | None
    agency_id: uuid.UUID | None
    username: str
    roles: frozenset[Role] = field(default_factory=frozenset)
    permissions: frozenset[Permission] = field(default_factory=frozenset)
    is_system: bool = False
    via_token: bool = False

    @classmethod
    def for_user(
        cls,
        *,
        user_id: uuid.UUID,
        agency_id: uuid.UUID,
        username: str,
        roles: frozenset[Role],
        scopes: frozenset[Permission] | None = None,
    ) -> Principal:
        """A user's principal; an API token's scopes can only narrow the roles' permissions."""
        granted = permissions_for(roles)
        if scopes is not None:
            granted = granted & scopes
        return cls(
            user_id=user_id,
            agency_id=agency_id,
            username=username,
            roles=roles,
            permissions=granted,
            via_token=scopes is not None,
        )

    @classmethod
    def system(cls, reason: str = "cli") -> Principal:
        """The CLI and jobs act as this audited principal; it sees every row."""
        return cls(
            user_id=None,
            agency_id=None,
            username=f"system:{reason}",
            permissions=frozenset(Permission),
            is_system=True,
        )

    def has(self, permission: Permission) -> bool:
        return permission in self.permissions

    @property
    def primary_role(self) -> str:
        """The role code written in audit leaves (never the person's name)."""
        if self.is_system:
            return "system"
        return sorted(r.value for r in self.roles)[0] if self.roles else "none"
