"""The text,label CSV layout, its errors, and de-duplication."""

from __future__ import annotations

from pathlib import Path

import pytest

from jointdesk.typology.corpus import LabelledRow, deduplicate, read_labelled_csv, write_labelled_csv
from jointdesk.typology.errors import BinaryTextError, CsvFormatError, EmptyTextError, UnknownLabelError


def _csv(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "data.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_round_trip_with_quotes_newlines_and_extra_columns(tmp_path: Path) -> None:
    rows = [LabelledRow('say "hi"\nand, bye', "a"), LabelledRow("二", "b")]
    path = tmp_path / "out.csv"
    assert write_labelled_csv(rows, path) == 2
    assert read_labelled_csv(path) == rows
    extra = _csv(tmp_path, "\ufeffid,Label,TEXT,note\n1,x,hello,n\n")
    assert read_labelled_csv(extra) == [LabelledRow("hello", "x")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("message,category\nhi,x\n", "missing column"),
        ("text\nhi\n", "missing column.*label"),
        ("text,label\n", "no data rows"),
        ("text,label\nhello,\n", "line 2: empty label"),
        ("", "missing column"),
    ],
)
def test_bad_csv_files_say_what_is_wrong(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(CsvFormatError, match=message):
        read_labelled_csv(_csv(tmp_path, content))


def test_encoding_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(CsvFormatError, match="not UTF-8"):
        read_labelled_csv(_csv(tmp_path, "text,label\n假冒,x\n".encode("gb18030")))
    with pytest.raises(BinaryTextError, match="NUL bytes"):
        read_labelled_csv(_csv(tmp_path, b"PK\x03\x04\x00\x00binary"))
    with pytest.raises(CsvFormatError, match="cannot read"):
        read_labelled_csv(tmp_path / "missing.csv")


def test_empty_text_names_its_line(tmp_path: Path) -> None:
    with pytest.raises(EmptyTextError, match=r"data\.csv line 3"):
        read_labelled_csv(_csv(tmp_path, "text,label\nfine,x\n  ,y\n"))


def test_canonical_labels_are_mapped_or_refused(tmp_path: Path) -> None:
    path = _csv(tmp_path, "text,label\na,spam\nb,imp.gov\n")
    assert [row.label for row in read_labelled_csv(path, require_canonical=True)] == ["SPAM_PROMO", "IMP.GOV"]
    with pytest.raises(UnknownLabelError, match="'ham'"):
        read_labelled_csv(_csv(tmp_path, "text,label\na,ham\n"), require_canonical=True)


def test_deduplicate_keeps_first_and_drops_conflicts() -> None:
    rows = [
        LabelledRow("Win NOW", "spam"),
        LabelledRow("  win   now", "spam"),
        LabelledRow("ＷＩＮ now", "spam"),
        LabelledRow("\tClaim prize", "smishing"),
        LabelledRow("claim prize", "spam"),
        LabelledRow("hello", "ham"),
    ]
    result = deduplicate(rows)
    assert [row.text for row in result.rows] == ["Win NOW", "hello"]
    assert (
        result.duplicates_removed,
        result.conflicting_groups_dropped,
        result.conflicting_rows_dropped,
    ) == (2, 1, 2)
