"""Typology classifier benchmark: batch throughput per core vs a plain baseline, load time, model size.

    .venv/bin/python bench/bench_typology.py [--datasets ../shared/datasets] [--batch 1000] [--repeat 3]

Throughput is messages per second on one core (BLAS/OpenMP pools limited to one thread, one process),
best of ``--repeat`` passes over every message of each data set in batches of ``--batch``, probabilities
included. The baseline is the "plain" model the issue names: scikit-learn char_wb 1-5-gram TF-IDF +
logistic regression, trained on the same rows. Load time is measured in fresh processes (imports
included) and in-process (file to ready model).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
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


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--datasets", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = {name: convert(args.datasets / name) for name, convert in CONVERTERS.items()}
    sets = {name: [row.text for row in data] for name, data in rows.items()}
    sets["both"] = [text for texts in list(sets.values()) for text in texts]
    everything = [row for data in rows.values() for row in data]
    plain = baseline([row.text for row in everything], [row.label for row in everything])
    model = load_model(shipped_model_dir())
    fresh, warm = load_times(args.repeat)
    size = (shipped_model_dir() / MODEL_FILE).stat().st_size
    print(f"{'messages':<20}{'n':>8}{'model msg/s/core':>20}{'baseline msg/s/core':>22}")
    with threadpool_limits(limits=1):
        for name, texts in sets.items():
            ours = throughput(model.predict_proba, texts, args.batch, args.repeat)
            theirs = throughput(plain.predict_proba, texts, args.batch, args.repeat)
            print(f"{name:<20}{len(texts):>8}{ours:>20,.0f}{theirs:>22,.0f}")
    print(f"\nmodel load, fresh process (imports included): {fresh:.2f} s")
    print(f"model load, in process (file to ready model):  {warm:.2f} s")
    print(f"model size: {size / 1e6:.1f} MB ({MODEL_FILE}, {len(model.labels)} labels)")


if __name__ == "__main__":
    main()
