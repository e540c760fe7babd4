"""Text that remembers, for every character, where it came from and which repairs made it.

Every repair (Unicode fold, CJK numerals, refang) builds a new :class:`TextMap`, so a match in the
repaired text maps back to a span of the original (identifiers.md §3 step 6: spans are evidence).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final

from jointdesk.indicators.types._refang import RULES

UNICODE_FOLD: Final = "unicode_fold"
REFANG: Final = "refang"
# Zero-width characters (§3 step 1) plus emoji variation selectors and the keycap mark (1️⃣).
_DROP: Final = frozenset("\u200b\u200c\u200d\u2060\ufeff\ufe0e\ufe0f\u20e3")
_NO_TAGS: Final[frozenset[str]] = frozenset()


@dataclass(frozen=True, slots=True)
class TextMap:
    """``text[i]`` came from ``original[starts[i]:ends[i]]`` through the repairs in ``tags[i]``."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    tags: tuple[frozenset[str], ...]

    @classmethod
    def of(cls, original: str) -> TextMap:
        """The identity map of ``original``."""
        n = len(original)
        return cls(original, original, tuple(range(n)), tuple(range(1, n + 1)), (_NO_TAGS,) * n)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the repaired slice ``text[start:end]`` (non-empty)."""
        return self.starts[start], self.ends[end - 1]

    def tags_in(self, start: int, end: int) -> frozenset[str]:
        """Every repair that touched ``text[start:end]``."""
        return frozenset().union(*self.tags[start:end])

    def replace(self, edits: Iterable[tuple[int, int, str, str]]) -> TextMap:
        """Apply non-overlapping ``(start, end, new_text, tag)`` edits, sorted by ``start``."""
        text: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        tags: list[frozenset[str]] = []
        pos = 0
        for start, end, new, tag in edits:
            self._copy(pos, start, text, starts, ends, tags)
            origin = (self.starts[start], self.ends[end - 1]) if end > start else (self._at(start),) * 2
            merged = self.tags_in(start, end) | {tag}
            for char in new:
                text.append(char)
                starts.append(origin[0])
                ends.append(origin[1])
                tags.append(merged)
            pos = end
        self._copy(pos, len(self.text), text, starts, ends, tags)
        return TextMap(self.original, "".join(text), tuple(starts), tuple(ends), tuple(tags))

    def _at(self, index: int) -> int:
        return self.starts[index] if index < len(self.starts) else len(self.original)

    def _copy(
        self, a: int, b: int, text: list[str], starts: list[int], ends: list[int], tags: list[frozenset[str]]
    ) -> None:
        text.extend(self.text[a:b])
        starts.extend(self.starts[a:b])
        ends.extend(self.ends[a:b])
        tags.extend(self.tags[a:b])

    def substitute(
        self, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str], tag: str
    ) -> TextMap:
        """Regex substitution that keeps the map (each match maps to its whole original span)."""
        edits = [
            (m.start(), m.end(), replace(m), tag) for m in pattern.finditer(self.text) if m.end() > m.start()
        ]
        return self.replace(edits) if edits else self


def fold(original: str) -> TextMap:
    """§3 step 1: NFKC per character, zero-width dropped, every other decimal digit mapped to ASCII.

    A dropped character joins the edit of the character before it, so spans stay whole and the
    repair is still recorded. ASCII characters never change, so only runs of other characters are
    looked at, and a run's edits are memoised (narratives repeat their phrases).
    """
    edits: list[tuple[int, int, str, str]] = []
    for match in _NOT_ASCII.finditer(original):
        base = match.start()
        lead, inner = _run_edits(match.group())
        if lead:  # zero-width characters after an ASCII one join its edit (at the start: dropped)
            owner, kept = (base - 1, original[base - 1]) if base else (0, "")
            edits.append((owner, base + lead, kept, UNICODE_FOLD))
        edits.extend((base + start, base + end, new, UNICODE_FOLD) for start, end, new in inner)
    text = TextMap.of(original)
    return text.replace(edits) if edits else text


_NOT_ASCII: Final = re.compile(r"[^\x00-\x7f]+")
_MEMO_RUN: Final = 64  # longer runs are folded without the memo
RunEdits = tuple[int, tuple[tuple[int, int, str], ...]]


def _run_edits(run: str) -> RunEdits:
    """Leading zero-width characters and the edits inside a run of non-ASCII characters."""
    return _run_edits_memo(run) if len(run) <= _MEMO_RUN else _fold_run(run)


def _fold_run(run: str) -> RunEdits:
    lead = 0
    while lead < len(run) and run[lead] in _DROP:
        lead += 1
    found: list[tuple[int, int, str]] = []
    index = lead
    while index < len(run):
        end = index + 1
        while end < len(run) and run[end] in _DROP:
            end += 1
        char = run[index]
        new = _fold_char(char)
        if new != char or end > index + 1:
            found.append((index, end, new))
        index = end
    return lead, tuple(found)


_run_edits_memo: Final = functools.lru_cache(maxsize=65_536)(_fold_run)


@functools.lru_cache(maxsize=65_536)
def _fold_char(char: str) -> str:
    if char.isascii():
        return char
    text = unicodedata.normalize("NFKC", char)
    return "".join(str(d) if (d := unicodedata.decimal(c, None)) is not None else c for c in text)


def refang_map(textmap: TextMap) -> TextMap:
    """§3 step 4 with the map kept: the normalisers' own refang rules, one rule at a time."""
    for pattern, replace in RULES:
        textmap = textmap.substitute(pattern, replace, REFANG)
    return textmap
