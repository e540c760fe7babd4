"""Profile value objects: locus calls and profiles (dna.md §2.1, §2.2).

A locus call keeps the alleles as reported (a multiset of canonical designations), the obligate
(``required``) alleles, a status (typed / not typed / inconclusive) and a possible drop-out flag. A profile
keeps autosomal loci, Amelogenin and lineage markers apart (§1.2, §1.3).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from jointdesk.dna.compute.alleles import (
    OFF_LADDER,
    WILDCARD,
    is_designated,
    parse_allele,
    sort_alleles,
    split_allele_cell,
)
from jointdesk.dna.compute.errors import ProfileError
from jointdesk.dna.compute.loci import AMEL, canonical_locus, is_lineage_marker


class LocusStatus(StrEnum):
    """Typing status of one locus (§2.1); only ``typed`` loci are compared or used in statistics."""

    TYPED = "typed"
    NOT_TYPED = "not_typed"
    INCONCLUSIVE = "inconclusive"


@dataclass(frozen=True)
class LocusCall:
    """One locus of one profile (§2.1). ``alleles`` is the multiset as reported, canonical strings."""

    locus: str
    alleles: tuple[str, ...] = ()
    status: LocusStatus = LocusStatus.TYPED
    required: frozenset[str] = frozenset()
    possible_dropout: bool = False
    raw_name: str | None = None

    def __post_init__(self) -> None:
        if self.status is LocusStatus.TYPED and not self.alleles:
            raise ProfileError(f"{self.locus}: a typed locus needs at least one allele")
        if self.status is not LocusStatus.TYPED and self.alleles:
            raise ProfileError(f"{self.locus}: a {self.status} locus carries no alleles")
        if not self.required <= set(self.alleles):
            raise ProfileError(f"{self.locus}: required alleles must be among the reported alleles")

    @property
    def is_typed(self) -> bool:
        """True if the locus can be compared (status ``typed``)."""
        return self.status is LocusStatus.TYPED

    @property
    def allele_set(self) -> frozenset[str]:
        """The alleles as a set: ``13,13`` and ``13`` are both ``{13}`` (§2.1)."""
        return frozenset(self.alleles)

    @property
    def has_wildcard(self) -> bool:
        """True if the call holds ``*``."""
        return WILDCARD in self.alleles

    @property
    def has_off_ladder(self) -> bool:
        """True if the call holds ``OL``."""
        return OFF_LADDER in self.alleles

    @property
    def genotype(self) -> tuple[str, str] | None:
        """The single-source genotype (lo, hi) if 1-2 designated alleles, else ``None``."""
        distinct = sort_alleles(self.allele_set)
        if not self.is_typed or len(distinct) > 2 or not all(is_designated(a) for a in distinct):
            return None
        return (distinct[0], distinct[-1])


def not_typed(locus: str, raw_name: str | None = None) -> LocusCall:
    """A ``not_typed`` call for a canonical locus."""
    return LocusCall(locus=locus, status=LocusStatus.NOT_TYPED, raw_name=raw_name)


def make_call(
    raw_name: str,
    values: str | Sequence[str],
    *,
    required: Iterable[str] = (),
    possible_dropout: bool = False,
) -> LocusCall:
    """Build a call from a raw locus name and raw values (a ``"13,14"`` cell or a list); empty → not typed."""
    locus = canonical_locus(raw_name)
    if locus == AMEL:
        raise ProfileError("amelogenin is stored on the profile, not as a locus call (§1.3)")
    cells = split_allele_cell(values) if isinstance(values, str) else split_allele_cell(",".join(values))
    if not cells:
        return not_typed(locus, raw_name)
    alleles = tuple(parse_allele(cell) for cell in cells)
    return LocusCall(
        locus=locus,
        alleles=alleles,
        required=frozenset(parse_allele(r) for r in required),
        possible_dropout=possible_dropout,
        raw_name=raw_name,
    )


@dataclass(frozen=True)
class Profile:
    """An STR profile (§2.2): autosomal calls by canonical locus, Amelogenin and lineage markers apart.

    Only ``profile_ref`` identifies it; no personal data (§2.4).
    """

    profile_ref: str
    loci: Mapping[str, LocusCall] = field(default_factory=dict)
    amel: tuple[str, ...] = ()
    lineage_markers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    mixture: bool = False
    specimen_category: str | None = None

    def __post_init__(self) -> None:
        for name, call in self.loci.items():
            if name != call.locus:
                raise ProfileError(f"locus key {name!r} differs from its call's locus {call.locus!r}")
        if any(value not in {"X", "Y"} for value in self.amel):
            raise ProfileError(f"amelogenin values must be X or Y, got {self.amel!r}")
        object.__setattr__(self, "loci", MappingProxyType(dict(self.loci)))
        object.__setattr__(self, "lineage_markers", MappingProxyType(dict(self.lineage_markers)))

    def call(self, locus: str) -> LocusCall | None:
        """The call at a canonical locus, or ``None`` if absent."""
        return self.loci.get(locus)

    @property
    def typed_loci(self) -> tuple[str, ...]:
        """Canonical names of the loci with status ``typed``."""
        return tuple(name for name, call in self.loci.items() if call.is_typed)


def _parse_amel(values: str | Sequence[str]) -> tuple[str, ...]:
    cells = split_allele_cell(values) if isinstance(values, str) else [v.strip() for v in values if v.strip()]
    return tuple(cell.upper() for cell in cells)


def build_profile(
    profile_ref: str,
    rows: Mapping[str, str | Sequence[str]],
    *,
    required: Mapping[str, Iterable[str]] | None = None,
    mixture: bool = False,
    specimen_category: str | None = None,
) -> Profile:
    """Build a profile from raw locus names → raw values; names are normalised (§1.2).

    Amelogenin goes to ``amel``, Y markers to ``lineage_markers``; an unknown name raises
    :class:`~jointdesk.dna.compute.errors.UnknownLocusError`; two names for one locus raise ``ProfileError``.
    """
    loci: dict[str, LocusCall] = {}
    amel: tuple[str, ...] = ()
    lineage: dict[str, tuple[str, ...]] = {}
    obligate = required or {}
    for raw_name, values in rows.items():
        if is_lineage_marker(raw_name):
            lineage[raw_name] = tuple(
                split_allele_cell(values if isinstance(values, str) else ",".join(values))
            )
            continue
        if canonical_locus(raw_name) == AMEL:
            amel = _parse_amel(values)
            continue
        call = make_call(raw_name, values, required=obligate.get(raw_name, ()))
        if call.locus in loci:
            raise ProfileError(
                f"locus {call.locus} given twice (as {loci[call.locus].raw_name!r} and {raw_name!r})"
            )
        loci[call.locus] = call
    return Profile(
        profile_ref=profile_ref,
        loci=loci,
        amel=amel,
        lineage_markers=lineage,
        mixture=mixture,
        specimen_category=specimen_category,
    )
