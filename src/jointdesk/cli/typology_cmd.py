"""``jointdesk typology``: train, evaluate and run the scam-typology classifier from the command line.

Bad input (missing or binary files, wrong CSV columns, empty texts, unknown labels, classes too small
for the folds, damaged models) ends the command with exit code 2 and a message saying what is wrong.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from jointdesk.cli import typology_registry_cmd as registry_cmd
from jointdesk.cli.common import console, emit
from jointdesk.typology.classifier import Prediction, TypologyClassifier
from jointdesk.typology.errors import BinaryTextError, CsvFormatError, TypologyError
from jointdesk.typology.holdout import DEFAULT_FRACTION
from jointdesk.typology.language import detect_languages
from jointdesk.typology.pipeline import FORMATS, read_sources, save_trained, train_model
from jointdesk.typology.storage import load_model, load_shipped_model
from jointdesk.typology.text import check_text

app = typer.Typer(help="Scam typology: train, evaluate and predict message types.", no_args_is_help=True)
DATA_HELP = "Labelled data: a text,label CSV or a bundled data set (file or folder). Repeatable."
FORMAT_HELP = f"Layout of --data: {', '.join(FORMATS)}; once for all files or once per file."
BATCH = 2_000
_SNIFF_BYTES = 8_192


@contextmanager
def _clean_errors() -> Iterator[None]:
    """Typology and file errors become one line on stderr and exit code 2, never a traceback."""
    try:
        yield
    except (TypologyError, csv.Error) as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from exc
    except OSError as exc:
        detail = f"{exc.filename or ''}: {exc.strerror or exc}"
        console.print(f"[red]error:[/red] {escape(detail)}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from exc


# -- train ----------------------------------------------------------------------------------------------


@app.command("train")
def train(
    data: list[Path] = typer.Option([], "--data", help=DATA_HELP),
    out: Path = typer.Option(None, "--out", help="Model directory to write (model, card, held-out split)."),
    from_db: bool = typer.Option(False, "--from-db", help="Add the confirmed report labels of the database."),
    agency: str = typer.Option(None, help="With --from-db: only this agency's confirmed reports."),
    formats: list[str] = typer.Option([], "--format", help=FORMAT_HELP),
    canonical: bool = typer.Option(
        True, "--canonical/--any-labels", help="Require canonical typology labels (a model for reports)."
    ),
    held_out: float = typer.Option(DEFAULT_FRACTION, help="Stratified held-out fraction (0: train on all)."),
    seed: int = typer.Option(0, help="Random seed (split, search)."),
    name: str = typer.Option("", help="Model name for the card (default: the directory name)."),
    version: str = typer.Option("0.1.0", help="Model version for the card."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Train a model on labelled files (and/or confirmed reports) and write it with its card."""
    with _clean_errors():
        if not 0.0 <= held_out < 1.0:
            raise TypologyError(f"--held-out must be in [0, 1), got {held_out}")
        if not data and not from_db:
            raise TypologyError("give --data FILE.csv, --from-db, or both")
        if from_db and not canonical:
            raise TypologyError("--from-db trains a model for reports: canonical labels only")
        folder = out or registry_cmd.candidate_dir(version)
        sources = read_sources(data, formats, require_canonical=canonical) if data else []
        db_rows = registry_cmd.confirmed_rows(agency) if from_db else []
        rows = [row for source in sources for row in source.rows] + db_rows
        result = train_model(rows, canonical=canonical, held_out_fraction=held_out, seed=seed)
        result = replace(result, sources=tuple(sources))
        extra = {"database_rows": len(db_rows)} if from_db else None
        folder = save_trained(
            result, folder, name=name or folder.resolve().name, model_version=version, extra=extra
        )
    summary = {
        "model_dir": str(folder),
        "labels": list(result.model.labels),
        "canonical": canonical,
        "data": result.data,
        "database_rows": len(db_rows),
        "held_out": result.held_out,
    }
    emit(summary, as_json=as_json, human=_train_text(summary))


@app.command("activate")
def activate(
    model: str = typer.Argument(..., help="A candidate's version (trained with --from-db) or its directory."),
    by: str = typer.Option(..., "--by", help="The administrator who activates it (username)."),
    tolerance: float = typer.Option(0.0, min=0.0, max=0.1, help="Allowed macro-F1 drop."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Make a model the one that suggests types for reports, if it does not regress (audited)."""
    result = registry_cmd.activate(model, by=by, tolerance=tolerance)
    new, old = result["candidate"]["macro_f1"], result["active"]["macro_f1"]
    human = f"active model: {result['version']} (on {result['basis']}: macro-F1 {new:.4f} vs {old:.4f})"
    emit(result, as_json=as_json, human=human)


def _train_text(summary: dict[str, Any]) -> str:
    lines = [f"model written to {summary['model_dir']}", f"labels: {', '.join(summary['labels'])}"]
    data = summary["data"]
    lines.append(f"rows: {data['rows_used']} used ({data['duplicates_removed']} duplicates removed), "
                 f"{data['rows_trained_on']} trained on")  # fmt: skip
    held = summary["held_out"]
    if held:
        baseline = held["majority_baseline"]["macro_f1"]
        lines.append(f"held-out ({held['rows']} rows): macro-F1 {held['macro_f1']:.4f}, accuracy "
                     f"{held['accuracy']:.4f} (majority baseline {baseline:.4f})")  # fmt: skip
    return "\n".join(lines)


# -- evaluate -------------------------------------------------------------------------------------------


@app.command("evaluate")
def evaluate_cmd(
    data: list[Path] = typer.Option(..., "--data", help=DATA_HELP),
    formats: list[str] = typer.Option([], "--format", help=FORMAT_HELP),
    folds: int = typer.Option(5, min=2, max=20, help="Stratified cross-validation folds."),
    seed: int = typer.Option(0, help="Random seed of the folds."),
    canonical: bool = typer.Option(
        False, "--canonical/--any-labels", help="Map labels to canonical codes first (refuse unknown ones)."
    ),
    jobs: int = typer.Option(1, min=1, help="Folds run in parallel."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Stratified k-fold evaluation (duplicates removed): macro-F1, per-class scores, confusion matrix."""
    from jointdesk.typology.evaluation import evaluate  # noqa: PLC0415  (imports scikit-learn)

    with _clean_errors():
        sources = read_sources(data, formats, require_canonical=canonical)
        rows = [row for source in sources for row in source.rows]
        report = evaluate(rows, folds=folds, seed=seed, n_jobs=jobs)
    report["files"] = [source.describe() for source in sources]
    emit(report, as_json=as_json, human=_evaluation_text(report))


def _evaluation_text(report: dict[str, Any]) -> str:
    lines = [
        f"macro-F1 {report['macro_f1']:.4f} ± {report['macro_f1_std']:.4f} "
        f"({report['protocol']['folds']}-fold, {report['data']['rows_used']} rows, "
        f"{report['data']['duplicates_removed']} duplicates removed); "
        f"majority baseline {report['majority_baseline']['macro_f1']:.4f}",
        f"{'label':<16}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}",
    ]
    for label, scores in report["per_class"].items():
        lines.append(f"{label:<16}{scores['precision']:>10.4f}{scores['recall']:>10.4f}"
                     f"{scores['f1']:>10.4f}{scores['support']:>10}")  # fmt: skip
    matrix = report["confusion_matrix"]
    lines.append("confusion matrix (rows true, columns predicted): " + ", ".join(matrix["labels"]))
    lines.extend("  " + " ".join(f"{n:>6}" for n in row) for row in matrix["matrix"])
    return "\n".join(lines)


# -- predict --------------------------------------------------------------------------------------------


def _prediction_dict(text: str, prediction: Prediction, language: str | None) -> dict[str, Any]:
    return {
        "text": text,
        "label": prediction.label,
        "probability": prediction.probability,
        "category": prediction.category,
        "category_probability": prediction.category_probability,
        "is_fraud": prediction.is_fraud,
        "fraud_probability": prediction.fraud_probability,
        "typology_code": prediction.typology_code,
        "alternatives": [{"label": label, "probability": p} for label, p in prediction.alternatives],
        "language": language,
    }


def _predict_batch(model: TypologyClassifier, texts: list[str], top: int) -> list[dict[str, Any]]:
    predictions = model.classify(texts, top_k=top)
    languages = detect_languages(texts)
    return [_prediction_dict(*item) for item in zip(texts, predictions, languages, strict=True)]


def _is_csv(path: Path, head: str) -> bool:
    first = head.splitlines()[0] if head else ""
    columns = [name.strip().lower() for name in next(csv.reader([first]), [])]
    return path.suffix.lower() == ".csv" or ("text" in columns and len(columns) > 1)


def _csv_texts(path: Path, handle: io.TextIOBase) -> Iterator[str]:
    reader = csv.DictReader(handle)
    columns = [name.strip().lower() for name in reader.fieldnames or []]
    if "text" not in columns:
        raise CsvFormatError(
            str(path), f"no text column; found {columns or 'no header'}; expected a column text"
        )
    reader.fieldnames = columns
    for record in reader:
        yield check_text(record.get("text") or "", where=f"{path} line {reader.line_num}")


def _line_texts(path: Path, handle: io.TextIOBase) -> Iterator[str]:
    for number, line in enumerate(handle, start=1):
        if line.strip():
            yield check_text(line.rstrip("\r\n"), where=f"{path} line {number}")


def read_messages(path: Path) -> Iterator[str]:
    """Messages of a file, streamed: a CSV with a ``text`` column, or one per line (blank lines skipped)."""
    with path.open("rb") as raw:
        if b"\x00" in raw.read(_SNIFF_BYTES):
            raise BinaryTextError("the file contains NUL bytes", where=str(path))
        raw.seek(0)
        handle = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        try:
            head = handle.read(_SNIFF_BYTES)
            handle.seek(0)
            reader = _csv_texts if _is_csv(path, head) else _line_texts
            yield from reader(path, handle)
        except UnicodeDecodeError as exc:
            raise CsvFormatError(str(path), "not UTF-8 text; save the file as UTF-8") from exc


def _load(model_dir: Path | None) -> TypologyClassifier:
    return load_shipped_model() if model_dir is None else load_model(model_dir)


def _print_human(item: dict[str, Any]) -> None:
    code = item["typology_code"] or "-"
    alternatives = ", ".join(f"{alt['label']} {alt['probability']:.2f}" for alt in item["alternatives"][1:])
    typer.echo(f"{item['label']} {item['probability']:.2f} | {item['category']} (fraud "
               f"{item['fraud_probability']:.2f}) | code {code} | lang {item['language'] or '?'}"
               f"{' | then ' + alternatives if alternatives else ''} | {item['text'][:60]}")  # fmt: skip


def _stream_file(model: TypologyClassifier, path: Path, top: int, as_json: bool) -> int:
    messages = read_messages(path)
    count = 0
    while batch := list(islice(messages, BATCH)):
        for item in _predict_batch(model, batch, top):
            if as_json:
                sys.stdout.write(("[\n" if count == 0 else ",\n") + json.dumps(item, ensure_ascii=False))
            else:
                _print_human(item)
            count += 1
    if count == 0:
        raise TypologyError(f"{path}: no messages in the file")
    if as_json:
        sys.stdout.write("\n]\n")
    return count


@app.command("predict")
def predict(
    text: str | None = typer.Argument(None, help="The message to classify (or use --file)."),
    file: Path | None = typer.Option(
        None, "--file", help="One message per line, or a CSV with a text column."
    ),
    model_dir: Path | None = typer.Option(
        None, "--model", help="Model directory (default: the shipped model)."
    ),
    top: int = typer.Option(3, min=1, help="Alternatives to show, best first."),
    as_json: bool = typer.Option(False, "--json", help="JSON: an object for TEXT, an array for --file."),
) -> None:
    """Predict the scam type, fraud vs not fraud and language of a message or a file of messages."""
    with _clean_errors():
        if (text is None) == (file is None):
            raise TypologyError("give either a TEXT argument or --file, not both or neither")
        model = _load(model_dir)
        if file is not None:
            _stream_file(model, file, top, as_json)
            return
        item = _predict_batch(model, [check_text(text, where="TEXT")], top)[0]
    if as_json:
        emit(item, as_json=True, human="")
    else:
        _print_human(item)
