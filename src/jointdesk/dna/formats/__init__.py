"""Pure import/export of STR profiles (dna.md §7): GeneMapper ID-X, LRmix/EuroForMix CSV, CODIS CMF XML and
a Prüm-logical exchange file. No database, web or network code.

Importers take the file's bytes (or text) and return an :class:`ImportResult` with the good profiles and a
:class:`RowError` for every rejected row; they never raise on bad input. Exporters return text and raise
:class:`~jointdesk.dna.compute.ExportRefusedError` for content the format cannot carry (unless
``allow_lossy``) or may not carry (Prüm: mixtures).
"""

from jointdesk.dna.formats.categories import CMF_CATEGORIES, DEFAULT_CMF_VALUE, map_cmf_category
from jointdesk.dna.formats.cmf import CmfHeader, export_cmf, import_cmf
from jointdesk.dna.formats.common import (
    Feature,
    ImportResult,
    LocusProvenance,
    RefFactory,
    RowError,
    SampleMeta,
    decode_text,
    losses,
)
from jointdesk.dna.formats.genemapper import (
    CONTROL_PATTERN,
    export_genemapper_long,
    export_genemapper_wide,
    import_genemapper,
)
from jointdesk.dna.formats.lrmix import export_lrmix, import_lrmix
from jointdesk.dna.formats.prum import (
    PrumHeader,
    PrumProfileType,
    PrumRecord,
    prum_record,
    read_prum,
    write_prum,
)

__all__ = [
    "CMF_CATEGORIES",
    "CONTROL_PATTERN",
    "DEFAULT_CMF_VALUE",
    "CmfHeader",
    "Feature",
    "ImportResult",
    "LocusProvenance",
    "PrumHeader",
    "PrumProfileType",
    "PrumRecord",
    "RefFactory",
    "RowError",
    "SampleMeta",
    "decode_text",
    "export_cmf",
    "export_genemapper_long",
    "export_genemapper_wide",
    "export_lrmix",
    "import_cmf",
    "import_genemapper",
    "import_lrmix",
    "losses",
    "map_cmf_category",
    "prum_record",
    "read_prum",
    "write_prum",
]
