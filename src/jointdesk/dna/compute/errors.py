"""Errors raised by the DNA computational core (dna.md §1.2, §2.1, §3.4, §9)."""

from __future__ import annotations


class DnaError(ValueError):
    """Base class: bad input to a DNA computation."""


class UnknownLocusError(DnaError):
    """A locus name that is not in the alias table (dna.md §1.2: reject, never drop silently)."""

    def __init__(self, raw_name: str, reason: str = "unknown locus") -> None:
        super().__init__(f"{reason}: {raw_name!r}")
        self.raw_name = raw_name


class AlleleError(DnaError):
    """An allele designation that cannot be parsed (dna.md §2.1)."""

    def __init__(self, raw: str, reason: str) -> None:
        super().__init__(f"bad allele designation {raw!r}: {reason}")
        self.raw = raw


class ProfileError(DnaError):
    """An inconsistent locus call or profile (dna.md §2.1, §2.2)."""


class FrequencyError(DnaError):
    """A frequency table that is missing, malformed or lacks a locus (dna.md §4.1, §9)."""


class ExportRefusedError(DnaError):
    """A profile that may not be exported in the requested format (dna.md §3.4: no mixtures to Prüm)."""
