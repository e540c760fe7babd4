"""CSV: one report per row, RFC 4180, UTF-8, a header naming the columns (docs/intel-formats.md).

The first transfer sits in flat columns (``amount``, ``currency``, ``transferred_at``, ``payee_*``);
further hops travel as a JSON array in ``extra_transactions``. ``identifiers`` holds
``type:role:value`` items separated by ``|``: the value is everything after the second ``:`` (so
``bank_account:payee:CN:ICBC:6222…`` works); a ``|`` or ``\\`` inside a value is written ``\\|`` or
``\\\\``; an empty role takes the model's default. List columns use ``|`` as well.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final, TextIO

from jointdesk.intel.formats.common import FormatError, ParsedRow, RowError, build_row, content_ref
from jointdesk.intel.formats.outbound import report_record
from jointdesk.intel.schemas import ReportView

REPORT_COLUMNS: Final = (
    "source_ref",
    "received_at",
    "received_tz",
    "jurisdiction",
    "channel_of_report",
    "language",
    "reporter_role",
    "typology_code",
    "secondary_codes",
    "first_contact_channel",
    "platforms",
    "impersonated_entity",
    "self_effected",
    "narrative",
    "tlp",
    "handling_codes",
    "source_reliability",
    "info_accuracy",
)
VICTIM_COLUMNS: Final = {
    "victim_age_band": "age_band",
    "victim_sex": "sex",
    "victim_nationality": "nationality",
    "victim_residence_country": "residence_country",
    "victim_flags": "vulnerability_flags",
}
TRANSACTION_COLUMNS: Final = {
    "amount": "amount",
    "currency": "currency",
    "transferred_at": "occurred_at",
    "transferred_tz": "occurred_tz",
    "rail": "rail",
    "network": "network",
    "payee_institution": "institution",
    "reference": "reference",
}
PAYEE_COLUMNS: Final = {"payee_type": "id_type", "payee_value": "value", "payee_role": "role"}
COLUMNS: Final = (
    *REPORT_COLUMNS,
    *VICTIM_COLUMNS,
    *TRANSACTION_COLUMNS,
    *PAYEE_COLUMNS,
    "extra_transactions",
    "identifiers",
)
REQUIRED: Final = ("received_at", "jurisdiction", "identifiers")
LIST_COLUMNS: Final = frozenset({"secondary_codes", "platforms", "handling_codes", "victim_flags"})
_TRUE: Final = frozenset({"true", "yes", "1"})
_FALSE: Final = frozenset({"false", "no", "0"})
_ITEM_SPLIT: Final = re.compile(r"(?<!\\)((?:\\\\)*)\|")
_FIELD_BACK: Final = {
    **{f"victim.{model}": column for column, model in VICTIM_COLUMNS.items()},
    **{f"transactions[0].{model}": column for column, model in TRANSACTION_COLUMNS.items()},
    **{f"transactions[0].payee.{model}": column for column, model in PAYEE_COLUMNS.items()},
    "transactions[0].payee": "payee_value",
    "transactions[0]": "amount",
}


def check_header(header: list[str]) -> list[str]:
    names = [name.strip().lstrip("\ufeff") for name in header]
    unknown = sorted(set(names) - set(COLUMNS))
    if unknown:
        raise FormatError("header", f"unknown columns {unknown}; known columns are {list(COLUMNS)}")
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise FormatError("header", f"missing required columns {missing}")
    doubled = sorted({name for name in names if names.count(name) > 1})
    if doubled:
        raise FormatError("header", f"columns named twice {doubled}")
    return names


def read_csv(stream: TextIO) -> Iterator[ParsedRow]:
    """One :class:`ParsedRow` per data row; ``row`` is the line the record starts on."""
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except StopIteration:
        raise FormatError("header", "the file is empty: expected a header row") from None
    names = check_header(header)
    start = reader.line_num + 1
    for cells in reader:
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        yield _parse_row(line, names, cells)


def _parse_row(line: int, names: list[str], cells: list[str]) -> ParsedRow:
    record = {name: cell.strip() for name, cell in zip(names, cells, strict=False) if cell.strip()}
    ref = record.get("source_ref") or content_ref(record)
    if len(cells) != len(names):
        reason = f"the row has {len(cells)} fields, the header {len(names)}"
        return ParsedRow(line, ref, None, (RowError("row", reason),))
    data, errors = _report_data(record)
    if errors:
        return ParsedRow(line, ref, None, tuple(errors))
    return build_row(line, ref, data, rename=_column_of)


def _report_data(record: Mapping[str, str]) -> tuple[dict[str, Any], list[RowError]]:
    errors: list[RowError] = []
    data: dict[str, Any] = {}
    for name in REPORT_COLUMNS:
        if name in record and name != "source_ref":
            data[name] = split_list(record[name]) if name in LIST_COLUMNS else record[name]
    if "self_effected" in data:
        data["self_effected"], errors = _boolean(data["self_effected"], errors)
    victim = {model: _cell(record, column) for column, model in VICTIM_COLUMNS.items() if column in record}
    if victim:
        data["victim"] = victim
    transactions, tx_errors = _transactions(record)
    identifiers, id_errors = parse_identifiers(record.get("identifiers", ""))
    data["transactions"], data["identifiers"] = transactions, identifiers
    return data, errors + tx_errors + id_errors


def _cell(record: Mapping[str, str], column: str) -> Any:
    return split_list(record[column]) if column in LIST_COLUMNS else record[column]


def _boolean(text: str, errors: list[RowError]) -> tuple[bool | None, list[RowError]]:
    folded = text.casefold()
    if folded in _TRUE or folded in _FALSE:
        return folded in _TRUE, errors
    return None, [*errors, RowError("self_effected", "expected true or false")]


def _transactions(record: Mapping[str, str]) -> tuple[list[dict[str, Any]], list[RowError]]:
    found: list[dict[str, Any]] = []
    first: dict[str, Any] = {m: record[c] for c, m in TRANSACTION_COLUMNS.items() if c in record}
    payee = {model: record[column] for column, model in PAYEE_COLUMNS.items() if column in record}
    if payee:
        first["payee"] = payee
    if first:
        found.append(first)
    if "extra_transactions" not in record:
        return found, []
    try:
        extra = json.loads(record["extra_transactions"])
    except json.JSONDecodeError as exc:
        return found, [RowError("extra_transactions", f"invalid JSON: {exc.msg}")]
    if not isinstance(extra, list) or not all(isinstance(item, dict) for item in extra):
        return found, [RowError("extra_transactions", "expected a JSON array of transaction objects")]
    return found + extra, []


def split_list(text: str) -> list[str]:
    return [item.strip() for item in text.split("|") if item.strip()]


def split_items(text: str) -> list[str]:
    """Split on ``|`` not escaped by a backslash; undo ``\\|`` and ``\\\\``."""
    parts = _ITEM_SPLIT.split(text)
    items = [parts[0]]
    for index in range(1, len(parts), 2):
        items[-1] += parts[index]
        items.append(parts[index + 1])
    return [_unescape(item).strip() for item in items if item.strip()]


def _unescape(text: str) -> str:
    return re.sub(r"\\([\\|])", r"\1", text)


def escape_value(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def parse_identifiers(text: str) -> tuple[list[dict[str, str]], list[RowError]]:
    found: list[dict[str, str]] = []
    errors: list[RowError] = []
    for index, item in enumerate(split_items(text)):
        parts = item.split(":", 2)
        if len(parts) < 3 or not parts[0].strip() or not parts[2].strip():
            errors.append(RowError(f"identifiers[{index}]", f"expected type:role:value, got {item!r}"))
            continue
        entry = {"id_type": parts[0].strip(), "value": parts[2].strip()}
        if parts[1].strip():
            entry["role"] = parts[1].strip()
        found.append(entry)
    return found, errors


def _column_of(field: str) -> str:
    """Name a model error by the CSV column the user typed the value in."""
    for prefix in sorted(_FIELD_BACK, key=len, reverse=True):
        if field == prefix or field.startswith(prefix + ".") or field.startswith(prefix + "["):
            return _FIELD_BACK[prefix] + field[len(prefix) :]
    match = re.match(r"transactions\[(\d+)\](.*)", field)
    if match:
        return f"extra_transactions[{int(match.group(1)) - 1}]{match.group(2)}"
    return field


def write_csv(reports: Iterable[ReportView], out: TextIO, *, include_narrative: bool = False) -> int:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for view in reports:
        row = row_of(report_record(view, include_narrative=include_narrative))
        writer.writerow([row.get(column, "") for column in COLUMNS])
        count += 1
    return count


def row_of(record: Mapping[str, Any]) -> dict[str, str]:
    """A ``ReportIn``-shaped dict as CSV cells."""
    row: dict[str, str] = {}
    for name in REPORT_COLUMNS:
        if name in record:
            row[name] = _text(record[name])
    for column, model in VICTIM_COLUMNS.items():
        if model in record.get("victim", {}):
            row[column] = _text(record["victim"][model])
    transactions = list(record.get("transactions", []))
    if transactions:
        first = dict(transactions[0])
        row.update({c: _text(first[m]) for c, m in TRANSACTION_COLUMNS.items() if m in first})
        payee = first.get("payee") or {}
        row.update({c: _text(payee[m]) for c, m in PAYEE_COLUMNS.items() if m in payee})
    if len(transactions) > 1:
        row["extra_transactions"] = json.dumps(transactions[1:], ensure_ascii=False, default=str)
    row["identifiers"] = "|".join(
        f"{i['id_type']}:{i.get('role', '')}:{escape_value(i['value'])}"
        for i in record.get("identifiers", [])
    )
    return row


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "|".join(str(item) for item in value)
    return str(value)
