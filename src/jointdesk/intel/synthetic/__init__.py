"""Seeded synthetic fraud reports for benchmarks, tests and the demo world. Pure: no database.

``generate_rows`` yields JSON-ready dicts (the shape of ``ReportIn.model_dump(mode="json")``) fast
enough for a million-report benchmark; ``generate`` yields validated :class:`ReportIn` commands;
:class:`SyntheticReports` keeps the counters a benchmark prints (:meth:`SyntheticReports.stats`);
``demo_reports`` is the curated demo set. Reports come from power-law sized crews
(:mod:`~jointdesk.intel.synthetic.crews`) with tiered mule accounts, USDT-TRC20 hops, victim-side
identifiers that never repeat, and planted warning-listed and invalid values at configurable rates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from jointdesk.intel.schemas import ReportIn
from jointdesk.intel.synthetic.countries import DEFAULT_COUNTRIES
from jointdesk.intel.synthetic.crews import Crew, assignment, make_crews
from jointdesk.intel.synthetic.demo import demo_reports
from jointdesk.intel.synthetic.pools import Minter
from jointdesk.intel.synthetic.rows import Rates, RowBuilder
from jointdesk.intel.synthetic.values import FastRandom

DEFAULT_START: Final = datetime(2026, 1, 1, tzinfo=UTC)

__all__ = [
    "DEFAULT_COUNTRIES",
    "PoolStats",
    "Rates",
    "SyntheticReports",
    "demo_reports",
    "generate",
    "generate_rows",
    "source_ref",
]


@dataclass(frozen=True, slots=True)
class PoolStats:
    """What a run made so far: reports, identifier occurrences, distinct scam-side values, crews."""

    reports: int
    sightings: int
    sightings_by_type: dict[str, int]
    distinct_scam_values: int
    victim_values: int
    crews: int
    largest_crew: int
    singleton_crews: int


def source_ref(seed: int, index: int) -> str:
    """The deterministic reference of report ``index`` of the run with ``seed`` (re-runs do not duplicate)."""
    return f"SYN-{seed}-{index:08d}"


class SyntheticReports:
    """One seeded run of ``n_reports``; iterate :meth:`rows` once (or :meth:`reports`)."""

    def __init__(
        self,
        n_reports: int,
        *,
        seed: int,
        countries: Sequence[str] = DEFAULT_COUNTRIES,
        start: datetime = DEFAULT_START,
        days: int = 365,
        rates: Rates | None = None,
    ) -> None:
        if start.tzinfo is None:
            raise ValueError("start must carry a time zone")
        self.n_reports = n_reports
        self.seed = seed
        self._rng = FastRandom(seed)
        self.crews: list[Crew] = make_crews(n_reports, countries, days, self._rng)
        self._order = assignment(self.crews, self._rng)
        self._minter = Minter(self._rng)
        self._builder = RowBuilder(self._rng, self._minter, start.timestamp(), rates or Rates())
        self._types: dict[str, int] = defaultdict(int)
        self._made = 0
        self._victim_values = 0

    def rows(self) -> Iterator[dict[str, Any]]:
        build = self._builder.build
        for index, crew_index in enumerate(self._order):
            row = build(self.crews[crew_index], source_ref(self.seed, index))
            self._count(row)
            yield row

    def reports(self) -> Iterator[ReportIn]:
        for row in self.rows():
            yield ReportIn.model_validate(row)

    def _count(self, row: dict[str, Any]) -> None:
        self._made += 1
        types = self._types
        for item in _occurrences(row):
            types[item["id_type"]] += 1
            if item["role"][0] == "v":
                self._victim_values += 1

    def stats(self) -> PoolStats:
        distinct = sum(len(pool.values) for crew in self.crews for pool in crew.pools.values())
        return PoolStats(
            reports=self._made,
            sightings=sum(self._types.values()),
            sightings_by_type=dict(sorted(self._types.items(), key=lambda kv: -kv[1])),
            distinct_scam_values=distinct,
            victim_values=self._victim_values,
            crews=len(self.crews),
            largest_crew=max((crew.size for crew in self.crews), default=0),
            singleton_crews=sum(crew.size == 1 for crew in self.crews),
        )


def _occurrences(row: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every identifier occurrence of a row: hop-1 payers, every payee (a later hop's payer repeats one)."""
    yield from row["identifiers"]
    for tx in row["transactions"]:
        if tx["hop"] == 1 and tx["payer"] is not None:
            yield tx["payer"]
        if tx["payee"] is not None:
            yield tx["payee"]


def generate_rows(
    n_reports: int,
    *,
    seed: int,
    countries: Sequence[str] = DEFAULT_COUNTRIES,
    start: datetime = DEFAULT_START,
    days: int = 365,
    rates: Rates | None = None,
) -> Iterator[dict[str, Any]]:
    """JSON-ready report dicts (``ReportIn.model_dump(mode="json")`` shape), deterministic by seed."""
    run = SyntheticReports(n_reports, seed=seed, countries=countries, start=start, days=days, rates=rates)
    return run.rows()


def generate(
    n_reports: int,
    *,
    seed: int,
    countries: Sequence[str] = DEFAULT_COUNTRIES,
    start: datetime = DEFAULT_START,
    days: int = 365,
    rates: Rates | None = None,
) -> Iterator[ReportIn]:
    """Validated report commands, deterministic by seed."""
    run = SyntheticReports(n_reports, seed=seed, countries=countries, start=start, days=days, rates=rates)
    return run.reports()
