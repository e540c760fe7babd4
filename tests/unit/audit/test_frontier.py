"""The incremental root (peaks) equals the RFC 6962 root computed from scratch."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from jointdesk.audit.frontier import EMPTY_ROOT, append_leaf, decode_peaks, encode_peaks, root_of
from jointdesk.audit.merkle import leaf_hash, root_from_leaf_hashes


@given(st.lists(st.binary(max_size=16), max_size=70))
def test_incremental_root_matches_full_recomputation(entries: list[bytes]) -> None:
    peaks: list[tuple[int, bytes]] = []
    hashes = []
    for entry in entries:
        digest = leaf_hash(entry)
        hashes.append(digest)
        peaks = decode_peaks(encode_peaks(append_leaf(peaks, digest)))
        assert root_of(peaks) == root_from_leaf_hashes(hashes)
    assert len(peaks) == bin(len(entries)).count("1")


def test_empty_tree_root() -> None:
    assert root_of([]) == EMPTY_ROOT == hashlib.sha256(b"").digest()
