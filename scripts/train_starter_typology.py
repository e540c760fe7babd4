"""Rebuild the shipped starter typology model from the bundled data sets (reproducible: fixed seeds).

    .venv/bin/python scripts/train_starter_typology.py            # train, evaluate, write shipped/
    .venv/bin/python scripts/train_starter_typology.py --skip-evaluation

Reads ``../shared/datasets/{telecom-fraud-5,mendeley-smishing}`` (``--datasets`` to change), maps both to
canonical labels (typology.md §7), removes duplicates, evaluates each data set with the standard
protocol (5-fold stratified, duplicates removed) unless ``--skip-evaluation``, trains one model on both
and writes ``model.skops`` + ``model_card.json`` to ``src/jointdesk/typology/shipped`` (``--out``).
On 2 cores: about 10 minutes with evaluation, 2 without.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date
from pathlib import Path
from typing import Any

from jointdesk.typology.classifier import TypologyClassifier
from jointdesk.typology.converters import CONVERTERS, DATASETS
from jointdesk.typology.corpus import LabelledRow, deduplicate, label_counts
from jointdesk.typology.evaluation import evaluate
from jointdesk.typology.storage import build_card, load_card, save_model
from jointdesk.typology.training import ClassifierConfig

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATASETS = ROOT.parent / "shared" / "datasets"
DEFAULT_OUT = ROOT / "src" / "jointdesk" / "typology" / "shipped"
MODEL_NAME = "jointdesk-typology-starter"
MODEL_VERSION = "1.0.0"
NOTES = (
    "Starter model only: covers NOT_FRAUD, SPAM_PROMO, FRAUD (type not determined) and the codes IMP.GOV, "
    "IMP.CS, IMP.ACQ and LOAN. Other codes need analyst-labelled data: retrain with the same code.",
    "English data carries no typology codes and Chinese data no SPAM_PROMO, so the language of a message "
    "correlates with the label set; never read a code out of an English message from this model.",
    "telecom-fraud-5 scores overstate real-world performance (LLM-generated fraud classes); never cite them "
    "as evidence of quality.",
)


def _summary(report: dict[str, Any]) -> dict[str, Any]:
    keep = ("macro_f1", "macro_f1_std", "fold_macro_f1", "accuracy", "majority_baseline", "per_class")
    summary = {key: report[key] for key in keep}
    summary.update(calibration=report["calibration"], data=report["data"], protocol=report["protocol"])
    summary["confusion_matrix"] = report["confusion_matrix"]
    return summary


def _load(datasets: Path) -> dict[str, list[LabelledRow]]:
    return {name: CONVERTERS[name](datasets / name) for name in DATASETS}


def _metrics(rows: dict[str, list[LabelledRow]], args: argparse.Namespace) -> dict[str, Any]:
    if args.skip_evaluation:
        previous = args.out / "model_card.json"
        return dict(load_card(args.out).get("metrics", {})) if previous.is_file() else {}
    metrics = {}
    for name, dataset_rows in rows.items():
        started = time.perf_counter()
        report = evaluate(dataset_rows, folds=5, seed=args.seed, n_jobs=args.n_jobs, require_canonical=True)
        metrics[name] = _summary(report)
        print(f"{name}: macro-F1 {report['macro_f1']:.4f} ± {report['macro_f1_std']:.4f} "
              f"({time.perf_counter() - started:.0f} s)")  # fmt: skip
    return metrics


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--date", type=date.fromisoformat, default=date.today())
    parser.add_argument("--skip-evaluation", action="store_true", help="keep the metrics of the current card")
    args = parser.parse_args()
    rows = _load(args.datasets)
    metrics = _metrics(rows, args)
    combined = deduplicate([row for dataset_rows in rows.values() for row in dataset_rows])
    print(f"training on {len(combined.rows)} rows: {label_counts(combined.rows)}")
    started = time.perf_counter()
    model = TypologyClassifier(ClassifierConfig(seed=args.seed))
    model.fit(
        [row.text for row in combined.rows], [row.label for row in combined.rows], require_canonical=True
    )
    print(f"trained in {time.perf_counter() - started:.0f} s; selection {model.selection}")
    card = build_card(
        model,
        name=MODEL_NAME,
        model_version=MODEL_VERSION,
        sources=[DATASETS[name] for name in rows],
        metrics=metrics,
        created=args.date,
        notes=NOTES,
    )
    card["training_data"] = {
        "rows_in": sum(len(r) for r in rows.values()),
        "duplicates_removed": combined.duplicates_removed,
        "conflicting_rows_dropped": combined.conflicting_rows_dropped,
        "rows_used": len(combined.rows),
    }
    path = save_model(model, args.out, card)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
    print(json.dumps({name: m["macro_f1"] for name, m in metrics.items()}))


if __name__ == "__main__":
    main()
