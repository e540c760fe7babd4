"""Typology classifier benchmark: batch throughput per core vs a plain baseline, load time, model size.

    .venv/bin/python bench/bench_typology.py [--datasets ../shared/datasets] [--batch 1000] [--repeat 3]

Throughput is messages per second on one core (BLAS/OpenMP pools limited to one thread, one process),
best of ``--repeat`` passes over every message of each data set in batches of ``--batch``, probabilities
included. The baseline is the "plain" model the issue names: scikit-learn char_wb 1-5-gram TF-IDF +
logistic regression, trained on the same rows, saved with skops too; the table shows the ratio. The
one-message-per-call row is the naive loop (no batching). Load time is measured in fresh processes
(imports included) and in-process (file to ready model). The machine is printed first.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
from sklearn.pipeline import make_pipeline  # type: ignore[import-untyped]
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from jointdesk.typology.converters import CONVERTERS
from jointdesk.typology.storage import MODEL_FILE, load_model, shipped_model_dir

ROOT = Path(__file__).resolve().parents[1]
LOAD_SNIPPET = (
    "import time; t = time.perf_counter(); "
    "from jointdesk.typology.storage import load_shipped_model; load_shipped_model(); "
    "print(time.perf_counter() - t)"
)


def throughput(predict: Callable[[list[str]], Any], texts: Sequence[str], batch: int, repeat: int) -> float:
    """Best messages/second over ``repeat`` passes of ``texts`` in batches of ``batch``."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for start in range(0, len(texts), batch):
            predict(list(texts[start : start + batch]))
        best = min(best, time.perf_counter() - started)
    return len(texts) / best


def baseline(texts: Sequence[str], labels: Sequence[str]) -> Any:
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 5), sublinear_tf=True, min_df=2)
    return make_pipeline(vectorizer, LogisticRegression(max_iter=2000)).fit(list(texts), list(labels))


def load_times(repeat: int) -> tuple[float, float]:
    """(best fresh-process import + load, best in-process load) in seconds."""
    command = [sys.executable, "-c", LOAD_SNIPPET]
    runs = [subprocess.run(command, capture_output=True, text=True, check=True) for _ in range(repeat)]  # noqa: S603
    fresh = min(float(run.stdout) for run in runs)
    warm = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        load_model(shipped_model_dir())
        warm = min(warm, time.perf_counter() - started)
    return fresh, warm


def baseline_file(plain: Any, repeat: int) -> tuple[float, int]:
    """(best in-process load seconds, bytes) of the baseline saved with skops (compressed like ours)."""
    import skops.io as sio  # type: ignore[import-untyped]  # noqa: PLC0415

    data = sio.dumps(plain, compression=zipfile.ZIP_DEFLATED, compresslevel=6)
    trusted = sio.get_untrusted_types(data=data)
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        sio.loads(data, trusted=trusted)
        best = min(best, time.perf_counter() - started)
    return best, len(data)


def machine() -> str:
    """Platform, CPU model and count, Python and library versions."""
    cpu = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        names = [
            line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if "model name" in line
        ]
        cpu = names[0] if names else cpu
    versions = ", ".join(f"{name} {version(name)}" for name in ("numpy", "scipy", "scikit-learn"))
    return (
        f"machine: {platform.platform()} | CPU: {cpu} ({os.cpu_count()} logical cores) | "
        f"Python {platform.python_version()} | {versions}"
    )


def _row(name: str, n: int, ours: float, theirs: float) -> str:
    return f"{name:<28}{n:>8}{ours:>18,.0f}{theirs:>18,.0f}{ours / theirs:>9.1f}x"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--datasets", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--single", type=int, default=1000, help="messages for the one-per-call rows")
    args = parser.parse_args()
    print(machine())
    rows = {name: convert(args.datasets / name) for name, convert in CONVERTERS.items()}
    sets = {name: [row.text for row in data] for name, data in rows.items()}
    sets["both"] = [text for texts in list(sets.values()) for text in texts]
    everything = [row for data in rows.values() for row in data]
    plain = baseline([row.text for row in everything], [row.label for row in everything])
    model = load_model(shipped_model_dir())
    fresh, warm = load_times(args.repeat)
    plain_load, plain_size = baseline_file(plain, args.repeat)
    size = (shipped_model_dir() / MODEL_FILE).stat().st_size
    print(f"\nbatch of {args.batch}, one core, calibrated probabilities, best of {args.repeat}")
    print(f"{'messages/s per core':<28}{'n':>8}{'jointdesk':>18}{'baseline':>18}{'ratio':>10}")
    with threadpool_limits(limits=1):
        for name, texts in sets.items():
            ours = throughput(model.predict_proba, texts, args.batch, args.repeat)
            theirs = throughput(plain.predict_proba, texts, args.batch, args.repeat)
            print(_row(name, len(texts), ours, theirs))
        single = sets["both"][:: max(1, len(sets["both"]) // args.single)][: args.single]
        ours = throughput(model.predict_proba, single, 1, args.repeat)
        theirs = throughput(plain.predict_proba, single, 1, args.repeat)
        print(_row("both, one message per call", len(single), ours, theirs))
    print(f"\n{'':<36}{'jointdesk':>12}{'baseline':>12}{'target':>10}")
    print(f"{'model load, fresh process (imports)':<36}{fresh:>10.2f} s{'':>12}{'< 1 s':>10}")
    print(f"{'model load, in process':<36}{warm:>10.2f} s{plain_load:>10.2f} s{'< 1 s':>10}")
    print(
        f"{'model size (skops, deflate)':<36}{size / 1e6:>9.1f} MB{plain_size / 1e6:>9.1f} MB{'< 50 MB':>10}"
    )
    print(
        f"jointdesk: {len(model.labels)} labels, {model.n_features:,} features; baseline: scikit-learn "
        "char_wb 1-5-gram TF-IDF + logistic regression trained on the same rows"
    )


if __name__ == "__main__":
    main()
