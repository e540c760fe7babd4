"""Network labels are a bijection of the unique birth number: they never collide."""

from __future__ import annotations

import re

from jointdesk.intel.networks import label_for


def test_labels_of_distinct_birth_numbers_are_distinct() -> None:
    labels = [label_for(seq) for seq in range(1, 300_001)]
    assert len(set(labels)) == len(labels)  # random 32-bit labels collided at about this many


def test_labels_keep_their_format_and_stay_distinct_past_32_bits() -> None:
    assert all(re.fullmatch(r"FN-[0-9A-F]{8}", label_for(seq)) for seq in (1, 2, 77_000, 2**32 - 1))
    wide = [label_for(seq) for seq in (2**32, 2**32 + 1, 5 * 2**32 + 7)]
    assert len(set(wide)) == 3 and all(len(label) <= 20 for label in wide)
    assert label_for(2**32 + 1) != label_for(1)


def test_consecutive_networks_do_not_read_as_a_count() -> None:
    assert label_for(2) != "FN-00000002" and label_for(1) != "FN-00000001"
