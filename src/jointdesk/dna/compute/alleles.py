"""Allele designations as canonical strings, never floats (dna.md §2.1).

``9``, ``9.3``, ``22.2`` are repeat designations (``09`` → ``9``, ``9.30`` → ``9.3``); ``OL`` (off-ladder: a
real allele of unknown name) and ``*`` (wildcard: matches anything) are distinct tokens; "not typed" is a
locus status, never an allele. Frequency tables may also hold range bins such as ``>27`` (FBI 2015).
"""

from __future__ import annotations

import re
from enum import StrEnum

from jointdesk.dna.compute.errors import AlleleError

OFF_LADDER = "OL"
WILDCARD = "*"

#: Cell values meaning "no allele here" (empty CSV cells, SmartRank ``NULL``); a locus with only these is
#: not typed (§2.1, §7.2).
NOT_TYPED_TOKENS: frozenset[str] = frozenset({"", "NULL", "NT"})

_REPEAT = re.compile(r"^0*([0-9]+)(?:\.([0-9]+))?$")
_BIN = re.compile(r"^([<>])\s*0*([0-9]+)$")


class AlleleKind(StrEnum):
    """What a canonical designation denotes (§2.1)."""

    INTEGER = "integer"
    MICROVARIANT = "microvariant"
    OFF_LADDER = "off_ladder"
    WILDCARD = "wildcard"
    BIN = "bin"


def _parse_repeat(text: str, raw: str) -> str:
    match = _REPEAT.match(text)
    if match is None:
        raise AlleleError(raw, "expected an integer, a microvariant like 9.3, 'OL' or '*'")
    whole, fraction = match.group(1), (match.group(2) or "").rstrip("0")
    if len(fraction) > 1:
        raise AlleleError(raw, "a microvariant has one digit after the point")
    if int(whole) == 0:
        raise AlleleError(raw, "repeat number must be positive")
    return f"{int(whole)}.{fraction}" if fraction else str(int(whole))


def parse_allele(raw: str, *, allow_bins: bool = False) -> str:
    """Canonical designation of one allele; raises :class:`AlleleError` (§2.1).

    ``allow_bins`` admits frequency-table range bins such as ``>27``, never used in profiles.
    """
    text = raw.strip()
    upper = text.upper()
    if upper == OFF_LADDER:
        return OFF_LADDER
    if text == WILDCARD:
        return WILDCARD
    if upper in NOT_TYPED_TOKENS:
        raise AlleleError(raw, "empty or not typed: use the locus status, not an allele")
    if allow_bins and (bin_match := _BIN.match(text)):
        return f"{bin_match.group(1)}{int(bin_match.group(2))}"
    return _parse_repeat(text, raw)


def allele_kind(allele: str) -> AlleleKind:
    """The kind of a canonical designation (as returned by :func:`parse_allele`)."""
    if allele == OFF_LADDER:
        return AlleleKind.OFF_LADDER
    if allele == WILDCARD:
        return AlleleKind.WILDCARD
    if allele[:1] in {"<", ">"}:
        return AlleleKind.BIN
    return AlleleKind.MICROVARIANT if "." in allele else AlleleKind.INTEGER


def is_designated(allele: str) -> bool:
    """True for a named repeat allele (integer or microvariant), false for ``OL``, ``*`` and bins."""
    return allele_kind(allele) in {AlleleKind.INTEGER, AlleleKind.MICROVARIANT}


def repeat_parts(allele: str) -> tuple[int, int]:
    """(whole repeats, partial-repeat digit) of a designated allele: ``9.3`` → (9, 3), ``12`` → (12, 0)."""
    if not is_designated(allele):
        raise AlleleError(allele, "not a repeat designation")
    whole, _, fraction = allele.partition(".")
    return int(whole), int(fraction or 0)


def allele_sort_key(allele: str) -> tuple[int, int, int]:
    """Numeric sort key: repeats first (9 < 9.3 < 10), then bins, ``OL``, ``*`` (§2.1)."""
    kind = allele_kind(allele)
    if kind in {AlleleKind.INTEGER, AlleleKind.MICROVARIANT}:
        whole, fraction = repeat_parts(allele)
        return (0, whole, fraction)
    order = {AlleleKind.BIN: 1, AlleleKind.OFF_LADDER: 2, AlleleKind.WILDCARD: 3}
    return (order[kind], int(allele[1:]) if kind is AlleleKind.BIN else 0, 0)


def sort_alleles(alleles: list[str] | tuple[str, ...] | set[str] | frozenset[str]) -> tuple[str, ...]:
    """Alleles sorted by :func:`allele_sort_key`."""
    return tuple(sorted(alleles, key=allele_sort_key))


def split_allele_cell(cell: str) -> list[str]:
    """Split a ``"13, 14"``-style cell into raw allele strings, dropping not-typed tokens (§7.1)."""
    parts = [part.strip() for part in re.split(r"[,;/]", cell)]
    return [part for part in parts if part.upper() not in NOT_TYPED_TOKENS]
