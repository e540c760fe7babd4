"""MISP's correlation design as a baseline: one row per pair of reports sharing a value.

``correlation(a_id, b_id, value)`` holds every unordered pair of reports that share an identifier
(MISP's reworked table; the legacy one stores both directions, twice as many rows), built on the
same ``intel_occurrence`` data the linear design stores. Past ``cap`` pairs the table is built for a
random sample of identifiers and rows, bytes and time are extrapolated by the pair ratio.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

PAIRS = """
SELECT o1.report_id AS a_id, o2.report_id AS b_id, i.canonical AS value
FROM intel_occurrence o1
JOIN intel_occurrence o2 ON o2.identifier_id = o1.identifier_id AND o1.report_id < o2.report_id
JOIN intel_identifier i ON i.id = o1.identifier_id
WHERE o1.identifier_id IN (SELECT id FROM corr_sample)
"""
# Pairs of sightings of one value, less those within one report (the table leaves those out).
EXPECTED = """
SELECT COALESCE(SUM(c * (c - 1) / 2), 0) - (
  SELECT COALESCE(SUM(k * (k - 1) / 2), 0) FROM (
    SELECT COUNT(*) AS k FROM intel_occurrence {where} GROUP BY identifier_id, report_id) AS per_report
) FROM (
  SELECT identifier_id, COUNT(*) AS c FROM intel_occurrence
  {where} GROUP BY identifier_id) AS per_value
"""

SAMPLE = {
    False: "CREATE TABLE corr_sample AS SELECT id FROM intel_identifier"
    " WHERE (abs(random()) % 1000000) < :f * 1000000",
    True: "CREATE TABLE corr_sample AS SELECT id FROM intel_identifier WHERE random() < :f",
}


@dataclass(frozen=True, slots=True)
class Baseline:
    pairs: int  # rows of the full table (extrapolated when sampled)
    built_rows: int
    seconds: float  # to build the full table (extrapolated when sampled)
    table_bytes: int  # of the full table with its two indexes (extrapolated when sampled)
    linear_bytes: int  # intel_occurrence + intel_identifier with their indexes
    occurrences: int
    sampled: float  # fraction of the pairs actually built (1.0 = the whole table)


def build(engine: Engine, *, cap: int = 20_000_000) -> Baseline:
    with engine.begin() as conn:
        expected = int(conn.execute(text(EXPECTED.format(where=""))).scalar_one())
        occurrences = int(conn.execute(text("SELECT COUNT(*) FROM intel_occurrence")).scalar_one())
        fraction = 1.0 if expected <= cap else cap / expected
        _sample(conn, fraction)
        sample_where = "WHERE identifier_id IN (SELECT id FROM corr_sample)"
        in_sample = int(conn.execute(text(EXPECTED.format(where=sample_where))).scalar_one())
        start = time.perf_counter()
        conn.execute(text("CREATE TABLE correlation AS " + PAIRS))
        conn.execute(text("CREATE INDEX ix_corr_a ON correlation (a_id)"))
        conn.execute(text("CREATE INDEX ix_corr_b ON correlation (b_id)"))
        seconds = time.perf_counter() - start
    with engine.begin() as conn:
        built = int(conn.execute(text("SELECT COUNT(*) FROM correlation")).scalar_one())
        table = _bytes(conn, ["correlation"])
        linear = _bytes(conn, ["intel_occurrence", "intel_identifier"])
        conn.execute(text("DROP TABLE correlation"))
        conn.execute(text("DROP TABLE corr_sample"))
    scale = expected / in_sample if in_sample else 1.0
    return Baseline(
        pairs=expected,
        built_rows=built,
        seconds=seconds * scale,
        table_bytes=int(table * scale),
        linear_bytes=linear,
        occurrences=occurrences,
        sampled=in_sample / expected if expected else 1.0,
    )


def _sample(conn: Connection, fraction: float) -> None:
    """Identifiers whose pairs are built: all of them, or a random share (by identifier).

    Analysed at once: without statistics (autovacuum off, or not yet run) PostgreSQL 15 planned
    the pair query as a nested loop that rebuilt a hash of the sample for every sighting and
    had not finished after ten minutes at 1,000,000 reports."""
    conn.execute(text(SAMPLE[conn.dialect.name == "postgresql"]), {"f": fraction})
    conn.execute(text("ANALYZE corr_sample"))


def _bytes(conn: Connection, names: list[str]) -> int:
    """Tables with their indexes."""
    if conn.dialect.name == "postgresql":
        total = 0
        for name in names:
            total += int(conn.execute(text("SELECT pg_total_relation_size(:n)"), {"n": name}).scalar_one())
        return total
    query = text(
        "SELECT COALESCE(SUM(pgsize), 0) FROM dbstat"
        " WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name = :n)"
    )
    seen = 0
    for name in names:
        seen += int(conn.execute(query, {"n": name}).scalar_one())
    return seen
