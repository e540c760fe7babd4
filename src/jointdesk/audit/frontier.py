"""Incremental RFC 6962 root: the right edge of the tree as perfect-subtree peaks."""

from __future__ import annotations

import hashlib

EMPTY_ROOT = hashlib.sha256(b"").digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def append_leaf(peaks: list[tuple[int, bytes]], leaf: bytes) -> list[tuple[int, bytes]]:
    """Add one leaf hash. Peaks are (size, hash), largest (leftmost) first; equal sizes merge,
    like carrying in binary addition, so the list stays O(log n)."""
    result = [*peaks, (1, leaf)]
    while len(result) >= 2 and result[-1][0] == result[-2][0]:
        (size, left), (_, right) = result[-2], result[-1]
        result[-2:] = [(size * 2, _node(left, right))]
    return result


def root_of(peaks: list[tuple[int, bytes]]) -> bytes:
    """MTH of the whole tree: fold the peaks from the right (RFC 6962 splits at the largest
    power of two smaller than n, which is exactly the leftmost peak)."""
    if not peaks:
        return EMPTY_ROOT
    root = peaks[-1][1]
    for _, peak in reversed(peaks[:-1]):
        root = _node(peak, root)
    return root


def encode_peaks(peaks: list[tuple[int, bytes]]) -> list[list[int | str]]:
    return [[size, digest.hex()] for size, digest in peaks]


def decode_peaks(raw: list[list[int | str]]) -> list[tuple[int, bytes]]:
    return [(int(size), bytes.fromhex(str(digest))) for size, digest in raw]
