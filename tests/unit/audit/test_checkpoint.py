"""C2SP checkpoints and Ed25519 signed notes."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from jointdesk.audit.checkpoint import (
    Checkpoint,
    CheckpointError,
    NoteSigner,
    NoteVerifier,
    key_id,
    parse_checkpoint,
    parse_vkey,
    sign_note,
    verify_note,
    vkey_string,
)

ORIGIN = "jointdesk.example/log"
ROOT = hashlib.sha256(b"root").digest()
SEED = bytes(range(32))


def _signer(name: str = ORIGIN, seed: bytes = SEED) -> NoteSigner:
    return NoteSigner(name, Ed25519PrivateKey.from_private_bytes(seed))


def _verifier(signer: NoteSigner) -> NoteVerifier:
    return NoteVerifier(signer.name, signer.private_key.public_key())


def _body(size: int = 42) -> str:
    return Checkpoint(ORIGIN, size, ROOT).body()


def test_checkpoint_body_and_round_trip() -> None:
    body = _body()
    assert body == f"{ORIGIN}\n42\n{base64.b64encode(ROOT).decode()}\n"
    assert parse_checkpoint(body) == Checkpoint(ORIGIN, 42, ROOT)
    assert parse_checkpoint(Checkpoint(ORIGIN, 0, ROOT).body()).size == 0


ROOT_B64 = base64.b64encode(ROOT).decode()
URLSAFE_ROOT = base64.urlsafe_b64encode(bytes([0xFF]) * 32).decode()
ZERO_SIG = base64.b64encode(bytes(68)).decode()


@pytest.mark.parametrize(
    "text",
    [
        f"{ORIGIN}\n42\n{ROOT_B64}",  # no final newline
        f"{ORIGIN}\n42\n{ROOT_B64}\nextension\n",
        f"{ORIGIN}\n42\n",
        f"\n42\n{ROOT_B64}\n",  # empty origin
        f"jointdesk example\n42\n{ROOT_B64}\n",
        f"jointdesk+example\n42\n{ROOT_B64}\n",
        f"{ORIGIN}\n042\n{ROOT_B64}\n",
        f"{ORIGIN}\n+42\n{ROOT_B64}\n",
        f"{ORIGIN}\n4_2\n{ROOT_B64}\n",
        f"{ORIGIN}\n-1\n{ROOT_B64}\n",
        f"{ORIGIN}\n\u0664\u0662\n{ROOT_B64}\n",  # Arabic-Indic digits
        f"{ORIGIN}\n{2**64}\n{ROOT_B64}\n",
        f"{ORIGIN}\n42\n{ROOT_B64.rstrip('=')}\n",  # unpadded
        f"{ORIGIN}\n42\n{URLSAFE_ROOT}\n",
        f"{ORIGIN}\n42\n{base64.b64encode(ROOT[:31]).decode()}\n",
        f"{ORIGIN}\n42\n {ROOT_B64}\n",
    ],
)
def test_parse_checkpoint_rejects_malformed(text: str) -> None:
    with pytest.raises(CheckpointError):
        parse_checkpoint(text)


def test_checkpoint_constructor_validates() -> None:
    with pytest.raises(CheckpointError):
        Checkpoint("", 1, ROOT)
    with pytest.raises(CheckpointError):
        Checkpoint(ORIGIN, -1, ROOT)
    with pytest.raises(CheckpointError):
        Checkpoint(ORIGIN, 1, ROOT[:31])


def test_key_id_matches_independent_computation() -> None:
    signer = _signer()
    raw = signer.private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    expected = hashlib.sha256(ORIGIN.encode() + b"\x0a\x01" + raw).digest()[:4]
    assert signer.key_id == expected
    assert key_id(ORIGIN, signer.private_key.public_key()) == expected
    assert _verifier(signer).key_id == expected


def test_sign_and_verify_round_trip() -> None:
    signer = _signer()
    note = sign_note(_body(), signer)
    assert note.startswith(_body() + "\n\u2014 " + ORIGIN + " ")
    assert note.endswith("\n")
    assert verify_note(note, [_verifier(signer)]) == _body()
    sig = base64.b64decode(note.rsplit(" ", 1)[1])
    assert sig[:4] == signer.key_id
    assert len(sig) == 68


def test_text_with_blank_lines_splits_at_last_blank_line() -> None:
    signer = _signer()
    text = "first\n\nsecond\n"
    assert verify_note(sign_note(text, signer), [_verifier(signer)]) == text


@pytest.mark.parametrize("position", [0, 5, len(ORIGIN) + 1, len(ORIGIN) + 4])
def test_tampered_body_byte_rejected(position: int) -> None:
    signer = _signer()
    note = sign_note(_body(), signer)
    tampered = note[:position] + chr(ord(note[position]) ^ 1) + note[position + 1 :]
    with pytest.raises(CheckpointError, match="does not verify"):
        verify_note(tampered, [_verifier(signer)])


def _tamper_last_signature(note: str) -> str:
    """Flip one bit of the signature (not the key ID) on the note's last line."""
    head, line = note[: note.rindex("\u2014")], note[note.rindex("\u2014") :]
    name_part, encoded = line[:-1].rsplit(" ", 1)
    raw = bytearray(base64.b64decode(encoded))
    raw[10] ^= 0x01
    return f"{head}{name_part} {base64.b64encode(bytes(raw)).decode()}\n"


def test_tampered_signature_rejected() -> None:
    signer = _signer()
    forged = _tamper_last_signature(sign_note(_body(), signer))
    with pytest.raises(CheckpointError, match="does not verify"):
        verify_note(forged, [_verifier(signer)])


def test_wrong_key_rejected() -> None:
    note = sign_note(_body(), _signer())
    other = _verifier(_signer(seed=b"\x07" * 32))
    with pytest.raises(CheckpointError, match="no signature from a known key"):
        verify_note(note, [other])
    with pytest.raises(CheckpointError, match="no signature from a known key"):
        verify_note(note, [])


def test_same_name_and_forged_key_id_must_verify() -> None:
    """A line matching a known key's name and ID is checked, never skipped."""
    real, impostor = _signer(), _signer(seed=b"\x09" * 32)
    sig = impostor.private_key.sign(_body().encode())
    line = f"\u2014 {ORIGIN} {base64.b64encode(real.key_id + sig).decode()}\n"
    with pytest.raises(CheckpointError, match="does not verify"):
        verify_note(_body() + "\n" + line, [_verifier(real)])


def test_unknown_key_lines_ignored() -> None:
    known, stranger = _signer(), _signer("witness.example/w1", b"\x05" * 32)
    note = sign_note(_body(), stranger, known)
    assert verify_note(note, [_verifier(known)]) == _body()
    garbage = f"\u2014 other.example {ZERO_SIG}\n"
    assert verify_note(note + garbage, [_verifier(known)]) == _body()
    same_name_other_key = _signer(seed=b"\x06" * 32)
    assert same_name_other_key.key_id != known.key_id
    extra = same_name_other_key.signature_line("something else entirely\n")
    assert verify_note(note + extra, [_verifier(known)]) == _body()


def test_all_known_keys_must_verify() -> None:
    first, second = _signer(), _signer("witness.example/w1", b"\x05" * 32)
    note = sign_note(_body(), first, second)
    verifiers = [_verifier(first), _verifier(second)]
    assert verify_note(note, verifiers) == _body()
    with pytest.raises(CheckpointError, match="does not verify"):
        verify_note(_tamper_last_signature(note), verifiers)


def _line(name: str = ORIGIN, payload: bytes = b"\x00" * 68) -> str:
    return f"\u2014 {name} {base64.b64encode(payload).decode()}"


@pytest.mark.parametrize(
    "signatures",
    [
        "- " + _line()[2:] + "\n",  # ASCII hyphen instead of em dash
        _line() + "\n\n",
        _line(),  # missing final newline
        f"\u2014 {ORIGIN}  {base64.b64encode(b'x' * 68).decode()}\n",  # double space
        f"\u2014 {ORIGIN} {base64.b64encode(b'x' * 68).decode()} extra\n",
        f"\u2014 {ORIGIN} not*base64\n",
        f"\u2014 {ORIGIN} {base64.b64encode(b'x' * 68).decode()[:-2]}h=\n",  # non-canonical
        _line(payload=b"\x01\x02\x03\x04") + "\n",  # key ID only
        _line(name="bad+name") + "\n",
        _line(name="") + "\n",
        _line() + "\r\n",
    ],
)
def test_malformed_signature_lines_rejected(signatures: str) -> None:
    signer = _signer()
    good = sign_note(_body(), signer)
    with pytest.raises(CheckpointError):
        verify_note(good + signatures, [_verifier(signer)])


def test_note_without_signature_block_rejected() -> None:
    signer = _signer()
    with pytest.raises(CheckpointError):
        verify_note(_body(), [_verifier(signer)])
    with pytest.raises(CheckpointError):
        verify_note(_body() + "\n", [_verifier(signer)])


def test_duplicate_signature_rejected() -> None:
    signer = _signer()
    note = sign_note(_body(), signer, signer)
    with pytest.raises(CheckpointError, match="duplicate"):
        verify_note(note, [_verifier(signer)])


@pytest.mark.parametrize("text", ["", "no newline", "tab\there\n", "cr\r\n"])
def test_sign_note_rejects_bad_text(text: str) -> None:
    with pytest.raises(CheckpointError):
        sign_note(text, _signer())


@pytest.mark.parametrize("name", ["", "has space", "has+plus", "tab\tname", "nb\u00a0sp"])
def test_bad_key_names_rejected(name: str) -> None:
    with pytest.raises(CheckpointError):
        _signer(name)


def test_vkey_round_trip_and_format() -> None:
    signer = _signer()
    public = signer.private_key.public_key()
    vkey = vkey_string(ORIGIN, public)
    name, kid_hex, encoded = vkey.split("+", 2)
    raw = base64.b64decode(encoded)
    assert name == ORIGIN
    assert kid_hex == signer.key_id.hex()
    assert len(kid_hex) == 8
    assert raw == b"\x01" + public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    verifier = parse_vkey(vkey)
    assert verifier.name == ORIGIN
    assert verifier.key_id == signer.key_id
    assert verify_note(sign_note(_body(), signer), [verifier]) == _body()


def test_vkey_for_known_go_sumdb_key() -> None:
    """The published sum.golang.org verifier key parses and its key ID is consistent."""
    vkey = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8"
    verifier = parse_vkey(vkey)
    assert verifier.name == "sum.golang.org"
    assert vkey_string(verifier.name, verifier.public_key) == vkey


def test_parse_vkey_rejects_malformed() -> None:
    vkey = vkey_string(ORIGIN, _signer().private_key.public_key())
    name, kid_hex, encoded = vkey.split("+", 2)
    wrong_id = f"{int(kid_hex, 16) ^ 1:08x}"
    bad_type = base64.b64encode(b"\x04" + base64.b64decode(encoded)[1:]).decode()
    for text in [
        f"{name}+{kid_hex}",
        f"{name}+{wrong_id}+{encoded}",
        f"{name}+{kid_hex.upper()}+{encoded}",
        f"{name}+{kid_hex}+{bad_type}",
        f"{name}+{kid_hex}+{encoded[:-4]}",
        f"other.example+{kid_hex}+{encoded}",
        f"+{kid_hex}+{encoded}",
    ]:
        with pytest.raises(CheckpointError):
            parse_vkey(text)
