"""RFC 9162 (RFC 6962-compatible) Merkle tree hashing, proof generation and verification.

Pure functions over SHA-256 leaf hashes: the Merkle Tree Hash (MTH, §2.1.1), inclusion
proofs (PATH, §2.1.3) and consistency proofs (SUBPROOF, §2.1.4). Generation raises plain
``ValueError`` for impossible arguments; verification raises ``ProofError``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()
_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"


class ProofError(ValueError):
    """A proof, hash or tree size failed verification; the message says what is wrong."""


def leaf_hash(entry: bytes) -> bytes:
    """Hash of a leaf: SHA-256(0x00 || entry)."""
    return hashlib.sha256(_LEAF_PREFIX + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Hash of an interior node: SHA-256(0x01 || left || right)."""
    return hashlib.sha256(_NODE_PREFIX + left + right).digest()


def _split(n: int) -> int:
    """Largest power of two strictly less than ``n`` (requires n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def root_from_leaf_hashes(hashes: Sequence[bytes]) -> bytes:
    """MTH of the given leaf hashes, in O(n) time and O(log n) memory."""
    stack: list[bytes] = []  # roots of perfect subtrees, largest first
    for count, digest in enumerate(hashes, start=1):
        stack.append(digest)
        merges = (count & -count).bit_length() - 1  # trailing zero bits of the leaf count
        for _ in range(merges):
            right = stack.pop()
            stack.append(node_hash(stack.pop(), right))
    if not stack:
        return EMPTY_ROOT
    root = stack.pop()
    while stack:
        root = node_hash(stack.pop(), root)
    return root


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int) -> list[bytes]:
    """PATH(index, D[n]): sibling subtree hashes from the leaf up to the root."""
    if not 0 <= index < len(leaf_hashes):
        raise ValueError(f"leaf index {index} is outside a tree of size {len(leaf_hashes)}")
    siblings: list[tuple[int, int]] = []
    lo, hi = 0, len(leaf_hashes)
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            siblings.append((lo + k, hi))
            hi = lo + k
        else:
            siblings.append((lo, lo + k))
            lo += k
    return [root_from_leaf_hashes(leaf_hashes[a:b]) for a, b in reversed(siblings)]


def consistency_proof(leaf_hashes: Sequence[bytes], old_size: int) -> list[bytes]:
    """PROOF(old_size, D[n]) = SUBPROOF(old_size, D[n], true); empty when old_size == n."""
    n = len(leaf_hashes)
    if not 0 < old_size <= n:
        raise ValueError(f"old size {old_size} must be in 1..{n} (a proof from 0 is meaningless)")
    if old_size == n:
        return []
    siblings: list[tuple[int, int]] = []
    lo, hi, m, whole_old_tree = 0, n, old_size, True
    while m != hi - lo:
        k = _split(hi - lo)
        if m <= k:
            siblings.append((lo + k, hi))
            hi = lo + k
        else:
            siblings.append((lo, lo + k))
            lo, m, whole_old_tree = lo + k, m - k, False
    head = [] if whole_old_tree else [root_from_leaf_hashes(leaf_hashes[lo:hi])]
    return head + [root_from_leaf_hashes(leaf_hashes[a:b]) for a, b in reversed(siblings)]


def _require_hash(value: bytes, what: str) -> None:
    if len(value) != HASH_SIZE:
        raise ProofError(f"{what} is {len(value)} bytes, expected {HASH_SIZE}")


def _require_proof(proof: Sequence[bytes]) -> None:
    for position, item in enumerate(proof):
        _require_hash(item, f"proof hash {position}")


def _shift_to_set_bit(fn: int, sn: int) -> tuple[int, int]:
    """Right-shift fn and sn equally until LSB(fn) is set or fn is 0."""
    while fn and not fn & 1:
        fn, sn = fn >> 1, sn >> 1
    return fn, sn


def verify_inclusion(
    leaf_hash: bytes, index: int, tree_size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that ``leaf_hash`` is leaf ``index`` of the tree ``root`` (RFC 9162 §2.1.3.2)."""
    if not 0 <= index < tree_size:
        raise ProofError(f"leaf index {index} is not within a tree of size {tree_size}")
    _require_hash(leaf_hash, "leaf hash")
    _require_hash(root, "root")
    _require_proof(proof)
    fn, sn, r = index, tree_size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            raise ProofError("inclusion proof has too many hashes")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            fn, sn = _shift_to_set_bit(fn, sn)
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("inclusion proof has too few hashes")
    if r != root:
        raise ProofError("inclusion proof does not lead to the expected root")


def verify_consistency(
    size1: int,
    size2: int,
    proof: Sequence[bytes],
    root1: bytes,
    root2: bytes,
) -> None:
    """Check that tree ``root1`` of ``size1`` is a prefix of ``root2`` (RFC 9162 §2.1.4.2).

    As in the transparency-dev/merkle reference, a proof from the empty tree is rejected.
    """
    if size1 < 0 or size2 < 0:
        raise ProofError(f"tree sizes must not be negative ({size1}, {size2})")
    if size1 > size2:
        raise ProofError(f"old size {size1} is larger than new size {size2}")
    if size1 == 0:
        raise ProofError("consistency proof from an empty tree is meaningless")
    if size1 == size2:
        if proof:
            raise ProofError("proof must be empty when the sizes are equal")
        if root1 != root2:
            raise ProofError("roots differ although the sizes are equal")
        return
    if not proof:
        raise ProofError("consistency proof is empty")
    _require_hash(root1, "old root")
    _require_hash(root2, "new root")
    _require_proof(proof)
    path = [root1, *proof] if size1 & (size1 - 1) == 0 else list(proof)
    fr, sr = _chain_consistency(path, size1 - 1, size2 - 1)
    if fr != root1:
        raise ProofError("consistency proof does not reproduce the old root")
    if sr != root2:
        raise ProofError("consistency proof does not lead to the new root")


def _chain_consistency(path: Sequence[bytes], fn: int, sn: int) -> tuple[bytes, bytes]:
    """Steps 3-7 of RFC 9162 §2.1.4.2: return the recomputed (old root, new root)."""
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof has too many hashes")
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            fn, sn = _shift_to_set_bit(fn, sn)
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("consistency proof has too few hashes")
    return fr, sr
