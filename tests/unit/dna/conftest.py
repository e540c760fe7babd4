"""Fixtures for the DNA computational-core tests: the shared STR frequency dataset (read-only)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

_DEFAULT = Path(__file__).resolve().parents[4] / "shared" / "datasets" / "str-frequencies"


@pytest.fixture(scope="session")
def str_dataset() -> Path:
    """The shared ``str-frequencies`` dataset; tests needing it skip when it is absent."""
    path = Path(os.environ.get("JOINTDESK_STR_DATASET", str(_DEFAULT)))
    if not (path / "SOURCE.md").is_file():
        pytest.skip(f"shared STR dataset not found at {path}")
    return path


@pytest.fixture(scope="session")
def nist_genotype_rows(str_dataset: Path) -> list[dict[str, str]]:
    """The 1,036 NIST genotype rows as dictionaries."""
    with (str_dataset / "nist1036_genotypes.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
