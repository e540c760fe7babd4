"""Posting lists: rows per genotype id, and the typed-mask prune of the "not typed" list."""

from __future__ import annotations

import numpy as np

from jointdesk.dna.index.postings import PostingLists, TypedPrune

LOCI = ("A", "B", "C", "D")
#: Rows × loci: 0 = not typed, otherwise a genotype id.
GIDS = np.array(
    [
        [0, 1, 1, 1],  # untyped at A, typed at B, C, D
        [0, 0, 1, 1],  # untyped at A and B
        [0, 0, 0, 1],  # typed at D only
        [2, 1, 1, 1],
        [2, 0, 0, 0],
        [0, 1, 0, 1],
    ],
    dtype=np.uint16,
)


def _typed(rows: np.ndarray) -> np.ndarray:
    masks = np.zeros(rows.size, dtype=np.uint64)
    for bit in range(len(LOCI)):
        masks |= (GIDS[rows, bit] != 0).astype(np.uint64) << np.uint64(bit)
    return masks


def _lists(with_masks: bool = True) -> PostingLists:
    lists = PostingLists()
    columns = {locus: GIDS[:, i] for i, locus in enumerate(LOCI)}
    lists.build(
        columns, dict.fromkeys(LOCI, 3), ("A", "B"), len(GIDS), (LOCI, _typed) if with_masks else None
    )
    return lists


def test_not_typed_rows_typed_at_too_few_query_loci_drop_out() -> None:
    lists = _lists()
    prune = lists.typed_prune(("A", "B", "C", "D"), need=3)
    assert prune is not None
    assert sorted(lists.rows("A", [0]).tolist()) == [0, 1, 2, 5]
    # Rows 1, 2 and 5 are typed at fewer than three of the query loci: they can never match.
    assert lists.rows("A", [0], prune).tolist() == [0]
    # Typed lists are never pruned.
    assert sorted(lists.rows("A", [2], prune).tolist()) == [3, 4]


def test_the_prune_counts_only_query_loci() -> None:
    lists = _lists()
    prune = lists.typed_prune(("A", "C", "D"), need=2)
    assert prune is not None
    assert sorted(lists.rows("A", [0], prune).tolist()) == [0, 1]
    assert sorted(lists.rows("B", [0, 1], prune).tolist()) == [0, 1, 3, 5]


def test_a_locus_unknown_at_build_time_adds_no_typed_locus() -> None:
    lists = _lists()
    prune = lists.typed_prune(("A", "D", "NEW"), need=2)
    assert prune == TypedPrune(np.uint64(0b1001), 2)
    assert lists.rows("A", [0], prune).tolist() == []


def test_without_masks_nothing_is_pruned() -> None:
    lists = _lists(with_masks=False)
    assert lists.typed_prune(LOCI, need=4) is None
    assert sorted(lists.rows("A", [0], None).tolist()) == [0, 1, 2, 5]


def test_parts_are_the_rows_list_by_list() -> None:
    lists = _lists()
    parts = lists.parts("B", [0, 1])
    assert [sorted(part.tolist()) for part in parts] == [[1, 2, 4], [0, 3, 5]]
    assert lists.size("B", [0, 1]) == 6
