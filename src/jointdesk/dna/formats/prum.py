"""Prüm-logical exchange file: our partner format carrying exactly the step-1 content (dna.md §3.5, §7.4).

The DICD XML layout is not public, so this is jointdesk's own XML (namespace :data:`NAMESPACE`) with the
logical content only: a header (sending country, message reference, creation time), then per profile an
opaque reference, the profile type (``person`` = identified, ``stain`` = unidentified), and per locus
exactly two values, each a designated allele or the wildcard ``*`` (Annex: homozygote ``a`` → ``a,a``;
non-numeric values, ``0``, ``1``, ``99`` and a third allele → ``*``; see
:func:`~jointdesk.dna.compute.prum_export`). Amelogenin is carried as X/Y, never wildcarded. No mixture,
category, case or personal field exists in the format. A DICD adapter maps it mechanically.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from xml.etree import ElementTree as ET  # building output only; input goes through _xml

from jointdesk.dna.compute import (
    AMEL,
    WILDCARD,
    DnaError,
    ExportRefusedError,
    Profile,
    PrumProfile,
    canonical_locus,
    parse_allele,
    prum_export,
)
from jointdesk.dna.compute.prum import PRUM_EXPORT_LOCI
from jointdesk.dna.formats._xml import MAX_XML_SIZE, Node, XmlRejected, parse_xml, sub, to_xml
from jointdesk.dna.formats.common import ImportResult, RowError, SampleMeta, failed

FORMAT = "prum"
NAMESPACE = "urn:jointdesk:prum-exchange:1"
VERSION = "1"
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_SENT_AS_WILDCARD = frozenset({"1", "99"})


class PrumProfileType(StrEnum):
    """Prüm profile type: a known person's reference profile, or an unidentified stain/remains."""

    PERSON = "person"
    STAIN = "stain"


#: Default profile type per specimen category; categories never exchanged under Prüm are refused.
TYPE_BY_CATEGORY = {
    "offender": PrumProfileType.PERSON,
    "arrestee": PrumProfileType.PERSON,
    "forensic_unknown": PrumProfileType.STAIN,
    "unidentified_remains": PrumProfileType.STAIN,
}
NEVER_EXCHANGED = frozenset({"forensic_mixture", "relative_reference", "elimination", "non_casework"})


@dataclass(frozen=True)
class PrumRecord:
    """One exchanged profile: Prüm values and type."""

    profile: PrumProfile
    profile_type: PrumProfileType


@dataclass(frozen=True)
class PrumHeader:
    """Message header: ISO 3166-1 alpha-2 ``country``, message ``reference``, ``created`` (xsd:dateTime)."""

    country: str
    reference: str
    created: str


def prum_record(profile: Profile, profile_type: PrumProfileType | None = None) -> PrumRecord:
    """Export a profile to Prüm values (mixtures refused) with its type (from the category by default)."""
    category = profile.specimen_category or ""
    if category in NEVER_EXCHANGED:
        raise ExportRefusedError(f"{profile.profile_ref}: {category} profiles are never exchanged")
    kind = profile_type or TYPE_BY_CATEGORY.get(category)
    if kind is None:
        raise ExportRefusedError(f"{profile.profile_ref}: give the profile type for category {category!r}")
    return PrumRecord(prum_export(profile), kind)


def _value_problem(locus: str, value: str) -> str | None:
    """Why ``value`` may not stand at ``locus`` in the exchange, or ``None``."""
    if locus == AMEL:
        return None if value in {"X", "Y"} else "amelogenin values are X or Y"
    if value == WILDCARD:
        return None
    try:
        canonical = parse_allele(value)
    except DnaError as exc:
        return str(exc)
    if canonical in _SENT_AS_WILDCARD or canonical == "OL":
        return f"value {value!r} is sent as {WILDCARD!r} under Prüm"
    return None if canonical == value else f"value {value!r} is not canonical (write {canonical!r})"


def _locus_problem(locus: str, values: Sequence[str]) -> str | None:
    if locus != AMEL and locus not in PRUM_EXPORT_LOCI:
        return f"{locus} is not a Prüm locus"
    count_ok = 1 <= len(values) <= 2 if locus == AMEL else len(values) == 2
    if not count_ok:
        return f"{locus}: {len(values)} values; a locus carries exactly two (AMEL one or two)"
    return next((p for v in values if (p := _value_problem(locus, v)) is not None), None)


def _write_profile(root: ET.Element, record: PrumRecord) -> None:
    profile = record.profile
    if not profile.profile_ref or profile.profile_ref != profile.profile_ref.strip():
        raise ExportRefusedError(f"reference {profile.profile_ref!r} is empty or has surrounding spaces")
    element = sub(root, "Profile", reference=profile.profile_ref, type=record.profile_type.value)
    rows = [*profile.loci.items(), *([(AMEL, profile.amel)] if profile.amel else [])]
    for locus, values in rows:
        if (problem := _locus_problem(locus, values)) is not None:
            raise ExportRefusedError(f"{profile.profile_ref}: {problem}")
        node = sub(element, "Locus", name=locus)
        for value in values:
            sub(node, "Value", value)


def write_prum(records: Iterable[PrumRecord], header: PrumHeader) -> str:
    """The exchange XML; refuses invalid headers, values or loci (``ExportRefusedError``)."""
    if not _COUNTRY.match(header.country) or not header.reference.strip() or not header.created.strip():
        raise ExportRefusedError("header needs an ISO 3166-1 alpha-2 country, a reference and a time")
    root = ET.Element("PrumExchange", {"xmlns": NAMESPACE, "version": VERSION})
    head = sub(root, "Header")
    sub(head, "Country", header.country)
    sub(head, "Reference", header.reference)
    sub(head, "Created", header.created)
    for record in records:
        _write_profile(root, record)
    return to_xml(root)


class _Reader:
    def __init__(self, keep_partial: bool) -> None:
        self.keep_partial = keep_partial
        self.errors: list[RowError] = []
        self.records: dict[str, PrumRecord] = {}
        self.meta: dict[str, SampleMeta] = {}
        self.seen: set[str] = set()

    def _repeated(self, ref: str) -> str:
        """A reference seen before: every profile carrying it is withheld (which one is meant is unknown)."""
        self.records.pop(ref, None)
        self.meta.pop(ref, None)
        return "reference given twice: all profiles with it withheld"

    def header(self, root: Node) -> dict[str, str]:
        head = root.child("Header")
        tags = ("Country", "Reference", "Created")
        fields = {tag: head.child_text(tag) if head is not None else None for tag in tags}
        line = head.line if head is not None else root.line
        for tag, value in fields.items():
            if value is None or (tag == "Country" and not _COUNTRY.match(value)):
                self.errors.append(RowError(line, None, tag, f"missing or bad {tag}"))
        return {tag: value for tag, value in fields.items() if value is not None}

    def unexpected(self, node: Node, allowed: frozenset[str], ref: str | None) -> bool:
        """Record an error per unexpected child element; True if there was none."""
        extra = [child for child in node.children if child.tag not in allowed]
        for child in extra:
            self.errors.append(RowError(child.line, ref, child.tag, f"unexpected element {child.tag}"))
        return not extra

    def locus(self, node: Node, ref: str, loci: dict[str, tuple[str, ...]]) -> bool:
        raw = node.attrs.get("name", "")
        values = tuple(value.text for value in node.named("Value"))
        try:
            locus = canonical_locus(raw)
        except DnaError as exc:
            problem: str | None = str(exc)
        else:
            problem = f"{locus} given twice" if locus in loci else _locus_problem(locus, values)
        if problem is not None:
            self.errors.append(RowError(node.line, ref, raw or "Locus", problem))
            return False
        loci[locus] = values
        return True

    def profile(self, node: Node) -> None:
        ref, kind = node.attrs.get("reference", "").strip(), node.attrs.get("type", "")
        problem = None if ref else "missing reference"
        problem = problem or (self._repeated(ref) if ref in self.seen else None)
        problem = problem or (
            None if kind in set(PrumProfileType) else f"type must be person or stain: {kind!r}"
        )
        self.seen.add(ref)
        if problem is not None:
            self.errors.append(RowError(node.line, ref or None, "Profile", problem))
            return
        loci: dict[str, tuple[str, ...]] = {}
        good = [self.locus(child, ref, loci) for child in node.named("Locus")]
        good.append(self.unexpected(node, frozenset({"Locus"}), ref))
        if not all(good) and not self.keep_partial:
            self.errors.append(RowError(node.line, ref, None, "profile withheld: errors above"))
            return
        amel = loci.pop(AMEL, ())
        pairs = {locus: (values[0], values[1]) for locus, values in loci.items()}
        self.records[ref] = PrumRecord(PrumProfile(ref, pairs, amel), PrumProfileType(kind))
        self.meta[ref] = SampleMeta(sample_id=ref, line=node.line)


def read_prum(
    data: bytes | str, *, keep_partial: bool = False, max_size: int = MAX_XML_SIZE
) -> ImportResult[PrumRecord]:
    """Read an exchange file; unsafe or malformed XML yields one error and no record."""
    try:
        root = parse_xml(data, max_size=max_size)
    except XmlRejected as exc:
        return failed(FORMAT, RowError(exc.line, None, None, exc.reason))
    if root.tag != "PrumExchange" or root.attrs.get("version") != VERSION:
        return failed(
            FORMAT, RowError(root.line, None, None, f"not a version-{VERSION} PrumExchange document")
        )
    reader = _Reader(keep_partial)
    header = reader.header(root)
    reader.unexpected(root, frozenset({"Header", "Profile"}), None)
    for node in root.named("Profile"):
        reader.profile(node)
    return ImportResult(
        format=FORMAT,
        profiles=tuple(reader.records.values()),
        errors=tuple(reader.errors),
        meta=reader.meta,
        header=header,
    )
