"""``jointdesk typology`` train / evaluate / predict, bad input, and a language no shipped model saw."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jointdesk.cli.typology_cmd import app
from jointdesk.typology.holdout import regression_check
from jointdesk.typology.pipeline import load_held_out
from jointdesk.typology.storage import load_card, load_model

runner = CliRunner()

# -- a synthetic Indonesian corpus: templates with varied slots (no real data set) ------------------------

_NAMES = ["Budi", "Siti", "Andi", "Dewi", "Rina", "Agus", "Putri", "Joko", "Wati", "Eko", "Sari", "Dimas"]
_PLACES = [
    "kantor",
    "rumah Ibu",
    "warung Pak Darto",
    "stasiun Gambir",
    "kampus",
    "masjid",
    "Indomaret",
    "pasar",
]
_TIMES = ["nanti sore", "besok pagi", "jam 7 malam", "hari Sabtu", "minggu depan", "siang ini", "lusa"]
_SHOPS = ["Tokopedia", "Shopee", "Alfamart", "Indomaret", "Matahari", "Blibli", "Lazada", "Hypermart"]
_ITEMS = ["sepatu", "kulkas", "ponsel", "baju batik", "beras 5kg", "minyak goreng", "laptop", "kopi"]
_AGENCIES = ["Polda Metro Jaya", "Bareskrim Polri", "Kejaksaan Agung", "Ditjen Pajak", "Bea Cukai", "KPK"]
_CASES = ["pencucian uang", "narkoba", "penipuan online", "penggelapan pajak", "paket ilegal"]
_APPS = ["TikTok", "YouTube", "Instagram", "Shopee", "Google Maps"]
_BANKS = ["BCA", "BRI", "Mandiri", "BNI", "CIMB"]

TEMPLATES: dict[str, list[str]] = {
    "NOT_FRAUD": [
        "{name}, {time} kita ketemu di {place} ya",
        "Bu, aku sudah sampai {place}. {time} aku telepon lagi",
        "Jangan lupa bawa {item} ke {place} {time}, makasih {name}",
        "Rapat dipindah ke {place} {time}, tolong kabari {name}",
        "Terima kasih {name}, sampai jumpa {time} di {place}",
        "{name} sakit, jadi {time} aku jaga di {place} dulu",
    ],
    "SPAM_PROMO": [
        "Promo {shop}! Diskon {pct}% untuk {item} {time}. Belanja sekarang",
        "{shop}: beli {item} gratis ongkir, cashback Rp{amount}.000 {time}. Ketik STOP untuk berhenti",
        "Member {shop} dapat potongan {pct}% semua {item}, hanya {time}",
        "Flash sale {shop} {time}: {item} mulai Rp{amount}.900, stok terbatas",
    ],
    "IMP.GOV": [
        "Ini {agency}. Rekening Anda terkait kasus {case}. Transfer dana ke rekening aman {time} untuk pemeriksaan",
        "Surat panggilan {agency}: Anda tersangka {case}. Jangan beritahu siapa pun, bayar jaminan Rp{amount} juta {time}",
        "Petugas {agency} meminta Anda memasang aplikasi verifikasi kasus {case}, jika tidak Anda ditangkap {time}",
        "Surat penangkapan dari {agency} atas {case}. Hubungi 0812{amount}{pct}77 dan transfer agar bebas tuntutan",
    ],
    "TASK": [
        "Kerja paruh waktu dari rumah! Like video {app}, komisi Rp{amount}.000 per tugas, gaji dibayar {time}",
        "Halo kak, ada lowongan admin {app}. Cukup follow dan like, dapat Rp{amount}0.000 per hari, daftar via WhatsApp",
        "Tugas {app} hari ini: isi saldo Rp{amount}0.000 untuk buka komisi {pct}%, dana kembali {time}",
        "Selamat, Anda terpilih jadi reviewer {app}. Deposit dulu ke {bank} untuk naik level VIP, komisi cair {time}",
    ],
}


def _fill(rng: random.Random, template: str) -> str:
    return template.format(
        name=rng.choice(_NAMES), place=rng.choice(_PLACES), time=rng.choice(_TIMES), shop=rng.choice(_SHOPS),
        item=rng.choice(_ITEMS), agency=rng.choice(_AGENCIES), case=rng.choice(_CASES), app=rng.choice(_APPS),
        bank=rng.choice(_BANKS), pct=rng.randint(10, 90), amount=rng.randint(1, 99),
    )  # fmt: skip


def indonesian_rows(per_class: int = 75, seed: int = 11) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    rows = []
    for label, templates in TEMPLATES.items():
        seen: set[str] = set()
        while len(seen) < per_class:
            seen.add(_fill(rng, rng.choice(templates)))
        rows.extend((text, label) for text in sorted(seen))
    rng.shuffle(rows)
    return rows


def write_csv(path: Path, rows: list[tuple[str, str]], header: tuple[str, ...] = ("text", "label")) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def indonesian_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_csv(tmp_path_factory.mktemp("id") / "id.csv", indonesian_rows())


@pytest.fixture(scope="module")
def trained(indonesian_csv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("model") / "id-model"
    code, stdout, stderr = run("train", "--data", str(indonesian_csv), "--out", str(out), "--json")
    assert code == 0, stderr
    assert json.loads(stdout)["labels"] == ["IMP.GOV", "NOT_FRAUD", "SPAM_PROMO", "TASK"]
    return out


# -- train, evaluate, predict ----------------------------------------------------------------------------


def test_unseen_language_beats_the_majority_baseline_on_held_out_data(trained: Path) -> None:
    card = load_card(trained)
    held = card["held_out"]
    assert held["rows"] == 60 and held["fraction"] == 0.2 and set(held["class_counts"].values()) == {15}
    assert held["majority_baseline"]["macro_f1"] < 0.15
    assert held["macro_f1"] >= 0.9 and held["macro_f1"] - held["majority_baseline"]["macro_f1"] > 0.7
    assert (
        card["training_data"]["rows_trained_on"] == 240
        and card["training_data"]["files"][0]["format"] == "csv"
    )
    rows = load_held_out(trained)
    model = load_model(trained)
    predicted = model.predict([row.text for row in rows])
    accuracy = sum(p == row.label for p, row in zip(predicted, rows, strict=True)) / len(rows)
    assert accuracy >= 0.9


def test_evaluate_json_any_label_set(tmp_path: Path) -> None:
    rows = [
        (text, {"NOT_FRAUD": "biasa", "SPAM_PROMO": "iklan"}.get(label, "tipu"))
        for text, label in indonesian_rows(30)
    ]
    rows += rows[:5]  # duplicates are removed
    path = write_csv(tmp_path / "any.csv", rows)
    code, stdout, _err = run("evaluate", "--data", str(path), "--folds", "3", "--json")
    report = json.loads(stdout)
    assert code == 0 and report["labels"] == ["biasa", "iklan", "tipu"]
    assert report["data"]["duplicates_removed"] == 5 and report["data"]["rows_used"] == 120
    assert 0.8 <= report["macro_f1"] <= 1.0 and len(report["fold_macro_f1"]) == 3
    assert report["macro_f1"] > report["majority_baseline"]["macro_f1"] + 0.5
    assert set(report["per_class"]["tipu"]) == {"precision", "recall", "f1", "support"}
    assert sum(map(sum, report["confusion_matrix"]["matrix"])) == 120
    code, stdout, _err = run("evaluate", "--data", str(path), "--folds", "3")
    assert code == 0 and stdout.startswith("macro-F1 ") and "confusion matrix" in stdout


def test_predict_text_and_files(trained: Path, tmp_path: Path) -> None:
    message = (
        "Ini Bareskrim Polri. Rekening Anda terkait kasus narkoba. Transfer dana ke rekening aman besok pagi"
    )
    code, stdout, _err = run("predict", message, "--model", str(trained), "--json", "--top", "2")
    item = json.loads(stdout)
    assert code == 0 and item["label"] == "IMP.GOV" and item["typology_code"] == "IMP.GOV"
    assert item["is_fraud"] and item["category"] == "FRAUD" and 0.5 < item["probability"] <= 1.0
    assert len(item["alternatives"]) == 2 and item["alternatives"][0]["label"] == "IMP.GOV"
    assert item["language"] == "id"
    lines = tmp_path / "messages.txt"
    lines.write_text(
        "Promo Shopee! Diskon 50% untuk kopi besok pagi. Belanja sekarang\n\nBudi, jam 7 malam kita ketemu di kantor ya\n",
        encoding="utf-8",
    )
    code, stdout, _err = run("predict", "--file", str(lines), "--model", str(trained), "--json")
    batch = json.loads(stdout)
    assert code == 0 and [p["label"] for p in batch] == ["SPAM_PROMO", "NOT_FRAUD"]
    assert not batch[1]["is_fraud"] and batch[1]["fraud_probability"] < 0.5
    table = write_csv(tmp_path / "m.csv", [("Budi, besok pagi kita ketemu di pasar ya", "1")], ("text", "id"))
    code, stdout, _err = run("predict", "--file", str(table), "--model", str(trained))
    assert code == 0 and stdout.startswith("NOT_FRAUD ")


def test_predict_with_the_shipped_model() -> None:
    code, stdout, _err = run(
        "predict", "您好，这里是公安局，您的账户涉嫌洗钱，请立即将资金转入安全账户配合调查", "--json"
    )
    item = json.loads(stdout)
    assert code == 0 and item["category"] == "FRAUD" and item["language"] == "zh"


def test_any_labels_model_and_no_held_out(tmp_path: Path) -> None:
    rows = [(text, "x" if label == "NOT_FRAUD" else "y") for text, label in indonesian_rows(20)]
    path = write_csv(tmp_path / "xy.csv", rows)
    out = tmp_path / "xy"
    code, _out, stderr = run("train", "--data", str(path), "--out", str(out))
    assert code == 2 and "unknown label(s) 'x' (" in stderr and "line " in stderr
    code, stdout, _err = run(
        "train", "--data", str(path), "--out", str(out), "--any-labels", "--held-out", "0"
    )
    assert code == 0 and "model written to" in stdout
    card = load_card(out)
    assert card["held_out"] is None and card["labels"] == ["x", "y"] and card["typology_version"] is None


def test_regression_check_between_two_cli_models(trained: Path, tmp_path: Path) -> None:
    rows = [
        (text, "NOT_FRAUD" if label == "NOT_FRAUD" else "FRAUD")
        for text, label in indonesian_rows(40, seed=3)
    ]
    weak = tmp_path / "weak"
    assert run("train", "--data", str(write_csv(tmp_path / "w.csv", rows)), "--out", str(weak))[0] == 0
    held = load_held_out(trained)
    texts, labels = [r.text for r in held], [r.label for r in held]
    report = regression_check(load_model(weak), load_model(trained), texts, labels)
    assert not report.passed and report.macro_f1_change < -0.3 and "TASK" in report.worse_classes
    assert regression_check(load_model(trained), load_model(weak), texts, labels, tolerance=0.02).passed


# -- bad input: exit code 2 with a message, never a traceback ----------------------------------------------


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "cols.csv").write_text("message,category\nhalo,x\n", encoding="utf-8")
    (tmp_path / "bin.csv").write_bytes(b"PK\x03\x04\x00\x00\x01\x02binary")
    (tmp_path / "latin.csv").write_bytes("text,label\ncafé,x\n".encode("latin-1"))
    (tmp_path / "empty_text.csv").write_text("text,label\nhalo,NOT_FRAUD\n   ,NOT_FRAUD\n", encoding="utf-8")
    (tmp_path / "unknown.csv").write_text("text,label\nhalo,NOT_FRAUD\nbayar,phishy\n", encoding="utf-8")
    few = [(f"pesan biasa nomor {i}", "NOT_FRAUD") for i in range(10)] + [
        ("transfer sekarang", "IMP.GOV")
    ] * 2
    few += [("transfer dana ke rekening aman", "IMP.GOV"), ("jaminan Rp5 juta", "IMP.GOV")]
    write_csv(tmp_path / "few.csv", few)
    return {
        name: tmp_path / f"{name}.csv" for name in ("cols", "bin", "latin", "empty_text", "unknown", "few")
    }


@pytest.mark.parametrize(
    ("command", "file", "message"),
    [
        ("evaluate", "missing", "No such file"),
        (
            "evaluate",
            "cols",
            "missing column(s) text, label; found ['message', 'category']; expected a header with the columns text,label",
        ),
        ("evaluate", "bin", "binary data, not text: the file contains NUL bytes"),
        ("evaluate", "latin", "not UTF-8"),
        ("evaluate", "empty_text", "empty_text.csv line 3: empty text"),
        (
            "evaluate",
            "few",
            "too few examples for 5-fold cross-validation after removing duplicates: 'IMP.GOV' has 3",
        ),
        ("train", "unknown", "unknown label(s) 'phishy' ("),
        ("train", "cols", "missing column(s) text, label"),
        ("train", "bin", "binary data"),
        ("train", "missing", "No such file"),
    ],
)
def test_bad_data_files(tmp_path: Path, command: str, file: str, message: str) -> None:
    path = _bad_files(tmp_path).get(file, tmp_path / "nothing.csv")
    extra = ["--canonical", "--folds", "5"] if command == "evaluate" else ["--out", str(tmp_path / "m")]
    code, stdout, stderr = run(command, "--data", str(path), *extra)
    assert code == 2 and stdout == "" and "Traceback" not in stderr
    assert message in stderr


def test_unknown_label_names_its_line(tmp_path: Path) -> None:
    path = _bad_files(tmp_path)["unknown"]
    code, _out, stderr = run("train", "--data", str(path), "--out", str(tmp_path / "m"))
    assert code == 2 and f"unknown label(s) 'phishy' ({path} line 3); canonical labels are " in stderr


def test_too_few_for_a_held_out_split(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "t.csv",
        [(f"halo {i}", "NOT_FRAUD") for i in range(8)] + [("bayar a", "IMP.GOV"), ("bayar b", "IMP.GOV")],
    )
    code, _out, stderr = run("train", "--data", str(path), "--out", str(tmp_path / "m"))
    assert code == 2 and "'IMP.GOV' has 2" in stderr and "held-out split" in stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["predict", "  \n "], "TEXT: empty text"),
        (["predict", "abc\x00\x01\x02"], "binary data"),
        (["predict"], "give either a TEXT argument or --file"),
        (["predict", "--file", "/no/such/file.txt"], "No such file"),
        (["predict", "hello", "--model", "/no/such/model"], "no model file"),
        (["evaluate", "--data", "x.csv", "--format", "excel"], "unknown format 'excel'"),
    ],
)
def test_bad_predict_input(args: list[str], message: str) -> None:
    code, stdout, stderr = run(*args)
    assert code == 2 and stdout == "" and message in stderr and "Traceback" not in stderr


def test_bad_predict_files(tmp_path: Path) -> None:
    blank = tmp_path / "blank.txt"
    blank.write_text("\n \n", encoding="utf-8")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x7fELF\x00\x00\x00")
    table = write_csv(tmp_path / "t.csv", [("halo", "1")], ("message", "id"))
    empty_cell = write_csv(tmp_path / "e.csv", [("halo", "1"), ("", "2")], ("text", "id"))
    for path, message in [
        (blank, "no messages"),
        (binary, "NUL bytes"),
        (table, "no text column; found ['message', 'id']; expected a column text"),
        (empty_cell, "e.csv line 3: empty text"),
    ]:
        code, _out, stderr = run("predict", "--file", str(path))
        assert code == 2 and message in stderr, (path, stderr)


def test_bundled_layouts_are_read_through_their_converters(tmp_path: Path) -> None:
    mendeley = write_csv(
        tmp_path / "Dataset_5971.csv",
        [(label, text, "No", "No", "No") for text, label in
         [(f"hey are we still on for {t}", "ham") for t in ("lunch", "tea", "the game", "dinner", "friday", "golf")]
         + [(f"FREE entry to win a {p}! Txt WIN to 8{n}123", "Spam") for n, p in enumerate(("car", "ipod", "trip", "tv", "phone", "bike"))]],
        ("LABEL", "TEXT", "URL", "EMAIL", "PHONE"),
    )  # fmt: skip
    code, stdout, stderr = run("evaluate", "--data", str(mendeley), "--folds", "2", "--json", "--canonical")
    assert code == 0, stderr
    report = json.loads(stdout)
    assert (
        report["labels"] == ["NOT_FRAUD", "SPAM_PROMO"]
        and report["files"][0]["format"] == "mendeley-smishing"
    )
