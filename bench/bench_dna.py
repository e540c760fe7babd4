"""STR search-index benchmark (dna.md §6.3): 1,000,000 synthetic profiles from NIST 1036 ``All``.

Side by side in one run: the index (``StrIndex.search``) and a straightforward NumPy full-scan baseline
(``exhaustive=True``: every row of every query locus through per-locus lookup tables, no hash, no posting
lists, no progressive filtering) on the same queries, with their answers compared. Wall-clock times;
the machine's load average is printed because shared runners slow every figure down.
Run: ``python bench/bench_dna.py [profiles] [batch]`` (defaults 1,000,000 and 10,000; ``--help``).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from jointdesk.dna.compute import CodisPolicy, Profile, PrumPolicy, Stringency
from jointdesk.dna.index import StrIndex
from jointdesk.dna.synthetic import Kind, SyntheticConfig, SyntheticProfiles, generate, mixture_of, stain

SEED = 20_260_611
QUERIES = 1_000
MIXTURE_QUERIES = 100
BASELINE_QUERIES = 30
DB_MIXTURES = 200
PERSONS = ("offender", "arrestee")
FORENSIC_TARGETS = ("offender", "arrestee", "forensic_unknown", "forensic_mixture")
HIGH = CodisPolicy(Stringency.HIGH, min_loci=20)
HIGH_PARTIAL = CodisPolicy(Stringency.HIGH, min_loci=8)
MODERATE = CodisPolicy(Stringency.MODERATE, min_loci=8)
PRUM = PrumPolicy()


@dataclass(frozen=True)
class Workload:
    """One row of the table: queries, policy and the category filter of §3.6."""

    name: str
    queries: Sequence[Profile]
    policy: CodisPolicy | PrumPolicy
    categories: tuple[str, ...] | None
    target_ms: float


def machine() -> list[str]:
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text(encoding="utf-8").splitlines() if cpuinfo.exists() else []
    model = next(
        (line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "unknown"
    )
    return [
        f"CPU        {model} ({os.cpu_count()} cores)",
        f"Python     {platform.python_version()} ({platform.python_implementation()})",
        f"NumPy      {np.__version__}",
        f"load avg   {' '.join(f'{v:.2f}' for v in os.getloadavg())} (1/5/15 min, at start)",
    ]


def rss_bytes() -> int:
    return int(Path("/proc/self/statm").read_text(encoding="utf-8").split()[1]) * resource.getpagesize()


def full_rows(data: SyntheticProfiles, rng: random.Random, count: int) -> list[int]:
    """Rows typed at every locus (duplicate checks of full offender profiles)."""
    rows: list[int] = []
    while len(rows) < count:
        row = rng.randrange(len(data))
        if data.kinds[row] != Kind.PARTIAL and (data.block.first[row] >= 0).all():
            rows.append(row)
    return rows


def workloads(data: SyntheticProfiles) -> list[Workload]:
    rng = random.Random(SEED)
    size = len(data)
    persons = [data.profile(row) for row in full_rows(data, rng, QUERIES)]
    stains = [
        stain(data, rng.randrange(size), seed=i, loci=rng.randint(8, 16), dropout=0.1) for i in range(QUERIES)
    ]
    near_rows = np.flatnonzero(data.kinds == Kind.NEAR)
    prum_rows = [
        int(near_rows[i % near_rows.size]) if i % 4 == 0 else rng.randrange(size) for i in range(QUERIES)
    ]
    prum = [
        data.profile(int(data.sources[row])) if data.sources[row] >= 0 else data.profile(row)
        for row in prum_rows
    ]
    mixtures = [
        mixture_of(data, (rng.randrange(size), rng.randrange(size)), seed=i, required=2)
        for i in range(MIXTURE_QUERIES)
    ]
    partials = [stain(data, rng.randrange(size), seed=i, loci=rng.randint(8, 16)) for i in range(QUERIES)]
    return [
        Workload("exact / high stringency (20 loci, hash)", persons, HIGH, PERSONS, 1.0),
        Workload("high stringency, partial 8-16 loci", partials, HIGH_PARTIAL, FORENSIC_TARGETS, 1.0),
        Workload("moderate stringency, stains 8-16 loci", stains, MODERATE, FORENSIC_TARGETS, 20.0),
        Workload("Prüm full + near match", prum, PRUM, None, 20.0),
        Workload("moderate + required, 2-person mixtures", mixtures, MODERATE, PERSONS, 20.0),
    ]


def timed(
    run: Callable[[Profile], list[str]], queries: Sequence[Profile]
) -> tuple[list[float], list[set[str]]]:
    times, answers = [], []
    for query in queries:
        start = time.perf_counter()
        found = run(query)
        times.append(time.perf_counter() - start)
        answers.append(set(found))
    return times, answers


def ms(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(index: StrIndex, work: Workload) -> list[str]:
    def indexed(query: Profile) -> list[str]:
        return [c.profile_ref for c in index.search(query, work.policy, categories=work.categories)]

    def baseline(query: Profile) -> list[str]:
        found = index.search(query, work.policy, categories=work.categories, exhaustive=True)
        return [c.profile_ref for c in found]

    times, answers = timed(indexed, work.queries)
    base_times, base_answers = timed(baseline, work.queries[:BASELINE_QUERIES])
    same = all(a == b for a, b in zip(answers, base_answers, strict=False))
    median, base = 1000 * statistics.median(times), 1000 * statistics.median(base_times)
    hits = sum(len(a) for a in answers) / len(answers)
    verdict = "met" if median <= work.target_ms else "MISSED"
    return [
        f"{work.name:42s} {len(work.queries):5d} {median:9.3f} {ms(times, 0.95):9.3f} {hits:6.2f}"
        f" {base:10.2f} {base / median:7.1f}x  {'yes' if same else 'NO':5s} "
        f"{'<' if work.target_ms < 2 else '≤'} {work.target_ms:g} ms {verdict}"
    ]


def batch(index: StrIndex, data: SyntheticProfiles, count: int) -> list[str]:
    rng = random.Random(SEED + 1)
    stains = [
        stain(data, rng.randrange(len(data)), seed=i, loci=rng.randint(8, 16), dropout=0.1)
        for i in range(count)
    ]
    lines, answers = [], []
    for workers, how in ((1, "1 process"), (2, "2 forked worker processes")):
        start = time.perf_counter()
        found = index.search_batch(
            stains, MODERATE, categories=FORENSIC_TARGETS, workers=workers, processes=workers > 1
        )
        elapsed = time.perf_counter() - start
        answers.append([[c.profile_ref for c in f] for f in found])
        verdict = "met" if elapsed <= 60 else "MISSED"
        lines.append(
            f"batch {count:,} stains vs {len(index):,} (moderate, {how}): {elapsed:6.1f} s"
            f"  ({1000 * elapsed / count:.2f} ms/stain, {sum(len(f) for f in found)} candidates)"
            f"  target ≤ 60 s {verdict}"
        )
    lines.append(f"batch answers identical across runs: {'yes' if answers[0] == answers[1] else 'NO'}")
    return lines


def main(size: int = 1_000_000, batch_size: int = 10_000) -> None:
    print("\n".join(machine()))
    start = time.perf_counter()
    data = generate(SyntheticConfig(size=size, seed=SEED, mixtures=DB_MIXTURES))
    generated = time.perf_counter() - start
    before = rss_bytes()
    start = time.perf_counter()
    index = StrIndex()
    for mixture in data.mixtures:
        index.add(mixture.profile_ref, mixture, "forensic_mixture")
    index.add_block(data.block)
    index.optimize()
    built = time.perf_counter() - start
    grown = rss_bytes() - before
    per_profile = index.memory_bytes() / len(index)
    print(f"profiles   {len(index):,} ({size:,} single-source + {DB_MIXTURES} mixtures), seed {SEED}")
    print(f"generate   {generated:.1f} s (synthetic data, not part of the index)")
    print(
        f"build      {built:.2f} s to queryable (encode, hash, posting lists)   target < 30 s "
        f"{'met' if built < 30 else 'MISSED'}"
    )
    verdict = "met" if per_profile <= 100 else "MISSED"
    mib = index.memory_bytes() / 2**20
    print(
        f"memory     {per_profile:.1f} bytes/profile in index arrays ({mib:.1f} MiB),"
        f" RSS +{grown / len(index):.1f} B/profile   target ≤ 100 {verdict}"
    )
    print(f"posting    {', '.join(index.posting_loci)}")
    print()
    print(
        f"{'workload':42s} {'n':>5s} {'median ms':>9s} {'p95 ms':>9s} {'hits':>6s} {'scan ms':>10s} "
        f"{'speedup':>8s}  {'same':5s} target"
    )
    for work in workloads(data):
        for line in measure(index, work):
            print(line)
    print(
        f"(scan = NumPy full-scan baseline, median of the first {BASELINE_QUERIES} queries; "
        "same = identical candidate sets on those)"
    )
    print()
    for line in batch(index, data, batch_size):
        print(line)
    cached = index.cache_bytes() / 2**20
    print(f"cache      {cached:.1f} MiB of per-genotype comparison states cached by the searches above")
    print(f"load avg   {' '.join(f'{v:.2f}' for v in os.getloadavg())} (1/5/15 min, at end)")


def arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("profiles", nargs="?", type=int, default=1_000_000, help="synthetic profiles indexed")
    parser.add_argument("batch", nargs="?", type=int, default=10_000, help="stains in the batch workload")
    return parser.parse_args(argv)


if __name__ == "__main__":
    parsed = arguments(sys.argv[1:])
    main(parsed.profiles, parsed.batch)
