"""Message text checks and normalisation shared by training, prediction and evaluation.

``normalise`` is what every feature sees: Unicode NFKC (full-width forms become ASCII, as in many Chinese
SMS), case folded, every whitespace run collapsed to one space. ``shape_tokens`` turns URLs, e-mail
addresses and numbers into language-neutral tokens (``_url``, ``_email``, ``_n11`` with ``_p09``/``_p090``
prefixes), so a premium-rate number or a link is a feature in any language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from jointdesk.typology.errors import BinaryTextError, EmptyTextError

#: Share of control characters (other than tab, newline, carriage return) above which a text is binary.
MAX_CONTROL_SHARE = 0.10
_WHITESPACE = re.compile(r"\s+")
_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|co|uk|cn|ly|io|me|vn|th|sg|my|id)\b\S*",
    re.IGNORECASE | re.ASCII,
)
_EMAIL = re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+", re.IGNORECASE | re.ASCII)
_NUMBER = re.compile(r"\+?\d[\d\- ]{2,}\d|\d+")
_TOKEN = re.compile(r"\w+")
#: Unicode category Cc (C0 and C1 controls) except tab, newline and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def check_text(text: object, *, index: int | None = None, where: str | None = None) -> str:
    """Return ``text`` as ``str`` or raise :class:`EmptyTextError` / :class:`BinaryTextError`.

    ``bytes`` are accepted when they are UTF-8. A NUL character, or more than 10 % control characters,
    marks binary data pasted or uploaded as text.
    """
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BinaryTextError("bytes are not UTF-8", index=index, where=where) from exc
    if not isinstance(text, str):
        raise BinaryTextError(f"expected str, got {type(text).__name__}", index=index, where=where)
    if not text.strip():
        raise EmptyTextError(index=index, where=where)
    if "\x00" in text:
        raise BinaryTextError("contains NUL characters", index=index, where=where)
    controls = len(_CONTROL.findall(text))
    if controls > MAX_CONTROL_SHARE * len(text):
        raise BinaryTextError(f"{controls} control characters in {len(text)}", index=index, where=where)
    return text


def check_texts(texts: Iterable[object]) -> list[str]:
    """Check every item of a batch (see :func:`check_text`); a bare string is refused as a batch."""
    if isinstance(texts, str | bytes):
        raise TypeError("expected a sequence of texts, got a single text")
    return [check_text(text, index=i) for i, text in enumerate(texts)]


def normalise(text: str) -> str:
    """NFKC, case folded, whitespace runs collapsed, trimmed."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def normalise_batch(texts: Sequence[str]) -> list[str]:
    """:func:`normalise` of every text, done on the joined batch (texts must not contain NUL)."""
    joined = "\x00".join(texts)
    if not unicodedata.is_normalized("NFKC", joined):
        joined = unicodedata.normalize("NFKC", joined)
    joined = joined.casefold()
    return [part.strip() for part in _WHITESPACE.sub(" ", joined).split("\x00")]


def dedupe_key(text: str) -> str:
    """Key under which two messages count as duplicates (same :func:`normalise` form)."""
    return normalise(text)


def _number_shape(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    if len(digits) <= 2:
        return " _n2 "
    return f" _n{min(len(digits), 12)} _p{digits[:2]} _p{digits[:3]} "


def _shape(text: str) -> str:
    shaped = _EMAIL.sub(" _email ", text)
    shaped = _URL.sub(" _url ", shaped)
    return _NUMBER.sub(_number_shape, shaped)


def shape_tokens(normalised: str) -> list[str]:
    """Word tokens of a normalised text with URLs, e-mail addresses and numbers replaced by shape tokens."""
    return _TOKEN.findall(_shape(normalised))


def shape_tokens_batch(normalised: Sequence[str]) -> list[list[str]]:
    """:func:`shape_tokens` of many normalised texts (one regex pass over the batch; no newlines inside)."""
    return [_TOKEN.findall(line) for line in _shape("\n".join(normalised)).split("\n")]
