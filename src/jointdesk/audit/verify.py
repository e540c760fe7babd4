"""Offline verification of an exported log: recompute every hash, root and signature.

Pure: no database. Used by ``jointdesk audit verify FILE`` and by outside auditors.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature

from jointdesk.audit.canonical import canonical_json
from jointdesk.audit.checkpoint import (
    CheckpointError,
    NoteVerifier,
    parse_checkpoint,
    parse_vkey,
    verify_note,
)
from jointdesk.audit.frontier import append_leaf, root_of
from jointdesk.audit.merkle import leaf_hash, root_from_leaf_hashes

EXPORT_FORMAT = "jointdesk-audit-export/1"
SEAL_CONTEXT = b"jointdesk-audit-export-seal/1\n"


class VerificationError(Exception):
    """The export is not intact; the message names the first bad line or entry."""


@dataclass
class VerificationReport:
    origin: str
    size: int
    checkpoints: list[int] = field(default_factory=list)
    key: str = ""
    key_pinned: bool = False
    root: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": True,
            "origin": self.origin,
            "entries": self.size,
            "checkpoints": self.checkpoints,
            "log_key": self.key,
            "key_pinned": self.key_pinned,
            "root": self.root,
        }


def seal_message(digest: bytes) -> bytes:
    return SEAL_CONTEXT + digest


def verify_export(data: bytes, *, trusted_vkey: str | None = None) -> VerificationReport:
    """Raise VerificationError at the first problem; return a report when everything holds."""
    lines = _split_lines(data)
    records = [_parse_line(number, raw) for number, raw in enumerate(lines, start=1)]
    header = _header(records[0])
    verifier = _verifier(header, trusted_vkey)
    _check_seal(data, lines, records[-1], verifier)
    leaves = _check_leaves(records[1:-1])
    report = VerificationReport(
        origin=header["origin"], size=len(leaves), key=header["log_key"], key_pinned=bool(trusted_vkey)
    )
    report.checkpoints = _check_checkpoints(records[1:-1], leaves, header["origin"], verifier)
    report.root = root_from_leaf_hashes(leaves).hex()
    if header["size"] != len(leaves):
        raise VerificationError(f"header: size {header['size']} but {len(leaves)} entries present")
    return report


def _split_lines(data: bytes) -> list[bytes]:
    if not data.endswith(b"\n"):
        raise VerificationError("file: does not end with a newline (truncated?)")
    lines = data[:-1].split(b"\n")
    if len(lines) < 2:
        raise VerificationError("file: needs at least a header and a seal line")
    return lines


def _parse_line(number: int, raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise VerificationError(f"line {number}: not valid JSON ({exc})") from exc
    if not isinstance(value, dict) or canonical_json(value).encode() != raw:
        raise VerificationError(f"line {number}: not in canonical form (altered bytes)")
    value["_line"] = number
    return value


def _header(record: dict[str, Any]) -> dict[str, Any]:
    if record.get("kind") != "header" or record.get("format") != EXPORT_FORMAT:
        raise VerificationError(f"line 1: not a {EXPORT_FORMAT} header")
    for key in ("origin", "log_key", "size"):
        if key not in record:
            raise VerificationError(f"line 1: header lacks {key!r}")
    return record


def _verifier(header: dict[str, Any], trusted_vkey: str | None) -> NoteVerifier:
    if trusted_vkey is not None and trusted_vkey != header["log_key"]:
        raise VerificationError("line 1: log key differs from the trusted key given")
    try:
        return parse_vkey(trusted_vkey or header["log_key"])
    except CheckpointError as exc:
        raise VerificationError(f"line 1: bad log key ({exc})") from exc


def _check_seal(data: bytes, lines: list[bytes], seal: dict[str, Any], verifier: NoteVerifier) -> None:
    line_no = len(lines)
    if seal.get("kind") != "seal":
        raise VerificationError(f"line {line_no}: last line must be the seal")
    body = data[: len(data) - len(lines[-1]) - 1]
    digest = hashlib.sha256(body).digest()
    if seal.get("sha256") != digest.hex():
        raise VerificationError(f"line {line_no}: seal digest does not match the file body")
    try:
        signature = base64.b64decode(seal.get("signature", ""), validate=True)
        verifier.public_key.verify(signature, seal_message(digest))
    except (ValueError, InvalidSignature) as exc:
        raise VerificationError(f"line {line_no}: seal signature invalid") from exc


def _check_leaves(records: list[dict[str, Any]]) -> list[bytes]:
    hashes: list[bytes] = []
    for rec in (r for r in records if r.get("kind") == "leaf"):
        expected_seq = len(hashes)
        where = f"line {rec['_line']} (entry {expected_seq})"
        if rec.get("seq") != expected_seq:
            raise VerificationError(f"{where}: sequence {rec.get('seq')} out of order or missing")
        entry = rec.get("entry")
        if not isinstance(entry, str):
            raise VerificationError(f"{where}: entry missing")
        if _entry_seq(entry) != expected_seq:
            raise VerificationError(f"{where}: entry carries a different sequence number")
        digest = leaf_hash(entry.encode())
        if rec.get("leaf_hash") != digest.hex():
            raise VerificationError(f"{where}: leaf hash mismatch (entry altered)")
        hashes.append(digest)
    return hashes


def _entry_seq(entry: str) -> int | None:
    try:
        parsed = json.loads(entry)
    except json.JSONDecodeError:
        return None
    seq = parsed.get("seq") if isinstance(parsed, dict) else None
    return seq if isinstance(seq, int) else None


def _check_checkpoints(
    records: list[dict[str, Any]], leaves: list[bytes], origin: str, verifier: NoteVerifier
) -> list[int]:
    """Each signed root must equal the root recomputed from the entries. Roots are recomputed
    in one pass over the same sequence, so consecutive checkpoints are append-only by
    construction (an auditor holding an older checkpoint checks it the same way)."""
    signed = [
        _signed_checkpoint(rec, origin, len(leaves), verifier)
        for rec in records
        if rec.get("kind") == "checkpoint"
    ]
    sizes = [size for size, _root, _where in signed]
    if sizes != sorted(set(sizes)):
        raise VerificationError("checkpoints: out of order or duplicated sizes")
    peaks: list[tuple[int, bytes]] = []
    pending = iter(signed)
    current = next(pending, None)
    for index in range(len(leaves) + 1):
        while current is not None and current[0] == index:
            if root_of(peaks) != current[1]:
                raise VerificationError(
                    f"{current[2]}: root of entries 0..{index - 1} differs from the signed root"
                )
            current = next(pending, None)
        if index < len(leaves):
            peaks = append_leaf(peaks, leaves[index])
    return sizes


def _signed_checkpoint(
    rec: dict[str, Any], origin: str, n_leaves: int, verifier: NoteVerifier
) -> tuple[int, bytes, str]:
    where = f"line {rec['_line']} (checkpoint)"
    try:
        checkpoint = parse_checkpoint(verify_note(str(rec.get("note", "")), [verifier]))
    except CheckpointError as exc:
        raise VerificationError(f"{where}: {exc}") from exc
    if checkpoint.origin != origin or checkpoint.size > n_leaves:
        raise VerificationError(f"{where}: wrong origin or size beyond the entries")
    return checkpoint.size, checkpoint.root, where
