"""Per-request access to the container and a unit of work that the route commits once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, TypeVar

from fastapi import Depends, Request

from jointdesk.bootstrap import Container
from jointdesk.db.uow import UnitOfWork

_T = TypeVar("_T")


def container(request: Request) -> Container:
    found: Container = request.app.state.container
    return found


def unit_of_work(request: Request) -> Iterator[UnitOfWork]:
    """One unit of work per request; routes call ``uow.commit()`` once, anything else rolls back.

    Cached per request, so the principal resolution and the route share the transaction."""
    with container(request).uow_factory() as uow:
        yield uow


UowDep = Annotated[UnitOfWork, Depends(unit_of_work)]


def committed(uow: UnitOfWork, value: _T) -> _T:
    """Commit the request's unit of work once, then hand back the route's result."""
    uow.commit()
    return value
