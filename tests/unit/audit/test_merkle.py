"""RFC 9162 Merkle tree: known answers, reference vectors, generated-proof properties."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointdesk.audit.merkle import (
    EMPTY_ROOT,
    ProofError,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root_from_leaf_hashes,
    verify_consistency,
    verify_inclusion,
)

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
TESTDATA = SHARED / "datasets" / "merkle-testdata"

if not TESTDATA.is_dir():
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"Merkle test vectors missing at {TESTDATA}")
    pytest.skip(f"Merkle test vectors not present at {TESTDATA}", allow_module_level=True)

INCLUSION_FILES = sorted((TESTDATA / "inclusion").glob("**/*.json"))
CONSISTENCY_FILES = sorted((TESTDATA / "consistency").glob("**/*.json"))
INCLUSION_HAPPY = [p for p in INCLUSION_FILES if p.name == "happy-path.json"]
CONSISTENCY_HAPPY = [p for p in CONSISTENCY_FILES if p.name == "happy-path.json"]

# safeguards.md §6.1 (transparency-dev/merkle testonly/constants.go)
LEAF_INPUTS_HEX = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657"]
LEAF_INPUTS_HEX.append("606162636465666768696a6b6c6d6e6f")
LEAF_INPUTS = [bytes.fromhex(h) for h in LEAF_INPUTS_HEX]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
REFERENCE_LEAVES = [leaf_hash(x) for x in LEAF_INPUTS]
MANY_LEAVES = [leaf_hash(i.to_bytes(4, "big")) for i in range(200)]


def _id(path: Path) -> str:
    return str(path.relative_to(TESTDATA))


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def _b64(value: str) -> bytes:
    return base64.b64decode(value, validate=True)


def _proof(data: dict[str, Any]) -> list[bytes]:
    return [_b64(p) for p in data["proof"] or []]


def _naive_mth(hashes: list[bytes]) -> bytes:
    """Independent recursive MTH straight from the RFC definition."""
    if not hashes:
        return hashlib.sha256(b"").digest()
    if len(hashes) == 1:
        return hashes[0]
    k = 1
    while k * 2 < len(hashes):
        k *= 2
    return node_hash(_naive_mth(hashes[:k]), _naive_mth(hashes[k:]))


def _flip(value: bytes, bit: int) -> bytes:
    bit %= len(value) * 8
    out = bytearray(value)
    out[bit // 8] ^= 1 << (bit % 8)
    return bytes(out)


def test_hash_primitives() -> None:
    assert leaf_hash(b"x") == hashlib.sha256(b"\x00x").digest()
    assert node_hash(b"a", b"b") == hashlib.sha256(b"\x01ab").digest()
    assert root_from_leaf_hashes([]) == EMPTY_ROOT
    assert hashlib.sha256(b"").digest() == EMPTY_ROOT


@pytest.mark.parametrize("size", range(len(ROOTS)))
def test_known_roots(size: int) -> None:
    assert root_from_leaf_hashes(REFERENCE_LEAVES[:size]).hex() == ROOTS[size]


def test_reference_tree_file_matches_safeguards_table() -> None:
    ref = _load(TESTDATA / "reference-tree.json")
    assert [bytes.fromhex(h) for h in ref["leaf_inputs_hex"]] == LEAF_INPUTS
    assert ref["root_hashes_hex_by_tree_size"] == ROOTS


@pytest.mark.parametrize("size", [0, 1, 2, 3, 5, 8, 13, 31, 32, 33, 64, 100, 127, 200])
def test_root_matches_naive_recursion(size: int) -> None:
    assert root_from_leaf_hashes(MANY_LEAVES[:size]) == _naive_mth(MANY_LEAVES[:size])


def test_large_tree_is_fast_and_proves() -> None:
    leaves = [leaf_hash(i.to_bytes(4, "big")) for i in range(100_000)]
    root = root_from_leaf_hashes(leaves)
    verify_inclusion(leaves[77_777], 77_777, len(leaves), inclusion_proof(leaves, 77_777), root)
    old_root = root_from_leaf_hashes(leaves[:65_537])
    verify_consistency(65_537, len(leaves), consistency_proof(leaves, 65_537), old_root, root)


def test_vector_files_found() -> None:
    assert len(INCLUSION_FILES) > 0
    assert len(CONSISTENCY_FILES) > 0
    assert INCLUSION_HAPPY
    assert CONSISTENCY_HAPPY


@pytest.mark.parametrize("path", INCLUSION_FILES, ids=_id)
def test_inclusion_vector(path: Path) -> None:
    d = _load(path)
    args = (_b64(d["leafHash"]), d["leafIdx"], d["treeSize"], _proof(d), _b64(d["root"]))
    if d["wantErr"]:
        with pytest.raises(ProofError):
            verify_inclusion(*args)
    else:
        verify_inclusion(*args)


@pytest.mark.parametrize("path", CONSISTENCY_FILES, ids=_id)
def test_consistency_vector(path: Path) -> None:
    d = _load(path)
    args = (d["size1"], d["size2"], _proof(d), _b64(d["root1"]), _b64(d["root2"]))
    if d["wantErr"]:
        with pytest.raises(ProofError):
            verify_consistency(*args)
    else:
        verify_consistency(*args)


@pytest.mark.parametrize("path", INCLUSION_HAPPY, ids=_id)
def test_generated_inclusion_matches_vector(path: Path) -> None:
    d = _load(path)
    leaves = REFERENCE_LEAVES[: d["treeSize"]]
    assert leaves[d["leafIdx"]] == _b64(d["leafHash"])
    assert root_from_leaf_hashes(leaves) == _b64(d["root"])
    assert inclusion_proof(leaves, d["leafIdx"]) == _proof(d)


@pytest.mark.parametrize("path", CONSISTENCY_HAPPY, ids=_id)
def test_generated_consistency_matches_vector(path: Path) -> None:
    d = _load(path)
    leaves = REFERENCE_LEAVES[: d["size2"]]
    assert root_from_leaf_hashes(leaves[: d["size1"]]) == _b64(d["root1"])
    assert consistency_proof(leaves, d["size1"]) == _proof(d)


def test_generation_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="outside"):
        inclusion_proof(MANY_LEAVES[:4], 4)
    with pytest.raises(ValueError, match="outside"):
        inclusion_proof([], 0)
    with pytest.raises(ValueError, match="meaningless"):
        consistency_proof(MANY_LEAVES[:4], 0)
    with pytest.raises(ValueError):
        consistency_proof(MANY_LEAVES[:4], 5)
    assert consistency_proof(MANY_LEAVES[:4], 4) == []


def test_error_messages_name_the_problem() -> None:
    leaves = MANY_LEAVES[:5]
    root, proof = root_from_leaf_hashes(leaves), inclusion_proof(leaves, 1)
    with pytest.raises(ProofError, match="too many"):
        verify_inclusion(leaves[1], 1, 5, [*proof, proof[0]], root)
    with pytest.raises(ProofError, match="too few"):
        verify_inclusion(leaves[1], 1, 5, proof[:-1], root)
    with pytest.raises(ProofError, match="not within"):
        verify_inclusion(leaves[1], 5, 5, proof, root)
    with pytest.raises(ProofError, match="larger"):
        verify_consistency(3, 2, [], root, root)


tree_and_index = st.integers(1, 200).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n - 1)))
tree_and_old_size = st.integers(2, 200).flatmap(lambda n: st.tuples(st.just(n), st.integers(1, n)))


@settings(max_examples=300, deadline=None)
@given(tree_and_index)
def test_generated_inclusion_proofs_verify(case: tuple[int, int]) -> None:
    n, index = case
    leaves = MANY_LEAVES[:n]
    proof = inclusion_proof(leaves, index)
    root = root_from_leaf_hashes(leaves)
    verify_inclusion(leaves[index], index, n, proof, root)
    if n > 1:
        with pytest.raises(ProofError):
            verify_inclusion(leaves[index], (index + 1) % n, n, proof, root)


@settings(max_examples=300, deadline=None)
@given(tree_and_old_size)
def test_generated_consistency_proofs_verify(case: tuple[int, int]) -> None:
    n, m = case
    leaves = MANY_LEAVES[:n]
    proof = consistency_proof(leaves, m)
    old_root, new_root = root_from_leaf_hashes(leaves[:m]), root_from_leaf_hashes(leaves)
    verify_consistency(m, n, proof, old_root, new_root)
    if m < n:
        with pytest.raises(ProofError):
            verify_consistency(m, n, proof, new_root, old_root)


@settings(max_examples=300, deadline=None)
@given(tree_and_index, st.integers(0, 10_000), st.integers(0, 2**16))
def test_inclusion_rejects_any_flipped_bit(case: tuple[int, int], target: int, bit: int) -> None:
    n, index = case
    leaves = MANY_LEAVES[:n]
    items = [leaves[index], root_from_leaf_hashes(leaves), *inclusion_proof(leaves, index)]
    items[target % len(items)] = _flip(items[target % len(items)], bit)
    with pytest.raises(ProofError):
        verify_inclusion(items[0], index, n, items[2:], items[1])


@settings(max_examples=300, deadline=None)
@given(tree_and_old_size, st.integers(0, 10_000), st.integers(0, 2**16))
def test_consistency_rejects_any_flipped_bit(case: tuple[int, int], target: int, bit: int) -> None:
    n, m = case
    leaves = MANY_LEAVES[:n]
    roots = [root_from_leaf_hashes(leaves[:m]), root_from_leaf_hashes(leaves)]
    items = [*roots, *consistency_proof(leaves, m)]
    items[target % len(items)] = _flip(items[target % len(items)], bit)
    with pytest.raises(ProofError):
        verify_consistency(m, n, items[2:], items[0], items[1])
