"""Shared result types of the identifier normalisers (identifiers.md §1, architecture.md §9).

Every type module exposes ``normalise(raw, *, region=None, key=None)`` returning a
:class:`Normalised` or a :class:`Rejected`; never an exception (see :func:`guarded`).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from typing import Final, Literal, Protocol, TypeAlias

Strength: TypeAlias = Literal["S", "W", "-"]
ReasonCode: TypeAlias = Literal[
    "checksum_failed",
    "unparseable",
    "invalid_length",
    "not_full_number",
    "test_range",
    "placeholder",
    "wrong_type",
    "key_required",
]
REASON_CODES: Final[tuple[ReasonCode, ...]] = (
    "checksum_failed",
    "unparseable",
    "invalid_length",
    "not_full_number",
    "test_range",
    "placeholder",
    "wrong_type",
    "key_required",
)
MAX_RAW_LENGTH: Final = 4096

# Flags shared across types; a type may add its own (documented in its module).
VOIP: Final = "voip"
MVNO: Final = "mvno"
SHORT_CODE: Final = "short_code"
TEST_RANGE: Final = "test_range"
WARNING_LIST: Final = "warning_list"
REPAIRED: Final = "repaired"
PERSONAL_DATA: Final = "personal_data"
TESTNET: Final = "testnet"
NON_ROUTABLE: Final = "non_routable"


@dataclass(frozen=True, slots=True)
class Normalised:
    """An accepted identifier: ``(id_type, canonical)`` is the matching key.

    For protected (🔒) values ``canonical`` is a keyed HMAC, ``display`` the masked form,
    ``secret`` holds derived personal facts to be stored encrypted only, and ``raw`` must be
    stored encrypted. ``strength`` is the per-value linking strength (flags may lower the
    type's default). ``derived`` holds identifiers found inside this one (EMV QR payloads).
    """

    raw: str
    canonical: str
    id_type: str
    normaliser_version: str
    confidence: float
    strength: Strength
    flags: frozenset[str] = frozenset()
    attrs: Mapping[str, str] = field(default_factory=dict)
    display: str | None = None
    protected: bool = False
    secret: Mapping[str, str] = field(default_factory=dict)
    derived: tuple[Normalised, ...] = ()
    status: Literal["normalised"] = "normalised"


@dataclass(frozen=True, slots=True)
class Rejected:
    """A value kept with ``status=rejected``: never links, stays searchable by raw value."""

    raw: str
    id_type: str
    reason: ReasonCode
    message: str
    normaliser_version: str
    protected: bool = False
    display: str | None = None
    flags: frozenset[str] = frozenset()
    status: Literal["rejected"] = "rejected"


Result: TypeAlias = Normalised | Rejected


class Normaliser(Protocol):
    """The call signature every type module's ``normalise`` has."""

    def __call__(self, raw: str, *, region: str | None = None, key: bytes | None = None) -> Result: ...


@dataclass(frozen=True, slots=True)
class TypeInfo:
    """Static facts of one identifier type, plus result builders bound to them."""

    name: str
    label: str
    strength: Strength
    protected: bool
    version: str

    def ok(
        self,
        raw: str,
        canonical: str,
        *,
        confidence: float = 1.0,
        flags: Iterable[str] = (),
        attrs: Mapping[str, str] | None = None,
        strength: Strength | None = None,
        display: str | None = None,
        secret: Mapping[str, str] | None = None,
        derived: tuple[Normalised, ...] = (),
        protected: bool | None = None,
    ) -> Normalised:
        """Build an accepted result for this type."""
        return Normalised(
            raw=raw,
            canonical=canonical,
            id_type=self.name,
            normaliser_version=self.version,
            confidence=max(0.0, min(1.0, confidence)),
            strength=self.strength if strength is None else strength,
            flags=frozenset(flags),
            attrs=dict(attrs or {}),
            display=display,
            protected=self.protected if protected is None else protected,
            secret=dict(secret or {}),
            derived=derived,
        )

    def reject(
        self,
        raw: str,
        reason: ReasonCode,
        message: str,
        *,
        display: str | None = None,
        flags: Iterable[str] = (),
        protected: bool | None = None,
    ) -> Rejected:
        """Build a rejection naming why."""
        return Rejected(
            raw=raw,
            id_type=self.name,
            reason=reason,
            message=message,
            normaliser_version=self.version,
            protected=self.protected if protected is None else protected,
            display=display,
            flags=frozenset(flags),
        )


def version_tag(revision: int, *libraries: str, data: str = "") -> str:
    """``"<revision>+lib-ver…"``: library or data changes bump the version by themselves."""
    parts = [str(revision)]
    parts += [f"{lib}-{_dist_version(lib)}" for lib in libraries]
    if data:
        parts.append(f"data-{data}")
    return "+".join(parts)


def _dist_version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "missing"


def guarded(info: TypeInfo) -> Callable[[Normaliser], Normaliser]:
    """Wrap a normaliser so that no input can make it raise (a bug becomes a rejection)."""

    def wrap(func: Normaliser) -> Normaliser:
        @functools.wraps(func)
        def safe(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
            value: object = raw  # callers outside mypy may pass anything
            if not isinstance(value, str):
                return info.reject(str(value), "unparseable", "raw value is not text")
            if len(raw) > MAX_RAW_LENGTH:
                return info.reject(raw, "invalid_length", f"longer than {MAX_RAW_LENGTH} characters")
            try:
                return func(raw, region=clean_region(region), key=key)
            except Exception as exc:  # noqa: BLE001 - contract: never raise; the reason names the bug
                return info.reject(raw, "unparseable", f"internal normaliser error: {type(exc).__name__}")

        return safe

    return wrap


def clean_region(region: str | None) -> str | None:
    """An upper-case ISO 3166 alpha-2 code, or ``None`` for anything else."""
    if region is None:
        return None
    value = region.strip().upper()
    return value if len(value) == 2 and value.isascii() and value.isalpha() else None


ZERO_WIDTH: Final = frozenset("\u200b\u200c\u200d\u2060\ufeff")


def fold_text(value: str) -> str:
    """NFKC, zero-width characters removed, every decimal digit mapped to ASCII."""
    text = unicodedata.normalize("NFKC", value)
    return "".join(_ascii_digit(c) for c in text if c not in ZERO_WIDTH)


def _ascii_digit(char: str) -> str:
    if char.isascii():
        return char
    digit = unicodedata.decimal(char, None)
    return str(digit) if digit is not None else char


def strip_separators(value: str, separators: str = " -.\t\n\r/_") -> str:
    """Remove the usual grouping characters."""
    return value.translate({ord(c): None for c in separators})


def is_placeholder_digits(digits: str) -> bool:
    """All one digit (``000000``) or a run of ascending digits (``123456…``)."""
    if len(set(digits)) == 1:
        return True
    return len(digits) >= 6 and digits in "1234567890123456789012345"


def mask(value: str, *, keep_start: int = 0, keep_end: int = 4) -> str:
    """Masked display form: first ``keep_start`` and last ``keep_end`` characters kept."""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + "*" * hidden + value[len(value) - keep_end :]
