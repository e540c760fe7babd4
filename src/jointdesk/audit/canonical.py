"""Canonical JSON for leaves and commitments (the RFC 8785 subset our coded values use)."""

from __future__ import annotations

import json
import re
from typing import Any

# Leaf values are codes, never free text: short tokens of letters, digits and a little punctuation.
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_.:+\-/]{0,80}$")

Coded = str | int | bool | None | list[str] | list[int]


def canonical_json(value: Any) -> str:
    """Sorted keys, no insignificant whitespace, UTF-8; integers only (no floats in leaves)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def check_coded(name: str, value: Any) -> None:
    """Refuse anything that could carry personal data or free text into a public leaf."""
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return
    if isinstance(value, str):
        if not CODE_PATTERN.match(value):
            msg = f"audit field {name!r}: only short codes may enter the oversight log"
            raise ValueError(msg)
        return
    if isinstance(value, list):
        for item in value:
            if isinstance(item, list):
                msg = f"audit field {name!r}: nested lists are not allowed"
                raise ValueError(msg)
            check_coded(name, item)
        return
    msg = f"audit field {name!r}: type {type(value).__name__} is not a code"
    raise ValueError(msg)
