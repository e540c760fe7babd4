"""Form input to commands: pydantic errors become an InvalidInput naming the field."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from jointdesk.kernel.errors import InvalidInput

_M = TypeVar("_M", bound=BaseModel)


def invalid_from(exc: ValidationError) -> InvalidInput:
    """The first pydantic error as an InvalidInput naming the field."""
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"]) or "form"
    return InvalidInput(f"{field}: {err['msg']}", field=field)


def validated(model: type[_M], raw: dict[str, Any]) -> _M:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise invalid_from(exc) from exc
