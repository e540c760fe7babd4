"""Matrix hooks for the persons, trafficking-screening and transfer routes: path-parameter makers and valid bodies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# param name -> maker(world, caller, route_path) -> str ; (method, path) -> body(world, caller)
MAKERS: dict[str, Callable[[Any, Any, str], str]] = {}
BODIES: dict[tuple[str, str], Callable[[Any, Any], dict[str, Any]]] = {}
MULTIPART: dict[str, bytes] = {}
