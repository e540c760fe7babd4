"""Loci, canonical names, aliases and locus sets (dna.md §1).

Names are normalised by a key (uppercase, minus spaces, ``_``, ``-``, ``/``, ``.``) looked up in an alias
table (§1.2). Unknown names raise :class:`UnknownLocusError`; Y-STRs and Y-indels are lineage markers,
kept apart from autosomal loci. Locus sets ship as data (``data/locus_sets.json``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from jointdesk.dna.compute.errors import UnknownLocusError

AMEL = "AMEL"

#: Canonical autosomal STR loci known to the module (CODIS 20, Prüm list, bundled tables).
AUTOSOMAL_LOCI: tuple[str, ...] = (
    "CSF1PO", "FGA", "TH01", "TPOX", "vWA", "D3S1358", "D5S818", "D7S820", "D8S1179", "D13S317",
    "D16S539", "D18S51", "D21S11", "D1S1656", "D2S441", "D2S1338", "D10S1248", "D12S391", "D19S433",
    "D22S1045", "SE33", "Penta C", "Penta D", "Penta E", "FES", "F13A1", "F13B", "CD4", "GABA", "LPL",
    "D6S1043",
)  # fmt: skip

#: Aliases seen in real files (dna.md §1.2), keyed by :func:`locus_key`.
_ALIASES: dict[str, str] = {
    "THO1": "TH01",
    "CSF1P0": "CSF1PO",
    "FESFPS": "FES",
    "F13A01": "F13A1",
    "AMELOGENIN": AMEL,
    "AM": AMEL,
}

#: Pairs of linked loci (same chromosome arm); need linkage-aware likelihoods for close relatives (§4.5).
LINKED_LOCI: frozenset[frozenset[str]] = frozenset({frozenset({"vWA", "D12S391"})})

_STRIP = re.compile(r"[\s_\-/.]")
_LINEAGE = re.compile(r"^(DYS|DYF|YGATA|YINDEL|YIND)")


def locus_key(raw_name: str) -> str:
    """The lookup key of a locus name: uppercased, without spaces, ``_``, ``-``, ``/``, ``.`` (§1.2)."""
    return _STRIP.sub("", raw_name).upper()


@cache
def _canonical_by_key() -> dict[str, str]:
    table = {locus_key(name): name for name in (*AUTOSOMAL_LOCI, AMEL)}
    table.update(_ALIASES)
    return table


def is_lineage_marker(raw_name: str) -> bool:
    """True for Y-STRs and Y-indels (e.g. ``DYS391``): never autosomal matching or statistics (§1.2)."""
    return bool(_LINEAGE.match(locus_key(raw_name)))


def canonical_locus(raw_name: str) -> str:
    """The canonical name of a locus (``AMEL`` included); raises :class:`UnknownLocusError` (§1.2)."""
    if is_lineage_marker(raw_name):
        raise UnknownLocusError(raw_name, "lineage marker, not an autosomal locus")
    found = _canonical_by_key().get(locus_key(raw_name))
    if found is None:
        raise UnknownLocusError(raw_name)
    return found


def canonical_autosomal_locus(raw_name: str) -> str:
    """Like :func:`canonical_locus` but rejects Amelogenin (§1.3: never a locus for matching/statistics)."""
    name = canonical_locus(raw_name)
    if name == AMEL:
        raise UnknownLocusError(raw_name, "amelogenin is not an autosomal STR locus")
    return name


def is_linked(locus_a: str, locus_b: str) -> bool:
    """True if two canonical loci are a known linked pair (dna.md §4.5)."""
    return frozenset({locus_a, locus_b}) in LINKED_LOCI


@dataclass(frozen=True)
class LocusSet:
    """A named set of autosomal loci (§1.1); ``amelogenin`` says whether the kit set also has AMEL."""

    name: str
    title: str
    loci: tuple[str, ...]
    amelogenin: bool
    source: str
    confirmed: bool

    def __contains__(self, locus: object) -> bool:
        return locus in self.loci

    def __len__(self) -> int:
        return len(self.loci)

    @property
    def as_set(self) -> frozenset[str]:
        """The loci as a frozenset."""
        return frozenset(self.loci)


def _parse_locus_set(name: str, raw: dict[str, Any]) -> LocusSet:
    loci = tuple(canonical_autosomal_locus(str(locus)) for locus in raw["loci"])
    return LocusSet(
        name=name,
        title=str(raw["title"]),
        loci=loci,
        amelogenin=bool(raw["amelogenin"]),
        source=str(raw["source"]),
        confirmed=bool(raw["confirmed"]),
    )


@cache
def locus_sets() -> dict[str, LocusSet]:
    """All shipped locus sets by name (``CODIS13``, ``CODIS20``, ``ESS7``, ``ESS12``, ...; §1.1)."""
    text = files("jointdesk.dna").joinpath("data", "locus_sets.json").read_text(encoding="utf-8")
    raw: dict[str, dict[str, Any]] = json.loads(text)
    return {name: _parse_locus_set(name, body) for name, body in raw.items()}


def locus_set(name: str) -> LocusSet:
    """One shipped locus set by name; ``KeyError`` names the unknown set."""
    sets = locus_sets()
    if name not in sets:
        raise KeyError(f"unknown locus set {name!r}; known: {', '.join(sorted(sets))}")
    return sets[name]


CODIS_13 = locus_set("CODIS13")
CODIS_20 = locus_set("CODIS20")
ESS_7 = locus_set("ESS7")
ESS_12 = locus_set("ESS12")
PRUM_INTERPOL = locus_set("PRUM_INTERPOL")
UK_DNA_17 = locus_set("UK_DNA17")
