"""Refanging of defanged indicators (identifiers.md §3 step 4), shared by normalisers and extraction."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final, TypeAlias

Rule: TypeAlias = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def _http(match: re.Match[str]) -> str:
    return "http" + match.group(2).lower()


def _const(value: str) -> Callable[[re.Match[str]], str]:
    return lambda _match: value


# Applied in order; each replacement depends only on its own match (extraction maps offsets per match).
RULES: Final[tuple[Rule, ...]] = (
    (re.compile(r"\b(h[x*]{2}p|hxtp)(s?)(?=\[?:)", re.IGNORECASE), _http),
    (re.compile(r"\bfxp(?=\[?:)", re.IGNORECASE), _const("ftp")),
    (re.compile(r"\[:\]//|\[://\]"), _const("://")),
    (re.compile(r"\[:\]"), _const(":")),
    (
        re.compile(r"\s?(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}|\[punkt\])\s?", re.IGNORECASE),
        _const("."),
    ),
    (re.compile(r"\s?(?:\[@\]|\(@\)|\{@\}|\[at\]|\(at\)|\{at\})\s?", re.IGNORECASE), _const("@")),
    (re.compile(r"\[/\]"), _const("/")),
)


def refang(text: str) -> str:
    """``hxxps://example[.]com`` → ``https://example.com``; other text unchanged."""
    for pattern, replace in RULES:
        text = pattern.sub(replace, text)
    return text
