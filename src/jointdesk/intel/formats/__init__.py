"""Streaming import and export of fraud reports: CSV, JSON Lines, MISP event JSON, STIX 2.1.

Pure (no database, web or settings). ``read`` yields one :class:`ParsedRow` per input record and
never holds the whole file; ``write`` streams reports out and returns how many it wrote. Formats
and mappings: docs/intel-formats.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Final, TextIO

from jointdesk.intel.formats.common import FORMATS, Format, FormatError, ParsedRow, RowError
from jointdesk.intel.formats.csv_format import read_csv, write_csv
from jointdesk.intel.formats.jsonl import read_jsonl, write_jsonl
from jointdesk.intel.formats.misp_read import read_misp
from jointdesk.intel.formats.misp_write import write_misp
from jointdesk.intel.formats.stix_read import read_stix
from jointdesk.intel.formats.stix_write import write_stix
from jointdesk.intel.schemas import ReportView

Reader = Callable[[TextIO], Iterator[ParsedRow]]
Writer = Callable[..., int]
READERS: Final[dict[str, Reader]] = {
    "csv": read_csv,
    "jsonl": read_jsonl,
    "misp": read_misp,
    "stix": read_stix,
}
WRITERS: Final[dict[str, Writer]] = {
    "csv": write_csv,
    "jsonl": write_jsonl,
    "misp": write_misp,
    "stix": write_stix,
}


def read(fmt: Format, stream: TextIO) -> Iterator[ParsedRow]:
    """One :class:`ParsedRow` per record of ``stream``; raises :class:`FormatError` on a bad header."""
    if fmt not in READERS:
        raise FormatError("format", f"unknown format {fmt!r}; one of {list(FORMATS)}")
    return READERS[fmt](stream)


def write(fmt: Format, reports: Iterable[ReportView], out: TextIO, *, include_narrative: bool = False) -> int:
    """Stream ``reports`` to ``out`` in ``fmt``; returns the number of reports written.

    Victim personal data never leaves; protected identifiers leave masked. The narrative (free text
    that may name the victim) and identifiers extracted from it leave only with ``include_narrative``.
    """
    if fmt not in WRITERS:
        raise FormatError("format", f"unknown format {fmt!r}; one of {list(FORMATS)}")
    return WRITERS[fmt](reports, out, include_narrative=include_narrative)


__all__ = ["FORMATS", "Format", "FormatError", "ParsedRow", "RowError", "read", "write"]
