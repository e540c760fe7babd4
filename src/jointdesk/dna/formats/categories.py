"""CMF ``SPECIMENCATEGORY`` ↔ jointdesk specimen categories (dna.md §2.3).

The raw value is always kept (in :class:`~jointdesk.dna.formats.common.SampleMeta`); note the commas in
``Forensic, Unknown``, ``Suspect, Known``, ``Victim, Known``, ``Elimination, Known``. Values not in the
table map to ``other`` (for review). ``identified`` is ``None`` where dna.md says "per case" or "—".
Category names are the values of :class:`jointdesk.dna.rules.Category`.
"""

from __future__ import annotations

from types import MappingProxyType

FORENSIC_MIXTURE = "forensic_mixture"
OTHER = "other"

_TABLE: dict[str, tuple[str, bool | None]] = {
    "Convicted Offender": ("offender", True),
    "Arrestee": ("arrestee", True),
    "Forensic, Unknown": ("forensic_unknown", False),
    "Forensic Mixture": (FORENSIC_MIXTURE, False),
    "Missing Person": ("missing_person", True),
    "Unidentified Person": ("unidentified_remains", False),
    "Biological Mother": ("relative_reference", True),
    "Biological Father": ("relative_reference", True),
    "Biological Sibling": ("relative_reference", True),
    "Biological Child": ("relative_reference", True),
    "Alleged Mother": ("relative_reference", True),
    "Alleged Father": ("relative_reference", True),
    "Maternal Relative": ("relative_reference", True),
    "Paternal Relative": ("relative_reference", True),
    "Deduced Suspect": ("deduced", None),
    "Deduced Suspect Known": ("deduced", None),
    "Deduced Victim Known": ("deduced", None),
    "Suspect, Known": ("case_known", True),
    "Victim, Known": ("case_known", True),
    "Elimination, Known": ("elimination", True),
    "Staff": ("elimination", True),
    "Volunteer": ("elimination", True),
    "Proficiency": ("non_casework", None),
    "Population": ("non_casework", None),
    "Other": (OTHER, None),
}

#: CMF value → (jointdesk category, identified), keyed by the exact CMF spelling.
CMF_CATEGORIES = MappingProxyType(_TABLE)

#: The CMF value written for a category when the raw value is unknown; categories fed by several CMF
#: values (relatives, deduced, case-known, non-casework) have no default and need the raw value.
DEFAULT_CMF_VALUE = MappingProxyType(
    {
        "offender": "Convicted Offender",
        "arrestee": "Arrestee",
        "forensic_unknown": "Forensic, Unknown",
        FORENSIC_MIXTURE: "Forensic Mixture",
        "missing_person": "Missing Person",
        "unidentified_remains": "Unidentified Person",
        "elimination": "Elimination, Known",
        OTHER: "Other",
    }
)


def _key(value: str) -> str:
    return " ".join(value.replace(",", ", ").split()).casefold()


_BY_KEY = {_key(raw): mapped for raw, mapped in _TABLE.items()}


def map_cmf_category(raw: str) -> tuple[str, bool | None]:
    """(category, identified) of a CMF value; case and spacing are ignored; unknown values → ``other``."""
    return _BY_KEY.get(_key(raw), (OTHER, None))


def is_known_cmf_category(raw: str) -> bool:
    """True if the value is in the mapping table (unknown values still import, as ``other``)."""
    return _key(raw) in _BY_KEY
