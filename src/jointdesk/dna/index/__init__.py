"""In-memory NumPy STR search index (dna.md §6): the same answers as the compute module's matchers, fast.

Pure: no database, web or network code. See :class:`StrIndex` for the API and ``bench/bench_dna.py`` for
the measured speeds.
"""

from jointdesk.dna.index.block import GenotypeBlock
from jointdesk.dna.index.encoding import (
    NOT_TYPED,
    OL_CODE,
    SINGLE,
    STAR_CODE,
    IndexCapacityError,
    LocusAlleles,
    call_code,
    code_alleles,
)
from jointdesk.dna.index.index import StrIndex
from jointdesk.dna.index.results import Candidate

__all__ = [
    "NOT_TYPED",
    "OL_CODE",
    "SINGLE",
    "STAR_CODE",
    "Candidate",
    "GenotypeBlock",
    "IndexCapacityError",
    "LocusAlleles",
    "StrIndex",
    "call_code",
    "code_alleles",
]
