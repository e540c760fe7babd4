"""LRmix Studio / EuroForMix / SmartRank sample CSV (dna.md §7.2).

Evidence ``SampleName,Marker,Allele1..AlleleK[,Height1..HeightK]``; references
``SampleName,Marker,Allele1,Allele2``. ``Sample Name`` and R-mangled ``Allele.1`` headers are accepted, as
are semicolon- and tab-separated files. A marker row with no allele is a not-typed locus. Heights are not
imported (a note names the columns).
"""

from __future__ import annotations

from collections.abc import Iterable

from jointdesk.dna.compute import Profile
from jointdesk.dna.formats._assemble import Assembler
from jointdesk.dna.formats._table import checked, open_table, read_long, write_long
from jointdesk.dna.formats.common import Feature, ImportResult, RefFactory

FORMAT = "lrmix"
_SUPPORTED = frozenset({Feature.NOT_TYPED})


def import_lrmix(
    data: bytes | str,
    *,
    ref_factory: RefFactory | None = None,
    keep_partial: bool = False,
    mixture: bool = False,
    specimen_category: str | None = None,
) -> ImportResult[Profile]:
    """Import an LRmix/EuroForMix sample or reference CSV.

    ``mixture`` and ``specimen_category`` apply to every sample (the format carries neither).
    """
    asm = Assembler(
        FORMAT,
        ref_factory=ref_factory,
        keep_partial=keep_partial,
        mixture=mixture,
        category=specimen_category,
    )
    table = open_table(data, asm)
    if isinstance(table, ImportResult):
        return table
    read_long(table, asm, None)
    return asm.result()


def export_lrmix(profiles: Iterable[Profile], *, allow_lossy: bool = False) -> str:
    """``SampleName,Marker,Allele1..AlleleK`` with K = max(2, most alleles at a locus); canonical names.

    Refuses (``ExportRefusedError``) inconclusive loci, obligate alleles and drop-out flags, which the
    format cannot carry, unless ``allow_lossy``.
    """
    items = checked(profiles, _SUPPORTED, allow_lossy)
    return write_long(items, ("SampleName", "Marker", "Allele"), ",")
