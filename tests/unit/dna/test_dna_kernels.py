"""The compiled search kernels against plain NumPy/Python statements of what they compute."""

from __future__ import annotations

import numpy as np
import pytest

from jointdesk.dna.index import kernels
from jointdesk.dna.index.encoding import NOT_TYPED, LocusAlleles, pair_code
from jointdesk.dna.index.genotypes import GidGrid
from jointdesk.dna.index.store import RowStore

SEEDS = range(8)


def _lists(rng: np.random.Generator, rows: int, gids: int) -> tuple[np.ndarray, list[int], np.ndarray]:
    """A posting list: rows sorted by a random gid column, the gid bounds and typed masks of gid 0."""
    column = rng.integers(0, gids, rows)
    if rng.random() < 0.3:
        column[column == 0] = 1  # no not-typed rows: gid 1's span starts at 0 and must not be pruned
    order = np.argsort(column, kind="stable").astype(np.uint32)
    bounds = np.concatenate([[0], np.cumsum(np.bincount(column, minlength=gids))]).tolist()
    masks = rng.integers(0, 1 << 12, bounds[1]).astype(np.uint64)
    return order, bounds, masks


def _spans(bounds: list[int], gids: list[int]) -> np.ndarray:
    return np.array([(bounds[g], bounds[g + 1]) for g in gids], dtype=np.int64).reshape(-1, 2)


def _expected(
    order: np.ndarray, bounds: list[int], masks: np.ndarray, gids: list[int], prune: tuple[int, int]
) -> set[int]:
    mask, need = prune
    found = set()
    for g in gids:
        for i in range(bounds[g], bounds[g + 1]):
            if g == 0 and need and bin(int(masks[i]) & mask).count("1") < need:
                continue
            found.add(int(order[i]))
    return found


@pytest.mark.parametrize("seed", SEEDS)
def test_posting_rows_reads_the_spans_and_prunes_only_not_typed_rows(seed: int) -> None:
    rng = np.random.default_rng(seed)
    order, bounds, masks = _lists(rng, 500, 12)
    gids = sorted(rng.choice(12, size=4, replace=False).tolist())
    prune = (int(rng.integers(0, 1 << 12)), int(rng.integers(0, 6)))
    out = np.empty(order.size, dtype=np.uint32)
    count = kernels.posting_rows(order, _spans(bounds, gids), masks, np.uint64(prune[0]), prune[1], out)
    assert sorted(out[:count].tolist()) == sorted(_expected(order, bounds, masks, gids, prune))


@pytest.mark.parametrize("seed", SEEDS)
def test_pair_rows_intersects_and_leaves_the_bitmap_clear(seed: int) -> None:
    rng = np.random.default_rng(seed)
    first, second = _lists(rng, 700, 6), _lists(rng, 700, 6)
    gids_a, gids_b = [0, 2, 3], [0, 1, 4]
    prune = (int(rng.integers(0, 1 << 12)), 3)
    bits = np.zeros(700 // 64 + 1, dtype=np.uint64)
    out = np.empty(700, dtype=np.uint32)  # at least as long as either selection
    selection_a = (first[0], _spans(first[1], gids_a), first[2])
    selection_b = (second[0], _spans(second[1], gids_b), second[2])
    count = kernels.pair_rows(selection_a, selection_b, np.uint64(prune[0]), prune[1], bits, out)
    expected = _expected(*first, gids_a, prune) & _expected(*second, gids_b, prune)
    assert sorted(out[:count].tolist()) == sorted(expected)
    assert not bits.any()


def _reference_filter(rows, grid, gids, positions, penalties, offsets, slack, tolerance):  # type: ignore[no-untyped-def]
    kept = []
    for row in rows.tolist():
        scores = []
        for position, base in zip(positions.tolist(), offsets.tolist(), strict=True):
            code = int(grid[position, row])
            scores.append(int(penalties[base + (int(gids[position, code]) if gids.size else code)]))
        missed = sum(1 for s in scores if s > 0)
        differing = sum(max(s - 1, 0) for s in scores)
        if 255 not in scores and missed <= slack and differing <= tolerance:
            kept.append(row)
    return kept


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("mapped", [True, False])
def test_filter_rows_keeps_exactly_the_rows_within_the_limits(seed: int, mapped: bool) -> None:
    rng = np.random.default_rng(seed)
    loci, n, codes, table = 6, 400, 30, 20
    grid = rng.integers(0, codes, (loci, n)).astype(np.uint16)
    gids = rng.integers(0, table, (loci, codes)).astype(np.uint16) if mapped else np.zeros((0, 0), np.uint16)
    width = table if mapped else codes
    penalties = rng.choice(np.array([0, 0, 0, 1, 2, 3, 255], dtype=np.uint8), size=loci * width)
    positions = rng.permutation(loci).astype(np.int64)[: rng.integers(1, loci + 1)]
    offsets = np.arange(positions.size, dtype=np.int64) * width
    rows = rng.choice(n, size=200, replace=False).astype(np.uint32)
    slack, tolerance = int(rng.integers(0, 3)), int(rng.integers(0, 3))
    found = kernels.filter_rows(rows, grid, gids, positions, penalties, offsets, (slack, tolerance))
    assert found.tolist() == _reference_filter(
        rows, grid, gids, positions, penalties, offsets, slack, tolerance
    )


def test_gid_tables_stay_rows_of_the_grid_as_loci_are_added() -> None:
    grid = GidGrid()
    d3, vwa = LocusAlleles("D3S1358"), LocusAlleles("vWA")
    first = grid.new_table(d3)
    d3_code = pair_code(d3.code("15"), d3.code("16"))
    first.register_one(d3_code)
    second = grid.new_table(vwa)
    vwa_code = pair_code(vwa.code("17"), vwa.code("17"))
    second.register_one(vwa_code)
    assert np.shares_memory(first.gid_of, grid.grid) and np.shares_memory(second.gid_of, grid.grid)
    assert grid.grid[0, d3_code] == 1 and grid.grid[1, vwa_code] == 1


def test_store_grid_rows_are_the_columns() -> None:
    store = RowStore()
    store.append("a", 0, {"D3S1358": 0x0102})
    store.append("b", 0, {"vWA": 0x0304, "D3S1358": 0x0203})
    assert store.grid[store.position("vWA"), :2].tolist() == [NOT_TYPED, 0x0304]
    assert store.column("D3S1358").tolist() == [0x0102, 0x0203]
