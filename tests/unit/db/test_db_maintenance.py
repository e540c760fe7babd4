"""When a bulk load refreshes planner statistics: past 4,096 rows, then at every doubling."""

from __future__ import annotations

from itertools import pairwise

from jointdesk.db.maintenance import FIRST_REFRESH, crossed_doubling


def test_refreshes_at_the_first_mark_and_every_doubling() -> None:
    counts = range(0, 70_000, 500)
    refreshed = [after for before, after in pairwise(counts) if crossed_doubling(before, after)]
    assert refreshed == [4_500, 8_500, 16_500, 33_000, 66_000]


def test_no_refresh_below_the_first_mark_or_within_a_doubling() -> None:
    assert not crossed_doubling(0, FIRST_REFRESH - 1)
    assert crossed_doubling(0, FIRST_REFRESH)
    assert not crossed_doubling(FIRST_REFRESH, 2 * FIRST_REFRESH - 1)
    assert crossed_doubling(FIRST_REFRESH, 2 * FIRST_REFRESH)
    assert crossed_doubling(10, 1_000_000), "one big chunk past several marks refreshes once"
