"""Per-request access to the container and a unit of work that the route commits once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request

from jointdesk.bootstrap import Container
from jointdesk.db.uow import UnitOfWork

_T = TypeVar("_T")
_F = TypeVar("_F", bound=Callable[..., Any])
READ_ONLY_MARK = "__jointdesk_read_only__"


def container(request: Request) -> Container:
    found: Container = request.app.state.container
    return found


def read_only(endpoint: _F) -> _F:
    """Mark a route that writes nothing (put it below ``@router.get``): its unit of work is
    read-only, so on SQLite it does not queue for the writer lock, and any write fails."""
    setattr(endpoint, READ_ONLY_MARK, True)
    return endpoint


def unit_of_work(request: Request) -> Iterator[UnitOfWork]:
    """One unit of work per request; routes call ``uow.commit()`` once, anything else rolls back.

    Cached per request, so the principal resolution and the route share the transaction."""
    marked = bool(getattr(request.scope.get("endpoint"), READ_ONLY_MARK, False))
    with container(request).uow_factory(read_only=marked) as uow:
        yield uow


UowDep = Annotated[UnitOfWork, Depends(unit_of_work)]


def committed(uow: UnitOfWork, value: _T) -> _T:
    """Commit the request's unit of work once, then hand back the route's result."""
    uow.commit()
    return value
