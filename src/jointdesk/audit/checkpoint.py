"""C2SP tlog-checkpoint bodies and signed notes (c2sp.org/signed-note) with Ed25519 keys.

A checkpoint body is ``<origin>\\n<size>\\n<base64 root>\\n``; extension lines are not
supported. A signed note is the text, a blank line, then lines
``— <key name> base64(4-byte key ID || signature)``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ROOT_SIZE = 32
ED25519_TYPE = 0x01
SIG_PREFIX = "\u2014 "  # em dash, space
MAX_SIGNATURES = 100
_DECIMAL = re.compile(r"0|[1-9][0-9]*")
_KEY_ID_HEX = re.compile(r"[0-9a-f]{8}")


class CheckpointError(ValueError):
    """A checkpoint, signed note or verifier key is malformed or fails verification."""


def _b64decode(text: str, what: str) -> bytes:
    """Strict, canonical standard base64 (padding required, no stray characters)."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise CheckpointError(f"{what} is not valid base64") from exc
    if base64.b64encode(raw).decode() != text:
        raise CheckpointError(f"{what} is not canonical base64")
    return raw


def _check_text_chars(text: str, what: str) -> None:
    if any(ord(c) < 0x20 and c != "\n" for c in text):
        raise CheckpointError(f"{what} contains a control character")


def _check_name(name: str, what: str) -> None:
    """Key names and origins: non-empty, no Unicode spaces, no '+', no control characters."""
    if not name:
        raise CheckpointError(f"{what} is empty")
    if any(c.isspace() or c == "+" or ord(c) < 0x20 for c in name):
        raise CheckpointError(f"{what} {name!r} contains a space, '+' or control character")


@dataclass(frozen=True)
class Checkpoint:
    """A log's signed tree head: origin, tree size and root hash."""

    origin: str
    size: int
    root: bytes

    def __post_init__(self) -> None:
        _check_name(self.origin, "origin")
        if not 0 <= self.size < 2**64:
            raise CheckpointError(f"tree size {self.size} is out of range")
        if len(self.root) != ROOT_SIZE:
            raise CheckpointError(f"root is {len(self.root)} bytes, expected {ROOT_SIZE}")

    def body(self) -> str:
        """The checkpoint note text, ending in a newline."""
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"


def parse_checkpoint(text: str) -> Checkpoint:
    """Parse a checkpoint note text (without signatures); strict, no extension lines."""
    if not text.endswith("\n"):
        raise CheckpointError("checkpoint must end with a newline")
    lines = text[:-1].split("\n")
    if len(lines) != 3:
        raise CheckpointError(f"checkpoint must have exactly 3 lines, found {len(lines)}")
    origin, size, root = lines
    if not _DECIMAL.fullmatch(size):
        raise CheckpointError(f"tree size {size!r} is not a decimal without leading zeros")
    return Checkpoint(origin=origin, size=int(size), root=_b64decode(root, "root"))


def _raw_public(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(name: str, public_key: Ed25519PublicKey) -> bytes:
    """The 4-byte key ID: SHA-256(name || 0x0A || 0x01 || public key)[:4]."""
    data = name.encode() + b"\n" + bytes([ED25519_TYPE]) + _raw_public(public_key)
    return hashlib.sha256(data).digest()[:4]


@dataclass(frozen=True)
class NoteSigner:
    """An Ed25519 note signing key with its key name."""

    name: str
    private_key: Ed25519PrivateKey = field(repr=False)

    def __post_init__(self) -> None:
        _check_name(self.name, "key name")

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.private_key.public_key())

    def signature_line(self, text: str) -> str:
        """The ``— <name> <base64>`` line (with newline) signing ``text``."""
        signature = self.private_key.sign(text.encode())
        encoded = base64.b64encode(self.key_id + signature).decode()
        return f"{SIG_PREFIX}{self.name} {encoded}\n"


@dataclass(frozen=True)
class NoteVerifier:
    """A trusted Ed25519 note verification key with its key name."""

    name: str
    public_key: Ed25519PublicKey

    def __post_init__(self) -> None:
        _check_name(self.name, "key name")

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.public_key)

    def verifies(self, text: str, signature: bytes) -> bool:
        try:
            self.public_key.verify(signature, text.encode())
        except InvalidSignature:
            return False
        return True


def _check_note_text(text: str) -> None:
    if not text.endswith("\n"):
        raise CheckpointError("note text must be non-empty and end with a newline")
    _check_text_chars(text, "note text")


def sign_note(text: str, signer: NoteSigner, *more: NoteSigner) -> str:
    """Return ``text`` + blank line + one signature line per signer."""
    _check_note_text(text)
    return text + "\n" + "".join(s.signature_line(text) for s in (signer, *more))


def _split_note(note: str) -> tuple[str, list[str]]:
    """Split a signed note into its text and signature lines (at the last blank line)."""
    _check_text_chars(note, "note")
    cut = note.rfind("\n\n")
    if cut < 0 or not note.endswith("\n"):
        raise CheckpointError("note has no signature block")
    lines = note[cut + 2 : -1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise CheckpointError(f"note has more than {MAX_SIGNATURES} signatures")
    return note[: cut + 1], lines


def _parse_signature_line(line: str) -> tuple[str, bytes, bytes]:
    """Return (key name, key ID, signature) of one signature line."""
    if not line.startswith(SIG_PREFIX):
        raise CheckpointError(f"signature line does not start with an em dash: {line!r}")
    parts = line[len(SIG_PREFIX) :].split(" ")
    if len(parts) != 2:
        raise CheckpointError(f"signature line is not '— <name> <signature>': {line!r}")
    name, encoded = parts
    _check_name(name, "key name")
    raw = _b64decode(encoded, f"signature of {name!r}")
    if len(raw) <= 4:
        raise CheckpointError(f"signature of {name!r} is too short")
    return name, raw[:4], raw[4:]


def verify_note(note: str, verifiers: Iterable[NoteVerifier]) -> str:
    """Return the note text if a known key signed it; reject if any known key's check fails.

    Signature lines from unknown keys (name and key ID not both matching) are ignored.
    """
    text, lines = _split_note(note)
    known = {(v.name, v.key_id): v for v in verifiers}
    seen: set[tuple[str, bytes]] = set()
    verified = 0
    for line in lines:
        name, kid, signature = _parse_signature_line(line)
        if (name, kid) in seen:
            raise CheckpointError(f"duplicate signature from key {name!r}")
        seen.add((name, kid))
        verifier = known.get((name, kid))
        if verifier is None:
            continue
        if not verifier.verifies(text, signature):
            raise CheckpointError(f"signature from known key {name!r} does not verify")
        verified += 1
    if not verified:
        raise CheckpointError("note carries no signature from a known key")
    return text


def vkey_string(name: str, public_key: Ed25519PublicKey) -> str:
    """Verifier key text ``<name>+<hex key ID>+<base64(0x01 || public key)>``."""
    _check_name(name, "key name")
    encoded = base64.b64encode(bytes([ED25519_TYPE]) + _raw_public(public_key)).decode()
    return f"{name}+{key_id(name, public_key).hex()}+{encoded}"


def parse_vkey(text: str) -> NoteVerifier:
    """Parse a verifier key string; the key ID must match the name and key."""
    parts = text.split("+", 2)  # base64 may itself contain "+"
    if len(parts) != 3:
        raise CheckpointError("verifier key must be '<name>+<hex key ID>+<base64 key>'")
    name, kid_hex, encoded = parts
    _check_name(name, "key name")
    if not _KEY_ID_HEX.fullmatch(kid_hex):
        raise CheckpointError("verifier key ID must be 8 lowercase hex digits")
    raw = _b64decode(encoded, "verifier key")
    if len(raw) != 33 or raw[0] != ED25519_TYPE:
        raise CheckpointError("verifier key is not an Ed25519 (type 0x01) key")
    verifier = NoteVerifier(name, Ed25519PublicKey.from_public_bytes(raw[1:]))
    if verifier.key_id.hex() != kid_hex:
        raise CheckpointError("verifier key ID does not match the name and key")
    return verifier
