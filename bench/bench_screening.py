"""Screening-engine benchmark (issue #5: >= 1,000 requests/s).

Side by side in one run, on the same mix of request documents (information, freeze, locate, transfer
batches and the abuse scenarios from tests/unit/screening/scenarios):
  * engine      parse the JSON document with pydantic and ``screen`` it with the cached rule set;
  * baseline 1  parse and validate only (the cost floor of reading a document);
  * baseline 2  a naive engine that re-reads, re-validates and re-hashes the rule set for every request.
Run: ``python bench/bench_screening.py [requests]`` (default 5,000).
"""

from __future__ import annotations

import os
import platform
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pydantic

from jointdesk.screening import DEFAULT_VERSION, RuleSet, ScreeningDocument, load_ruleset, screen
from jointdesk.screening.ruleset import read_config

SCENARIOS = Path(__file__).resolve().parents[1] / "tests" / "unit" / "screening" / "scenarios"
NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)
TARGET_PER_S = 1_000


def machine() -> list[str]:
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text(encoding="utf-8").splitlines() if cpuinfo.exists() else []
    model = next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("model name")), "unknown")
    load = " ".join(f"{v:.2f}" for v in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return [
        f"platform   {platform.platform()}",
        f"CPU        {model} ({os.cpu_count()} cores)",
        f"Python     {platform.python_version()} ({platform.python_implementation()})",
        f"pydantic   {pydantic.VERSION}",
        f"load avg   {load} (1/5/15 min, at start)",
    ]


def documents(count: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SCENARIOS.glob("*.json"))]
    return [texts[i % len(texts)] for i in range(count)]


def engine(text: str) -> object:
    return screen(ScreeningDocument.model_validate_json(text), load_ruleset(), NOW)


def validate_only(text: str) -> object:
    return ScreeningDocument.model_validate_json(text)


def naive_engine(text: str) -> object:
    return screen(
        ScreeningDocument.model_validate_json(text), RuleSet.from_config(read_config(DEFAULT_VERSION)), NOW
    )


def rate(work: Callable[[str], object], docs: list[str]) -> float:
    start = time.perf_counter()
    for text in docs:
        work(text)
    return len(docs) / (time.perf_counter() - start)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000
    docs = documents(count)
    engine(docs[0])  # load and hash the rule set once, outside the timing
    print("\n".join(machine()))
    print(
        f"documents  {count} ({len(set(docs))} distinct: information, freeze, locate, transfer, abuse cases)"
    )
    engine_rate = rate(engine, docs)
    rows = [
        ("engine (parse + screen, cached rule set)", engine_rate),
        ("baseline: parse + validate only", rate(validate_only, docs)),
        (
            "baseline: naive engine, rule set re-read per call",
            rate(naive_engine, docs[: max(count // 10, 50)]),
        ),
    ]
    print(f"\n{'workload':<52}{'requests/s':>12}{'engine ÷ row':>14}")
    for name, value in rows:
        print(f"{name:<52}{value:>12,.0f}{engine_rate / value:>14.2f}")
    verdict = "meets" if engine_rate >= TARGET_PER_S else "MISSES"
    print(f"\ntarget >= {TARGET_PER_S:,} requests/s: {verdict} ({engine_rate:,.0f}/s)")


if __name__ == "__main__":
    main()
