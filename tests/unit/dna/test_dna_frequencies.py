"""KAT-D, the shipped tables, floors and unseen-allele policies (dna.md §4.1, §5 KAT-D, §9)."""

from __future__ import annotations

import csv
import math
from collections import Counter
from pathlib import Path

import pytest

from jointdesk.dna.compute import (
    FrequencyError,
    FrequencyTable,
    UnseenPolicy,
    allele_space,
    build_profile,
    frequency_table_names,
    load_frequency_table,
    min_allele_frequency,
    table_info,
)
from jointdesk.dna.compute.alleles import parse_allele
from jointdesk.dna.compute.frequencies import OTHER_ALLELE
from jointdesk.dna.compute.loci import CODIS_20, canonical_autosomal_locus

REL = 1e-6


def test_katd_nist_all_csf1po_10() -> None:
    table = load_frequency_table("nist1036", "All")
    assert table.locus_frequencies("CSF1PO")["10"] == pytest.approx(0.232143, rel=REL)
    assert table.n_alleles["CSF1PO"] == 2072


def test_katd_nist_asian_th01_9() -> None:
    table = load_frequency_table("nist1036", "Asian")
    assert table.locus_frequencies("TH01")["9"] == pytest.approx(0.443299, rel=REL)
    assert table.n_alleles["TH01"] == 194


@pytest.mark.parametrize("name", ["nist1036", "fbi2015", "ukdna17"])
def test_katd_every_population_locus_sums_to_one(name: str) -> None:
    for population in table_info(name).populations:
        table = load_frequency_table(name, population)
        for locus in table.loci:
            assert abs(table.locus_sum(locus) - 1.0) <= 1e-5, (name, population, locus)


def test_katd_genotype_file(nist_genotype_rows: list[dict[str, str]]) -> None:
    rows = nist_genotype_rows
    assert len(rows) == 1036
    assert Counter(row["population"] for row in rows) == {"AfAm": 342, "Cauc": 361, "Hisp": 236, "Asian": 97}
    empty = [(row["sample"], key) for row in rows for key, value in row.items() if value == ""]
    assert len(empty) == 4


def test_katd_genotypes_load_as_profiles(nist_genotype_rows: list[dict[str, str]]) -> None:
    """Every genotype row normalises (Penta_D, FESFPS, F13A01) and its empty cells become not typed."""
    not_typed = 0
    for row in nist_genotype_rows:
        profile = build_profile(row["sample"], _row_loci(row))
        assert len(profile.loci) == 29
        not_typed += len(profile.loci) - len(profile.typed_loci)
    assert not_typed == 2


def _row_loci(row: dict[str, str]) -> dict[str, list[str]]:
    loci: dict[str, list[str]] = {}
    for key, value in row.items():
        if key not in {"sample", "population"}:
            loci.setdefault(key.rsplit("_", 1)[0], []).append(value)
    return loci


def test_katd_shipped_counts_tally_the_genotypes(nist_genotype_rows: list[dict[str, str]]) -> None:
    table = load_frequency_table("nist1036", "All")
    tallies: dict[str, Counter[str]] = {}
    for row in nist_genotype_rows:
        for raw_locus, values in _row_loci(row).items():
            locus = canonical_autosomal_locus(raw_locus)
            tallies.setdefault(locus, Counter()).update(parse_allele(v) for v in values if v)
    for locus, counts in tallies.items():
        total = sum(counts.values())
        assert table.n_alleles[locus] == total
        assert table.locus_frequencies(locus) == pytest.approx({a: c / total for a, c in counts.items()})


@pytest.mark.parametrize(
    ("source_file", "name"),
    [
        ("nist1036_allele_freqs.csv", "nist1036"),
        ("fbi2015_allele_freqs.csv", "fbi2015"),
        ("ukdna17_allele_counts.csv", "ukdna17"),
    ],
)
def test_shipped_tables_reproduce_the_shared_dataset(str_dataset: Path, source_file: str, name: str) -> None:
    """The compact shipped counts give back every published frequency and n_alleles."""
    with (str_dataset / source_file).open(encoding="utf-8", newline="") as handle:
        source = list(csv.DictReader(handle))
    tables = {pop: load_frequency_table(name, pop) for pop in table_info(name).populations}
    seen = 0
    for row in source:
        table = tables[row["population"]]
        locus = canonical_autosomal_locus(row["locus"])
        allele = parse_allele(row["allele"], allow_bins=True)
        published = float(row["frequency"])  # six decimals; exact halves such as 0.0234375 round up
        assert table.locus_frequencies(locus)[allele] == pytest.approx(published, abs=5.000001e-7)
        assert table.n_alleles[locus] == int(row["n_alleles"])
        seen += 1
    assert seen == sum(len(locus) for table in tables.values() for locus in table.loci.values())


def test_table_catalogue_and_provenance() -> None:
    assert frequency_table_names() == ("nist1036", "fbi2015", "ukdna17")
    nist = table_info("nist1036")
    assert nist.populations == ("All", "AfAm", "Asian", "Cauc", "Hisp")
    assert "public domain" in nist.licence and "Open Government" in table_info("ukdna17").licence
    assert "Filipino" in table_info("fbi2015").populations
    assert "Chinese_-_EA5" in table_info("ukdna17").populations
    assert set(load_frequency_table().loci) >= CODIS_20.as_set
    assert "CSF1PO" not in load_frequency_table("ukdna17", "Chinese_-_EA5").loci


@pytest.mark.parametrize(
    ("name", "population", "n", "floor"),
    [
        ("nist1036", "All", 1036, 0.00241),
        ("nist1036", "AfAm", 342, 0.00731),
        ("nist1036", "Cauc", 361, 0.00693),
        ("nist1036", "Hisp", 236, 0.01059),
        ("nist1036", "Asian", 97, 0.0258),
        ("fbi2015", "Filipino", 91, 0.0275),
        ("ukdna17", "Chinese_-_EA5", 203, 0.0123),
    ],
)
def test_floors_of_section_9(name: str, population: str, n: int, floor: float) -> None:
    table = load_frequency_table(name, population)
    assert table.n_individuals == n
    assert table.floor == pytest.approx(floor, abs=5e-5)


def test_floor_nrc_example() -> None:
    assert min_allele_frequency(302) == pytest.approx(0.00828, abs=5e-6)
    with pytest.raises(FrequencyError):
        min_allele_frequency(0)


def test_asian_alleles_at_or_below_floor() -> None:
    """§9.3: "58 of its 181 alleles fall below the floor (24 singletons)" at CODIS 20 loci.

    The 58 counts alleles with count <= 5 of 194, i.e. at or below 5/(2N); 7 of them sit exactly on it,
    so strictly below are 51. Either way the floor changes them (§4.1 max(p, floor) is a no-op at equality).
    """
    table = load_frequency_table("nist1036", "Asian")
    counts = [
        round(p * table.n_alleles[locus])
        for locus in CODIS_20.loci
        for p in table.locus_frequencies(locus).values()
    ]
    assert len(counts) == 181 and table.n_individuals == 97
    assert sum(1 for count in counts if count <= 5) == 58
    assert sum(1 for count in counts if count < 5) == 51
    assert counts.count(1) == 24


def test_frequency_lookup_floor_and_unseen() -> None:
    table = load_frequency_table("nist1036", "Asian")
    floor = 5 / 194
    assert table.frequency("TH01", "10") == pytest.approx(floor)
    assert table.frequency("TH01", "10", apply_floor=False) == pytest.approx(1 / 194)
    assert table.frequency("TH01", "13") == pytest.approx(floor)
    assert table.frequency("TH01", "OL") == pytest.approx(floor)
    with pytest.raises(FrequencyError, match="wildcard"):
        table.frequency("TH01", "*")
    with pytest.raises(FrequencyError, match="CSF1PO"):
        load_frequency_table("ukdna17").frequency("CSF1PO", "10")


def test_unknown_table_or_population() -> None:
    with pytest.raises(FrequencyError, match="unknown frequency table"):
        load_frequency_table("popstats")
    with pytest.raises(FrequencyError, match="Martian"):
        load_frequency_table("nist1036", "Martian")


def test_fbi_range_bin_is_kept_as_a_string() -> None:
    table = load_frequency_table("fbi2015", "SE Hispanic")
    assert table.locus_frequencies("D18S51")[">27"] == pytest.approx(0.001901, abs=5e-7)
    assert "Penta D" in table.loci


def test_minf_without_n_uses_database_minimum() -> None:
    table = FrequencyTable.from_frequencies({"vWA": {"14": 0.1, "15": 0.02, "16": 0.88}})
    assert table.floor is None
    assert table.frequency("vWA", "21") == 0.02


def test_unseen_policies_kat6_setup() -> None:
    """KAT-6 table lists only 12, 13, 14 at 0.15 each: pooled_other vs complement differ (§4.1)."""
    listed = {"12": 0.15, "13": 0.15, "14": 0.15}
    pooled = allele_space(listed, ["13", "14"], UnseenPolicy.POOLED_OTHER, 0.001)
    complement = allele_space(listed, ["13", "14"], UnseenPolicy.COMPLEMENT, 0.001)
    min_f = allele_space(listed, ["13", "14", "15"], UnseenPolicy.MIN_F, 0.001)
    assert pooled == pytest.approx({"13": 0.15, "14": 0.15, OTHER_ALLELE: 0.15})
    assert complement == pytest.approx({"13": 0.15, "14": 0.15, OTHER_ALLELE: 0.70})
    assert min_f == pytest.approx({"13": 0.15, "14": 0.15, "15": 0.001})
    assert not math.isclose(pooled[OTHER_ALLELE], complement[OTHER_ALLELE])
