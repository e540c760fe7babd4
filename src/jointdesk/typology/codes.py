"""Canonical scam typology as versioned reference data (docs typology.md §1, §3, §7).

The codes, names, definitions and agency mappings live in ``data/typology_v<N>.json``; this module only
loads and queries them. Classifier labels are the three classes of §7 (``NOT_FRAUD``, ``SPAM_PROMO`` and
``FRAUD`` for "fraud, type not determined") plus every incident code (types and subtypes). ``MULE`` is a
role on persons and accounts and never a label. For a subtype the JSON lists only the agency labels it
adds; :meth:`Typology.agency_labels` returns them after the parent's ("subtypes map like their parent").
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any

from jointdesk.typology.errors import TypologyError, UnknownLabelError

CURRENT_VERSION = "1"
NOT_FRAUD = "NOT_FRAUD"
SPAM_PROMO = "SPAM_PROMO"
FRAUD = "FRAUD"
#: Labels that are not fraud: the default "not fraud" side of every classifier.
NON_FRAUD_CLASSES: frozenset[str] = frozenset({NOT_FRAUD, SPAM_PROMO})


class Kind(StrEnum):
    """What a typology entry is."""

    CLASS = "class"
    TYPE = "type"
    SUBTYPE = "subtype"
    ROLE = "role"


class Agency(StrEnum):
    """Agencies whose categories §3 maps to (closest fit; an empty list means no dedicated category)."""

    IC3 = "ic3"
    SCAMWATCH = "scamwatch"
    CHINA_MPS = "china_mps"
    SINGAPORE_SPF = "singapore_spf"


@dataclass(frozen=True)
class TypologyEntry:
    """One class, incident code or role."""

    code: str
    kind: Kind
    name_en: str
    name_zh: str
    definition: str
    parent: str | None = None
    name_zh_is_jointdesk_rendering: bool = False
    mappings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def is_incident_code(self) -> bool:
        """True for types and subtypes: the values a ``typology_code`` may take."""
        return self.kind in {Kind.TYPE, Kind.SUBTYPE}


@dataclass(frozen=True)
class Typology:
    """One version of the canonical typology."""

    version: str
    entries: Mapping[str, TypologyEntry]
    aliases: Mapping[str, str]
    agencies: Mapping[str, str]

    def get(self, code: str) -> TypologyEntry:
        """The entry for ``code`` (aliases accepted); :class:`UnknownLabelError` when there is none."""
        key = self.aliases.get(code, code)
        if key not in self.entries:
            raise UnknownLabelError([code], self.entries)
        return self.entries[key]

    @property
    def incident_codes(self) -> tuple[str, ...]:
        """Types and subtypes, in document order."""
        return tuple(code for code, entry in self.entries.items() if entry.is_incident_code)

    @property
    def classifier_labels(self) -> tuple[str, ...]:
        """Every label a canonical classifier may be trained on: the §7 classes, then the incident codes."""
        classes = tuple(code for code, entry in self.entries.items() if entry.kind is Kind.CLASS)
        return classes + self.incident_codes

    def is_incident_code(self, label: str) -> bool:
        """True when ``label`` is a type or subtype code."""
        entry = self.entries.get(label)
        return entry is not None and entry.is_incident_code

    def canonical_label(self, raw: str) -> str:
        """``raw`` as a canonical label (trimmed, upper-cased, aliases resolved) or ``UnknownLabelError``."""
        label = raw.strip().upper()
        label = self.aliases.get(label, label)
        if label not in self.classifier_labels:
            raise UnknownLabelError([raw], self.classifier_labels)
        return label

    def canonicalise(self, labels: Iterable[str]) -> list[str]:
        """Every label through :meth:`canonical_label`; one :class:`UnknownLabelError` lists all bad ones."""
        raw = list(labels)
        allowed = set(self.classifier_labels)
        mapped = [self.aliases.get(label.strip().upper(), label.strip().upper()) for label in raw]
        unknown = {label for label, canonical in zip(raw, mapped, strict=True) if canonical not in allowed}
        if unknown:
            raise UnknownLabelError(unknown, allowed)
        return mapped

    def require_canonical(self, labels: Iterable[str]) -> None:
        """Raise :class:`UnknownLabelError` listing every label that is not a canonical classifier label."""
        allowed = set(self.classifier_labels)
        unknown = {label for label in labels if label not in allowed}
        if unknown:
            raise UnknownLabelError(unknown, allowed)

    def roll_up(self, code: str) -> str:
        """The parent type of a subtype (statistics roll subtypes up); other codes unchanged."""
        entry = self.get(code)
        return entry.parent or entry.code

    def agency_labels(self, code: str, agency: Agency | str) -> tuple[str, ...]:
        """The closest-fit categories of ``agency`` for ``code``; a subtype adds its own to its parent's."""
        entry = self.get(code)
        own = entry.mappings.get(Agency(agency).value, ())
        if entry.parent is None:
            return own
        inherited = self.agency_labels(entry.parent, agency)
        return inherited + tuple(label for label in own if label not in inherited)


def _entry(raw: Mapping[str, Any], kind: Kind) -> TypologyEntry:
    mappings = {str(k): tuple(str(v) for v in values) for k, values in raw.get("mappings", {}).items()}
    unknown = set(mappings) - {agency.value for agency in Agency}
    if unknown:
        raise TypologyError(f"typology data for {raw['code']}: unknown agencies {sorted(unknown)}")
    return TypologyEntry(
        code=str(raw["code"]),
        kind=Kind(raw.get("kind", kind.value)),
        name_en=str(raw["name_en"]),
        name_zh=str(raw["name_zh"]),
        definition=str(raw["definition"]),
        parent=raw.get("parent"),
        name_zh_is_jointdesk_rendering=bool(raw.get("name_zh_is_jointdesk_rendering", False)),
        mappings=MappingProxyType(mappings),
    )


def parse_typology(document: Mapping[str, Any]) -> Typology:
    """Build a :class:`Typology` from the JSON document layout of ``data/typology_v<N>.json``."""
    entries: dict[str, TypologyEntry] = {}
    for section, kind in (("classes", Kind.CLASS), ("codes", Kind.TYPE), ("roles", Kind.ROLE)):
        for raw in document.get(section, []):
            entry = _entry(raw, kind)
            if entry.code in entries:
                raise TypologyError(f"typology data: duplicate code {entry.code}")
            entries[entry.code] = entry
    for entry in entries.values():
        if entry.parent is not None and entry.parent not in entries:
            raise TypologyError(f"typology data: {entry.code} has unknown parent {entry.parent}")
    return Typology(
        version=str(document["version"]),
        entries=MappingProxyType(entries),
        aliases=MappingProxyType(dict(document.get("aliases", {}))),
        agencies=MappingProxyType(dict(document.get("agencies", {}))),
    )


@cache
def load_typology(version: str = CURRENT_VERSION) -> Typology:
    """The shipped typology of ``version`` (cached; the data file is part of the package)."""
    resource = files("jointdesk.typology") / "data" / f"typology_v{version}.json"
    if not resource.is_file():
        raise TypologyError(f"no typology data for version {version!r}")
    return parse_typology(json.loads(resource.read_text(encoding="utf-8")))
