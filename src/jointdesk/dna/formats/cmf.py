"""CODIS import file, CMF XML 3.2/3.3 (dna.md §7.3; schema ``urn:CODISImportFile-schema``).

Import: header fields go to :attr:`ImportResult.header`; each ``SPECIMEN`` becomes a profile whose
``profile_ref`` is the ``SPECIMENID`` (or ``ref_factory(SPECIMENID)``), whose category is mapped from
``SPECIMENCATEGORY`` (raw value kept, :mod:`~jointdesk.dna.formats.categories`), ``mixture`` iff
``Forensic Mixture``; ``ALLELEREQUIRED="true"`` alleles become obligate (``required``). ``SOURCEID``,
``CASEID``, ``PARTIAL``, the comment and per-locus ``READINGBY``/``READINGDATETIME``/``BATCHID``/``KIT`` go to
:class:`SampleMeta`. DTDs and entities are refused (entity-expansion attacks); kit names are not validated.

Export writes the same structure back; CODIS keys alleles by value, so a locus's repeated allele
(``13,13``) is written once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree as ET  # building output only; input goes through _xml

from jointdesk.dna.compute import AMEL, ExportRefusedError, LocusCall, Profile
from jointdesk.dna.formats._assemble import Assembler, LocusRow, SampleRows
from jointdesk.dna.formats._xml import MAX_XML_SIZE, Node, XmlRejected, parse_bool, parse_xml, sub, to_xml
from jointdesk.dna.formats.categories import DEFAULT_CMF_VALUE, FORENSIC_MIXTURE, map_cmf_category
from jointdesk.dna.formats.common import (
    Feature,
    ImportResult,
    LocusProvenance,
    RefFactory,
    RowError,
    SampleMeta,
    check_exportable,
    failed,
)

FORMAT = "cmf"
NAMESPACE = "urn:CODISImportFile-schema"
VERSIONS = ("3.2", "3.3")
_HEADER = ("HEADERVERSION", "MESSAGETYPE", "DESTINATIONORI", "SOURCELAB", "SUBMITBYUSERID", "SUBMITDATETIME")
_OPTIONAL_HEADER = ("BATCHID", "KIT")
_SPECIMEN_CHILDREN = frozenset({"SPECIMENID", "SPECIMENCATEGORY", "SPECIMENCOMMENT", "LOCUS"})
_LOCUS_CHILDREN = frozenset({"LOCUSNAME", "READINGBY", "READINGDATETIME", "ALLELE"})
_SUPPORTED = frozenset({Feature.REQUIRED})
#: (locus name, allele values, obligate alleles) of one written LOCUS.
_LocusOut = tuple[str, tuple[str, ...], frozenset[str]]


def _version_ok(text: str | None) -> bool:
    try:
        return text is not None and Decimal(text) in {Decimal(v) for v in VERSIONS}
    except InvalidOperation:
        return False


def _read_header(root: Node, asm: Assembler) -> bool:
    """Fill ``asm.header``; False if the file is not a CMF import this module understands."""
    for tag in (*_HEADER, *_OPTIONAL_HEADER):
        if (text := root.child_text(tag)) is not None:
            asm.header[tag] = text
        elif tag in _HEADER:
            asm.error(root.line, None, tag, f"missing header element {tag}")
    fatal = not _version_ok(asm.header.get("HEADERVERSION"))
    if fatal:
        asm.error(
            root.line, None, "HEADERVERSION", f"unsupported CMF version; expected {' or '.join(VERSIONS)}"
        )
    if asm.header.get("MESSAGETYPE", "Import") != "Import":
        asm.error(root.line, None, "MESSAGETYPE", "MESSAGETYPE must be 'Import'")
        fatal = True
    return not fatal


def _note_unknown(node: Node, known: Iterable[str], asm: Assembler) -> None:
    allowed = set(known)
    for child in node.children:
        if child.tag not in allowed:
            asm.notes.append(f"line {child.line}: element {child.tag} not imported")


def _allele(node: Node, sample: SampleRows, locus: str, asm: Assembler) -> tuple[str, bool] | None:
    value = node.child_text("ALLELEVALUE")
    flag = parse_bool(node.attrs.get("ALLELEREQUIRED", "false"))
    if value is None or len(value) > 10:
        asm.error(node.line, sample, locus, "ALLELEVALUE missing or longer than 10 characters")
    elif flag is None:
        asm.error(node.line, sample, locus, "ALLELEREQUIRED must be true or false")
    else:
        return value, flag
    return None


def _read_locus(node: Node, sample: SampleRows, asm: Assembler) -> None:
    _note_unknown(node, _LOCUS_CHILDREN, asm)
    name = node.child_text("LOCUSNAME")
    alleles = node.named("ALLELE")
    if name is None:
        asm.error(node.line, sample, "LOCUSNAME", "LOCUS without LOCUSNAME")
        return
    if not 1 <= len(alleles) <= 8:
        asm.error(node.line, sample, name, f"a CMF LOCUS holds 1-8 ALLELE elements, found {len(alleles)}")
        return
    parsed = [_allele(allele, sample, name, asm) for allele in alleles]
    if any(item is None for item in parsed):
        return
    values = [item[0] for item in parsed if item is not None]
    required = tuple(item[0] for item in parsed if item is not None and item[1])
    provenance = LocusProvenance(
        reading_by=node.child_text("READINGBY"),
        reading_at=node.child_text("READINGDATETIME"),
        batch_id=node.attrs.get("BATCHID"),
        kit=node.attrs.get("KIT"),
    )
    asm.add(sample, LocusRow(name, values, node.line, required, provenance))


def _specimen_meta(node: Node, sample_id: str, raw: str, identified: bool | None) -> SampleMeta:
    partial = node.attrs.get("PARTIAL")
    return SampleMeta(
        sample_id=sample_id,
        raw_category=raw,
        identified=identified,
        case_id=node.attrs.get("CASEID"),
        source_id=node.attrs.get("SOURCEID"),
        partial=parse_bool(partial) if partial is not None else None,
        comment=node.child_text("SPECIMENCOMMENT"),
    )


def _read_specimen(node: Node, asm: Assembler) -> None:
    _note_unknown(node, _SPECIMEN_CHILDREN, asm)
    sample_id = node.child_text("SPECIMENID")
    if sample_id is None or len(sample_id) > 24:
        asm.error(node.line, sample_id, "SPECIMENID", "SPECIMENID missing or longer than 24 characters")
        return
    if sample_id in asm.samples:
        asm.error(node.line, asm.samples[sample_id], "SPECIMENID", "SPECIMENID given twice")
        return
    sample = asm.sample(sample_id, node.line)
    raw = node.child_text("SPECIMENCATEGORY")
    if raw is None:
        asm.error(node.line, sample, "SPECIMENCATEGORY", "missing SPECIMENCATEGORY")
        return
    sample.category, identified = map_cmf_category(raw)
    sample.mixture = sample.category == FORENSIC_MIXTURE
    sample.meta = _specimen_meta(node, sample_id, raw, identified)
    if "PARTIAL" in node.attrs and sample.meta.partial is None:
        asm.error(node.line, sample, "PARTIAL", "PARTIAL must be true or false")
    loci = node.named("LOCUS")
    if len(loci) > 32:
        asm.error(node.line, sample, "LOCUS", f"at most 32 LOCUS elements, found {len(loci)}")
    for locus in loci:
        _read_locus(locus, sample, asm)


def import_cmf(
    data: bytes | str,
    *,
    ref_factory: RefFactory | None = None,
    keep_partial: bool = False,
    max_size: int = MAX_XML_SIZE,
) -> ImportResult[Profile]:
    """Import a CODIS CMF 3.2/3.3 file; malformed or unsafe XML yields one error and no profile."""
    try:
        root = parse_xml(data, max_size=max_size)
    except XmlRejected as exc:
        return failed(FORMAT, RowError(exc.line, None, None, exc.reason))
    if root.tag != "CODISImportFile":
        return failed(
            FORMAT, RowError(root.line, None, None, f"root element is {root.tag}, not CODISImportFile")
        )
    asm = Assembler(FORMAT, ref_factory=ref_factory, keep_partial=keep_partial)
    if _read_header(root, asm):
        for specimen in root.named("SPECIMEN"):
            _read_specimen(specimen, asm)
        _note_unknown(root, {*_HEADER, *_OPTIONAL_HEADER, "SPECIMEN"}, asm)
    return asm.result()


@dataclass(frozen=True)
class CmfHeader:
    """Header of an exported CMF file; ``submitted_at`` is an ``xsd:dateTime`` such as
    ``2024-05-02T09:30:00``; it and ``submit_by`` fill loci without their own reading provenance."""

    destination_ori: str
    source_lab: str
    submit_by: str
    submitted_at: str
    version: str = "3.2"
    batch_id: str | None = None
    kit: str | None = None


def _limit(value: str, size: int, what: str) -> str:
    if not 1 <= len(value) <= size:
        raise ExportRefusedError(f"{what} {value!r} must have 1-{size} characters")
    return value


def _write_header(header: CmfHeader) -> ET.Element:
    if header.version not in VERSIONS:
        raise ExportRefusedError(f"CMF version {header.version!r} not supported")
    root = ET.Element("CODISImportFile", {"xmlns": NAMESPACE})
    sub(root, "HEADERVERSION", header.version)
    sub(root, "MESSAGETYPE", "Import")
    sub(root, "DESTINATIONORI", _limit(header.destination_ori, 10, "DESTINATIONORI"))
    sub(root, "SOURCELAB", _limit(header.source_lab, 10, "SOURCELAB"))
    sub(root, "SUBMITBYUSERID", _limit(header.submit_by, 20, "SUBMITBYUSERID"))
    sub(root, "SUBMITDATETIME", header.submitted_at)
    for tag, value in (("BATCHID", header.batch_id), ("KIT", header.kit)):
        if value is not None:
            sub(root, tag, value)
    return root


def _category(profile: Profile, meta: SampleMeta | None) -> str:
    raw = meta.raw_category if meta is not None else None
    category = profile.specimen_category
    if raw is None:
        raw = DEFAULT_CMF_VALUE.get(category or "")
        if raw is None:
            raise ExportRefusedError(f"{profile.profile_ref}: category {category!r} needs its raw CMF value")
    if map_cmf_category(raw)[0] != category:
        raise ExportRefusedError(f"{profile.profile_ref}: CMF category {raw!r} does not map to {category!r}")
    if profile.mixture != (category == FORENSIC_MIXTURE):
        raise ExportRefusedError(f"{profile.profile_ref}: only 'Forensic Mixture' profiles are mixtures")
    return raw


def _write_locus(parent: ET.Element, row: _LocusOut, origin: LocusProvenance, header: CmfHeader) -> None:
    name, values, required = row
    attrs = {key: value for key, value in (("BATCHID", origin.batch_id), ("KIT", origin.kit)) if value}
    element = sub(parent, "LOCUS", **attrs)
    sub(element, "LOCUSNAME", _limit(name, 20, "LOCUSNAME"))
    sub(element, "READINGBY", _limit(origin.reading_by or header.submit_by, 20, "READINGBY"))
    sub(element, "READINGDATETIME", origin.reading_at or header.submitted_at)
    distinct = list(dict.fromkeys(values))
    if not 1 <= len(distinct) <= 8:
        raise ExportRefusedError(f"locus {name}: CMF holds 1-8 alleles, got {len(distinct)}")
    for value in distinct:
        allele = (
            sub(element, "ALLELE", ALLELEREQUIRED="true") if value in required else sub(element, "ALLELE")
        )
        sub(allele, "ALLELEVALUE", _limit(value, 10, "ALLELEVALUE"))


def _specimen_loci(profile: Profile) -> list[_LocusOut]:
    typed: list[tuple[str, LocusCall]] = [(n, c) for n, c in profile.loci.items() if c.is_typed]
    rows: list[_LocusOut] = [(AMEL, profile.amel, frozenset())] if profile.amel else []
    rows += [(name, call.alleles, call.required) for name, call in typed]
    rows += [(name, values, frozenset()) for name, values in profile.lineage_markers.items() if values]
    if len(rows) > 32:
        raise ExportRefusedError(f"{profile.profile_ref}: CMF holds at most 32 loci, got {len(rows)}")
    return rows


def _write_specimen(root: ET.Element, profile: Profile, meta: SampleMeta | None, header: CmfHeader) -> None:
    attrs = {} if meta is None else _specimen_attrs(meta)
    element = sub(root, "SPECIMEN", **attrs)
    sub(element, "SPECIMENID", _limit(profile.profile_ref, 24, "SPECIMENID"))
    sub(element, "SPECIMENCATEGORY", _category(profile, meta))
    if meta is not None and meta.comment is not None:
        sub(element, "SPECIMENCOMMENT", meta.comment)
    provenance = meta.loci if meta is not None else {}
    for row in _specimen_loci(profile):
        _write_locus(element, row, provenance.get(row[0], LocusProvenance()), header)


def _specimen_attrs(meta: SampleMeta) -> dict[str, str]:
    attrs = {"SOURCEID": meta.source_id, "CASEID": meta.case_id}
    if meta.partial is not None:
        attrs["PARTIAL"] = "true" if meta.partial else "false"
    return {key: value for key, value in attrs.items() if value is not None}


def export_cmf(
    profiles: Iterable[Profile],
    header: CmfHeader,
    *,
    meta: Mapping[str, SampleMeta] | None = None,
    allow_lossy: bool = False,
) -> str:
    """CMF XML for ``profiles``; ``meta`` (by ``profile_ref``, e.g. from :func:`import_cmf`) supplies raw
    categories, case ids and reading provenance. Not-typed, inconclusive and drop-out-flagged loci cannot
    be written: refused unless ``allow_lossy`` (then not-typed/inconclusive loci are left out)."""
    root = _write_header(header)
    for profile in profiles:
        check_exportable(profile, _SUPPORTED, allow_lossy=allow_lossy)
        _write_specimen(root, profile, (meta or {}).get(profile.profile_ref), header)
    return to_xml(root)
