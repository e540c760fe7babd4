"""Shared result types of the STR profile importers and exporters (dna.md §7).

Every importer returns an :class:`ImportResult`: the good profiles, one :class:`RowError` per rejected row or
field (line, sample id, field, reason), the rows deliberately skipped (ladders, controls) with their reason,
and per-sample provenance (:class:`SampleMeta`). Importers never raise on bad input. Exporters refuse, with
:class:`~jointdesk.dna.compute.ExportRefusedError`, content their format cannot carry unless the caller
allows the loss explicitly.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Generic, TypeVar

from jointdesk.dna.compute import ExportRefusedError, LocusStatus, Profile

T = TypeVar("T")

#: Maps the sample id found in a file to the ``profile_ref`` of the imported profile (default: identity).
RefFactory = Callable[[str], str]


@dataclass(frozen=True)
class RowError:
    """One rejected row or field: 1-based ``line`` of the file, sample id and field if known, reason."""

    line: int | None
    sample_id: str | None
    field: str | None
    reason: str

    def __str__(self) -> str:
        where = [
            f"line {self.line}" if self.line is not None else "",
            f"sample {self.sample_id!r}" if self.sample_id is not None else "",
            f"field {self.field!r}" if self.field is not None else "",
        ]
        prefix = ", ".join(part for part in where if part)
        return f"{prefix}: {self.reason}" if prefix else self.reason


@dataclass(frozen=True)
class LocusProvenance:
    """Per-locus provenance carried by CMF (``READINGBY``, ``READINGDATETIME``, ``BATCHID``, ``KIT``)."""

    reading_by: str | None = None
    reading_at: str | None = None
    batch_id: str | None = None
    kit: str | None = None


@dataclass(frozen=True)
class SampleMeta:
    """What a file says about a sample besides its loci (dna.md §2.2, §2.3); no personal data.

    ``sample_id`` is the file's identifier (CMF ``SPECIMENID``, GeneMapper ``Sample Name``);
    ``raw_category`` the category exactly as written; ``identified`` follows dna.md §2.3 (``None`` where the
    table says "per case" or "—"). ``line`` is informative and ignored by equality.
    """

    sample_id: str
    raw_category: str | None = None
    identified: bool | None = None
    case_id: str | None = None
    source_id: str | None = None
    partial: bool | None = None
    comment: str | None = None
    loci: Mapping[str, LocusProvenance] = field(default_factory=dict)
    line: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "loci", MappingProxyType(dict(self.loci)))


@dataclass(frozen=True)
class ImportResult(Generic[T]):
    """Outcome of one import: good profiles, errors, deliberately skipped rows, provenance, file header.

    ``meta`` is keyed by ``profile_ref``; ``header`` holds file-level fields (CMF ``SOURCELAB``, ...);
    ``notes`` holds file-level remarks (ignored columns, fallback encoding).
    """

    format: str
    profiles: tuple[T, ...] = ()
    errors: tuple[RowError, ...] = ()
    skipped: tuple[RowError, ...] = ()
    meta: Mapping[str, SampleMeta] = field(default_factory=dict)
    header: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "meta", MappingProxyType(dict(self.meta)))
        object.__setattr__(self, "header", MappingProxyType(dict(self.header)))

    @property
    def ok(self) -> bool:
        """True if no row was rejected."""
        return not self.errors


def failed(format_name: str, error: RowError, notes: tuple[str, ...] = ()) -> ImportResult[T]:
    """A result for a file that could not be read at all."""
    return ImportResult(format=format_name, errors=(error,), notes=notes)


class Feature(StrEnum):
    """Locus-call content that not every format can carry."""

    NOT_TYPED = "not_typed"
    INCONCLUSIVE = "inconclusive"
    REQUIRED = "required"
    POSSIBLE_DROPOUT = "possible_dropout"


def _features(profile: Profile) -> dict[Feature, list[str]]:
    found: dict[Feature, list[str]] = {}
    for name, call in profile.loci.items():
        if call.status is LocusStatus.NOT_TYPED:
            found.setdefault(Feature.NOT_TYPED, []).append(name)
        if call.status is LocusStatus.INCONCLUSIVE:
            found.setdefault(Feature.INCONCLUSIVE, []).append(name)
        if call.required:
            found.setdefault(Feature.REQUIRED, []).append(name)
        if call.possible_dropout:
            found.setdefault(Feature.POSSIBLE_DROPOUT, []).append(name)
    return found


def losses(profile: Profile, supported: frozenset[Feature]) -> tuple[str, ...]:
    """What an export of ``profile`` into a format supporting ``supported`` would lose, one line each."""
    return tuple(
        f"{profile.profile_ref}: {feature.value} at {', '.join(sorted(loci))} cannot be written"
        for feature, loci in sorted(_features(profile).items())
        if feature not in supported
    )


def check_exportable(profile: Profile, supported: frozenset[Feature], *, allow_lossy: bool) -> None:
    """Raise :class:`ExportRefusedError` if the export would lose content and the loss is not allowed."""
    lost = losses(profile, supported)
    if lost and not allow_lossy:
        raise ExportRefusedError("; ".join(lost) + " (pass allow_lossy=True to drop it)")


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes | str) -> tuple[str, tuple[str, ...]]:
    """Text of a file (BOM removed) and notes: UTF-8/16/32 by BOM, else UTF-8, else Windows-1252."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff"), ()
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding).removeprefix("\ufeff"), ()
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        note = "not UTF-8: decoded as Windows-1252"
        return data.decode("cp1252", errors="replace"), (note,)


def identity_ref(sample_id: str) -> str:
    """The default :data:`RefFactory`: the profile keeps the file's sample id as ``profile_ref``."""
    return sample_id
