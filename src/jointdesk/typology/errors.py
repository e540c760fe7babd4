"""Errors raised by the typology machine-learning core.

Every error is a ``ValueError`` subclass with a message a person can act on; callers at the edges (web
form, CLI, upload) show the message as is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


class TypologyError(ValueError):
    """Base class: bad input to the typology classifier, its data files or its evaluation."""


class InvalidTextError(TypologyError):
    """A message text the classifier cannot use (empty, or binary rather than text).

    ``index`` is the position in the batch; ``where`` names it for people (e.g. ``"data.csv line 7"``).
    """

    def __init__(self, reason: str, *, index: int | None = None, where: str | None = None) -> None:
        if where is None and index is not None:
            where = f"item {index}"
        super().__init__(reason if where is None else f"{where}: {reason}")
        self.index = index
        self.where = where


class EmptyTextError(InvalidTextError):
    """A text that is empty or only whitespace."""

    def __init__(self, *, index: int | None = None, where: str | None = None) -> None:
        super().__init__(
            "empty text: a message needs at least one visible character", index=index, where=where
        )


class BinaryTextError(InvalidTextError):
    """Bytes that are not UTF-8, or a string full of control characters (a binary file pasted as text)."""

    def __init__(self, detail: str, *, index: int | None = None, where: str | None = None) -> None:
        super().__init__(f"binary data, not text: {detail}", index=index, where=where)


class CsvFormatError(TypologyError):
    """A labelled CSV that cannot be read: missing or wrong columns, bad encoding, a bad row."""

    def __init__(self, source: str, detail: str) -> None:
        super().__init__(f"{source}: {detail}")
        self.source = source


class UnknownLabelError(TypologyError):
    """Labels that are not canonical typology labels where canonical labels are required.

    ``where`` maps an unknown label to where it first occurs (e.g. ``"data.csv line 7"``).
    """

    def __init__(
        self, unknown: Iterable[str], allowed: Iterable[str], *, where: Mapping[str, str] | None = None
    ) -> None:
        self.unknown = sorted(set(unknown))
        self.allowed = sorted(set(allowed))
        self.where = dict(where or {})
        named = [
            f"{label!r} ({self.where[label]})" if label in self.where else repr(label)
            for label in self.unknown
        ]
        super().__init__(
            f"unknown label(s) {', '.join(named)}; canonical labels are "
            f"{', '.join(self.allowed)} (MULE is a role, never a label)"
        )


class TooFewExamplesError(TypologyError):
    """A class with fewer examples than training or the cross-validation folds need."""

    def __init__(self, counts: Mapping[str, int], needed: int, purpose: str) -> None:
        self.counts = dict(counts)
        self.needed = needed
        short = ", ".join(f"{label!r} has {n}" for label, n in sorted(self.counts.items()))
        super().__init__(f"too few examples for {purpose}: {short}; each class needs at least {needed}")


class ModelFileError(TypologyError):
    """A saved model that is missing, damaged, of another format version, or not a typology model."""
