"""The numpy n-gram features agree with a plain reference implementation."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from jointdesk.typology.features import CharNgrams, HashIndex, TextFeatures, WordNgrams, char_ngram_hashes

CORPUS = [
    "您好，这里是公安局",
    "you have won a prize",
    "call 09061701461 now",
    "won a prize!",
    "公安局通知",
] * 2


def _reference_ngrams(text: str, n_min: int, n_max: int) -> Counter[str]:
    return Counter(text[i : i + n] for n in range(n_min, n_max + 1) for i in range(len(text) - n + 1))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="ab 公x", min_size=0, max_size=8), min_size=1, max_size=5))
def test_hashes_count_every_ngram_of_every_text(texts: list[str]) -> None:
    docs, hashes = char_ngram_hashes(texts, 1, 3)
    for i, text in enumerate(texts):
        reference = _reference_ngrams(text, 1, 3)
        assert len(set(hashes[docs == i].tolist())) == len(reference)
        assert int((docs == i).sum()) == sum(reference.values())


def test_hash_index_finds_members_only() -> None:
    keys = np.unique(np.random.default_rng(0).integers(0, 2**63, 5000, dtype=np.uint64))
    index = HashIndex(keys)
    queries = np.concatenate([keys[::7], keys[::7] + np.uint64(1)])
    found = index.lookup(queries)
    assert np.array_equal(found[: len(keys[::7])], np.arange(0, len(keys), 7))
    assert (found[len(keys[::7]) :] == -1).all()


def test_char_block_matches_textbook_tfidf() -> None:
    block = CharNgrams(1, 3, min_df=2, max_features=10_000)
    matrix = block.fit_transform(CORPUS).toarray()
    df = Counter(gram for text in CORPUS for gram in set(_reference_ngrams(text, 1, 3)))
    kept = sorted(gram for gram, n in df.items() if n >= 2)
    assert block.size == len(kept)
    counts = _reference_ngrams(CORPUS[2], 1, 3)
    weights = [
        (1 + math.log(counts[g])) * (math.log((1 + 10) / (1 + df[g])) + 1) for g in kept if g in counts
    ]
    expected = np.sort(np.array(weights) / np.linalg.norm(weights))
    assert np.allclose(np.sort(matrix[2][matrix[2] > 0]), expected)


def test_transform_is_stable_and_unknown_text_gives_empty_row() -> None:
    features = TextFeatures(CharNgrams(1, 4, 2, 1000), WordNgrams(1, 1000), word_weight=0.5)
    features.chars.fit_transform(CORPUS)
    features.words.fit_transform(CORPUS)
    first = features.transform(CORPUS)
    again = features.transform(CORPUS)
    assert np.array_equal(first.indices, again.indices) and np.array_equal(first.data, again.data)
    assert features.transform(["ÿÿÿÿ"]).nnz == 0


def test_state_round_trip_keeps_columns() -> None:
    features = TextFeatures(CharNgrams(1, 3, 2, 50), WordNgrams(1, 100))
    features.fit_blocks(CORPUS)
    again = TextFeatures.from_state(features.state())
    before, after = features.transform(CORPUS), again.transform(CORPUS)
    assert np.array_equal(before.indices, after.indices) and np.allclose(before.data, after.data, atol=1e-6)
    assert features.chars.size == 50
