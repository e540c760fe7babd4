"""Domain errors with a status hint; the edges (api/, web/, cli/) map them to responses."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every expected error; ``status`` hints the HTTP status, ``code`` is stable."""

    status = 400
    code = "error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(DomainError):
    """A value was rejected; ``field`` names it and the message gives the reason."""

    status = 422
    code = "invalid_input"


class Unauthenticated(DomainError):
    status = 401
    code = "unauthenticated"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    """Also raised for rows the caller may not see: invisible means 404, never 403."""

    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class InvalidTransition(Conflict):
    code = "invalid_transition"
