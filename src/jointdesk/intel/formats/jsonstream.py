"""Incremental reading of one JSON document: the items of its top-level array, or its members.

MISP and STIX files are single JSON documents that may hold millions of objects. This reader keeps
a sliding text buffer and decodes one value at a time with ``json.JSONDecoder.raw_decode``: memory
is bounded by the largest single item (an event, a STIX object), never by the document. The
buffer grows geometrically while an item is incomplete, so a large item is decoded in amortised
linear time; an item longer than :data:`MAX_ITEM_CHARS` is refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, Final, TextIO

CHUNK: Final = 1 << 16
MAX_ITEM_CHARS: Final = 64 * 1024 * 1024
_WHITESPACE: Final = re.compile(r"[ \t\n\r]*")
_DECODER: Final = json.JSONDecoder()
_TAIL: Final = 8  # an error this close to the buffer's end may just be a truncated value


class JsonStreamError(ValueError):
    """The document is not well-formed JSON at ``offset`` (characters from the start)."""

    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(f"invalid JSON at character {offset}: {reason}")
        self.offset = offset
        self.reason = reason


class _Cursor:
    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._buf = ""
        self._pos = 0
        self._base = 0
        self._eof = False

    @property
    def offset(self) -> int:
        return self._base + self._pos

    def _more(self, size: int) -> bool:
        data = self._stream.read(size)
        if not data:
            self._eof = True
            return False
        if self._pos:
            self._base += self._pos
            self._buf = self._buf[self._pos :]
            self._pos = 0
        self._buf += data
        return True

    def peek(self) -> str:
        """The next non-blank character, without consuming it; ``""`` at the end."""
        while True:
            match = _WHITESPACE.match(self._buf, self._pos)
            self._pos = match.end() if match else self._pos
            if self._pos < len(self._buf):
                return self._buf[self._pos]
            if not self._more(CHUNK):
                return ""

    def take(self, allowed: str) -> str:
        char = self.peek()
        if not char or char not in allowed:
            found = repr(char) if char else "the end of the file"
            raise JsonStreamError(self.offset, f"expected one of {allowed!r}, found {found}")
        self._pos += 1
        return char

    def value(self) -> Any:
        self.peek()
        need = CHUNK
        while True:
            try:
                obj, end = _DECODER.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as exc:
                if not self._truncated(exc) or not self._more(need):
                    raise JsonStreamError(self._base + exc.pos, exc.msg) from None
                need = self._grown(need)
                continue
            if end < len(self._buf) or self._eof or not self._more(need):
                self._pos = end
                return obj
            need = self._grown(need)

    def _truncated(self, exc: json.JSONDecodeError) -> bool:
        return not self._eof and (exc.msg.startswith("Unterminated") or exc.pos >= len(self._buf) - _TAIL)

    def _grown(self, need: int) -> int:
        if len(self._buf) - self._pos > MAX_ITEM_CHARS:
            raise JsonStreamError(self.offset, f"one item is longer than {MAX_ITEM_CHARS} characters")
        return max(need, len(self._buf) - self._pos)

    def items(self) -> Iterator[Any]:
        self.take("[")
        if self.peek() == "]":
            self._pos += 1
            return
        while True:
            yield self.value()
            if self.take(",]") == "]":
                return

    def members(self, stream_keys: frozenset[str]) -> Iterator[tuple[str, Any]]:
        self.take("{")
        if self.peek() == "}":
            self._pos += 1
            return
        while True:
            key = self.value()
            if not isinstance(key, str):
                raise JsonStreamError(self.offset, "expected a member name")
            self.take(":")
            if key in stream_keys and self.peek() == "[":
                yield from ((key, item) for item in self.items())
            else:
                yield key, self.value()
            if self.take(",}") == "}":
                return

    def finish(self) -> None:
        if self.peek():
            raise JsonStreamError(self.offset, "extra data after the document")


def iter_document(stream: TextIO, stream_keys: frozenset[str] = frozenset()) -> Iterator[tuple[str, Any]]:
    """``("", item)`` per item of a top-level array; ``(key, value)`` per member of a top-level object.

    A member named in ``stream_keys`` whose value is an array yields ``(key, item)`` per item
    instead of the whole array. Raises :class:`JsonStreamError` where the text stops being JSON
    (items before that point have been yielded).
    """
    cursor = _Cursor(stream)
    first = cursor.peek()
    if first == "[":
        yield from (("", item) for item in cursor.items())
    elif first == "{":
        yield from cursor.members(stream_keys)
    else:
        found = repr(first) if first else "an empty file"
        raise JsonStreamError(cursor.offset, f"expected a JSON object or array, found {found}")
    cursor.finish()
