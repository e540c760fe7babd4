"""Fast TF-IDF features for short messages in any language, in numpy only.

* :class:`CharNgrams`: character n-grams (default 1-5) of the normalised text. Every n-gram gets a
  64-bit hash computed for the whole batch at once; a sorted vocabulary of the kept hashes (document
  frequency >= ``min_df``, at most ``max_features``) and a bucket index find columns without Python loops.
  This is what makes prediction fast (scikit-learn's char analyzer manages ~1-3 k short messages/s).
* :class:`WordNgrams`: word unigrams and bigrams of :func:`jointdesk.typology.text.shape_tokens`.
* :class:`TextFeatures`: both blocks side by side, each with sublinear TF, smoothed IDF and L2 rows.

Nothing here depends on a language: the char block covers scripts without spaces (Chinese, Thai).
Fitted state is plain arrays and strings (``state()`` / ``from_state()``) so storage never pickles code.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, repeat

import numpy as np
import numpy.typing as npt
from scipy import sparse

from jointdesk.typology.errors import ModelFileError
from jointdesk.typology.text import shape_tokens_batch

U64 = npt.NDArray[np.uint64]
IntArray = npt.NDArray[np.intp]
FloatArray = npt.NDArray[np.float64]
State = dict[str, object]

_MULTIPLIER = np.uint64(0x100000001B3)
_MIX = np.uint64(0xFF51AFD7ED558CCD)
_GOLDEN = 0x9E3779B97F4A7C15
_MASK64 = (1 << 64) - 1


def _mix(values: U64, n: int) -> U64:
    salted = values ^ np.uint64((n * _GOLDEN) & _MASK64)
    salted = salted ^ (salted >> np.uint64(33))
    salted = salted * _MIX
    return salted ^ (salted >> np.uint64(33))


@dataclass(frozen=True)
class _CodePoints:
    """A batch of texts as one array of code points, texts separated by NUL."""

    points: U64
    separators_before: IntArray
    doc: IntArray

    @classmethod
    def of(cls, texts: Sequence[str]) -> _CodePoints:
        joined = "\x00".join(texts) + "\x00"
        points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        before = np.concatenate(([0], np.cumsum(points == 0))).astype(np.intp)
        return cls(points, before, before[:-1])

    def levels(self, n_max: int) -> Iterator[tuple[int, U64]]:
        """For n = 1..n_max: the rolling hash of the n-gram starting at every position where one fits."""
        rolling = np.zeros(len(self.points), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for n in range(1, n_max + 1):
                m = len(self.points) - n + 1
                if m <= 0:
                    return
                rolling = rolling[:m] * _MULTIPLIER + self.points[n - 1 : n - 1 + m]
                yield n, rolling

    def inside(self, positions: IntArray, n: int) -> IntArray:
        """The positions whose n-gram lies inside one text (crosses no separator)."""
        crossing = self.separators_before[positions + n] - self.separators_before[positions]
        inside: IntArray = positions[crossing == 0]
        return inside


def char_ngram_hashes(texts: Sequence[str], n_min: int, n_max: int) -> tuple[IntArray, U64]:
    """(document index, 64-bit hash) of every character n-gram, ``n_min <= n <= n_max``, of every text."""
    batch = _CodePoints.of(texts)
    docs: list[IntArray] = [np.zeros(0, dtype=np.intp)]
    hashes: list[U64] = [np.zeros(0, dtype=np.uint64)]
    for n, rolling in batch.levels(n_max):
        if n >= n_min:
            positions = batch.inside(np.arange(len(rolling), dtype=np.intp), n)
            hashes.append(_mix(rolling[positions], n))
            docs.append(batch.doc[positions])
    return np.concatenate(docs), np.concatenate(hashes)


def known_char_ngrams(
    texts: Sequence[str], n_min: int, n_max: int, index: HashIndex
) -> tuple[IntArray, IntArray]:
    """(document index, column) of every n-gram in ``index``.

    An n-gram is looked up only where its (n-1)-gram prefix was found: a prefix is at least as frequent
    as its extensions, so a vocabulary chosen by frequency keeps the prefix of every n-gram it keeps.
    """
    batch = _CodePoints.of(texts)
    docs: list[IntArray] = [np.zeros(0, dtype=np.intp)]
    columns: list[IntArray] = [np.zeros(0, dtype=np.intp)]
    alive: IntArray | None = None
    for n, rolling in batch.levels(n_max):
        positions = np.arange(len(rolling), dtype=np.intp) if alive is None else alive[alive < len(rolling)]
        positions = batch.inside(positions, n)
        if n < n_min:
            continue
        found = index.lookup(_mix(rolling[positions], n))
        hit = found >= 0
        alive = positions[hit]
        docs.append(batch.doc[alive])
        columns.append(found[hit])
    return np.concatenate(docs), np.concatenate(columns)


class HashIndex:
    """Column lookup for a sorted array of distinct 64-bit hashes.

    Buckets on the top bits (about two keys each) hold 32-bit fingerprints (the low bits), so the two
    small arrays probed per n-gram stay in cache. A false match needs equal top and low bits of two
    different 64-bit hashes (about one n-gram in 10^9): it would add one spurious feature, never fail.
    """

    def __init__(self, keys: U64) -> None:
        self.keys = keys
        self.bits = max(1, math.ceil(math.log2(max(len(keys), 2))) - 1)
        self.shift = np.uint64(64 - self.bits)
        self.fingerprints = (keys & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        tops = keys >> self.shift
        bounds = np.arange((1 << self.bits) + 1, dtype=np.uint64)
        self.offsets = np.searchsorted(tops, bounds).astype(np.int32)

    def lookup(self, hashes: U64) -> IntArray:
        """Column of each hash, -1 where it is not in the vocabulary."""
        columns = np.full(len(hashes), -1, dtype=np.intp)
        if len(self.keys) == 0 or len(hashes) == 0:
            return columns
        bucket = (hashes >> self.shift).astype(np.intp)
        low, high = self.offsets[bucket], self.offsets[bucket + 1]
        fingerprints = (hashes & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        pending = np.flatnonzero(low < high)
        position = low[pending]
        while pending.size:
            hit = self.fingerprints[position] == fingerprints[pending]
            columns[pending[hit]] = position[hit]
            more = ~hit & (position + 1 < high[pending])
            pending, position = pending[more], position[more] + 1
        return columns


def _counts(rows: IntArray, columns: IntArray, shape: tuple[int, int]) -> sparse.csr_matrix:
    keep = columns >= 0
    data = np.ones(int(keep.sum()), dtype=np.float64)
    matrix = sparse.csr_matrix((data, (rows[keep], columns[keep])), shape=shape)
    matrix.sum_duplicates()
    return matrix


def _select_vocabulary(df: IntArray, min_df: int, max_features: int) -> IntArray:
    """Indices of the kept terms in their original order: df >= min_df, the most frequent first if capped."""
    kept = np.flatnonzero(df >= min_df)
    if len(kept) > max_features:
        order = np.argsort(-df[kept], kind="stable")[:max_features]
        kept = np.sort(kept[order])
    return kept


def _idf(df: IntArray, n_documents: int) -> FloatArray:
    ratio = (1.0 + n_documents) / (1.0 + df.astype(np.float64))
    return np.asarray(np.log(ratio) + 1.0, dtype=np.float64)


def tfidf(counts: sparse.csr_matrix, idf: FloatArray) -> sparse.csr_matrix:
    """Sublinear TF times IDF, rows scaled to unit L2 norm (empty rows stay empty); reuses ``counts``."""
    weighted = counts if counts.dtype == np.float64 else counts.astype(np.float64)
    weighted.data = (1.0 + np.log(weighted.data)) * idf[weighted.indices]
    lengths = np.diff(weighted.indptr)
    sums = np.zeros(weighted.shape[0])
    filled = lengths > 0
    if filled.any():
        sums[filled] = np.add.reduceat(weighted.data**2, weighted.indptr[:-1][filled])
    norms = np.sqrt(sums)
    norms[norms == 0.0] = 1.0
    weighted.data /= np.repeat(norms, lengths)
    return weighted


def state_array(state: Mapping[str, object], key: str) -> npt.NDArray[np.generic]:
    """``state[key]`` as an array, or :class:`ModelFileError`."""
    value = state.get(key)
    if not isinstance(value, np.ndarray):
        raise ModelFileError(f"model state: {key!r} is missing or not an array")
    return value


def state_int(state: Mapping[str, object], key: str) -> int:
    """``state[key]`` as an int, or :class:`ModelFileError`."""
    value = state.get(key)
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ModelFileError(f"model state: {key!r} is missing or not an integer")
    return int(value)


def state_str(state: Mapping[str, object], key: str) -> str:
    """``state[key]`` as a str, or :class:`ModelFileError`."""
    value = state.get(key)
    if not isinstance(value, str):
        raise ModelFileError(f"model state: {key!r} is missing or not a string")
    return value


@dataclass
class CharNgrams:
    """Character n-gram TF-IDF over normalised texts (see the module docstring)."""

    n_min: int = 1
    n_max: int = 5
    min_df: int = 2
    max_features: int = 300_000

    def __post_init__(self) -> None:
        self.vocabulary: U64 = np.zeros(0, dtype=np.uint64)
        self.idf: FloatArray = np.zeros(0)
        self._index = HashIndex(self.vocabulary)

    @property
    def size(self) -> int:
        return len(self.vocabulary)

    def _count(self, texts: Sequence[str], index: HashIndex) -> sparse.csr_matrix:
        docs, columns = known_char_ngrams(texts, self.n_min, self.n_max, index)
        return _counts(docs, columns, (len(texts), len(index.keys)))

    def fit_transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        _docs, hashes = char_ngram_hashes(texts, self.n_min, self.n_max)
        unique, totals = np.unique(hashes, return_counts=True)
        candidates = HashIndex(unique[totals >= self.min_df])
        counts = self._count(texts, candidates)
        df = np.bincount(counts.indices, minlength=len(candidates.keys))
        kept = _select_vocabulary(df, self.min_df, self.max_features)
        self.vocabulary, self.idf = candidates.keys[kept], _idf(df[kept], len(texts))
        self._index = HashIndex(self.vocabulary)
        return tfidf(sparse.csr_matrix(counts[:, kept]), self.idf)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return tfidf(self._count(texts, self._index), self.idf)

    def state(self) -> State:
        return {
            "n_min": self.n_min, "n_max": self.n_max, "min_df": self.min_df,
            "max_features": self.max_features,
            "vocabulary": self.vocabulary, "idf": self.idf.astype(np.float32),
        }  # fmt: skip

    @classmethod
    def from_state(cls, state: Mapping[str, object]) -> CharNgrams:
        keys = ("n_min", "n_max", "min_df", "max_features")
        block = cls(*(state_int(state, key) for key in keys))
        block.vocabulary = state_array(state, "vocabulary").astype(np.uint64)
        block.idf = state_array(state, "idf").astype(np.float64)
        block._index = HashIndex(block.vocabulary)
        return block


_BIGRAM = "{} {}".format


def word_terms(tokens: list[str]) -> list[str]:
    """Unigrams and bigrams of a token list."""
    return tokens + list(map(_BIGRAM, tokens, tokens[1:]))


@dataclass
class WordNgrams:
    """Word unigram + bigram TF-IDF over shape tokens (numbers, URLs and e-mails as shapes)."""

    min_df: int = 2
    max_features: int = 200_000

    def __post_init__(self) -> None:
        self.terms: list[str] = []
        self.idf: FloatArray = np.zeros(0)
        self._columns: dict[str, int] = {}

    @property
    def size(self) -> int:
        return len(self.terms)

    def _count(self, texts: Sequence[str]) -> sparse.csr_matrix:
        per_text = [word_terms(tokens) for tokens in shape_tokens_batch(texts)]
        lengths = np.fromiter(map(len, per_text), dtype=np.intp, count=len(per_text))
        rows = np.repeat(np.arange(len(per_text), dtype=np.intp), lengths)
        flat = chain.from_iterable(per_text)
        found = map(self._columns.get, flat, repeat(-1))
        columns = np.fromiter(found, dtype=np.intp, count=int(lengths.sum()))
        return _counts(rows, columns, (len(texts), len(self.terms)))

    def fit_transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        df = Counter(term for tokens in shape_tokens_batch(texts) for term in set(word_terms(tokens)))
        ranked = sorted(df, key=lambda term: (-df[term], term))
        kept = [term for term in ranked if df[term] >= self.min_df][: self.max_features]
        self.terms = sorted(kept)
        self._columns = {term: i for i, term in enumerate(self.terms)}
        self.idf = _idf(np.array([df[t] for t in self.terms], dtype=np.intp), len(texts))
        return self.transform(texts)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return tfidf(self._count(texts), self.idf)

    def state(self) -> State:
        return {
            "min_df": self.min_df, "max_features": self.max_features,
            "terms": "\n".join(self.terms), "idf": self.idf.astype(np.float32),
        }  # fmt: skip

    @classmethod
    def from_state(cls, state: Mapping[str, object]) -> WordNgrams:
        block = cls(state_int(state, "min_df"), state_int(state, "max_features"))
        joined = state_str(state, "terms")
        block.terms = joined.split("\n") if joined else []
        block._columns = {term: i for i, term in enumerate(block.terms)}
        block.idf = state_array(state, "idf").astype(np.float64)
        if len(block.idf) != len(block.terms):
            raise ModelFileError("model state: word terms and IDF weights differ in length")
        return block


def side_by_side(chars: sparse.csr_matrix, words: sparse.csr_matrix, word_weight: float) -> sparse.csr_matrix:
    """The two blocks as one matrix, the word block scaled by ``word_weight``."""
    return sparse.csr_matrix(sparse.hstack([chars, words * word_weight], format="csr"))


@dataclass
class TextFeatures:
    """Character and word blocks side by side over already normalised texts; words scaled by a weight."""

    chars: CharNgrams
    words: WordNgrams
    word_weight: float = 1.0

    @property
    def size(self) -> int:
        return self.chars.size + self.words.size

    def fit_blocks(self, texts: Sequence[str]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        """Fit both blocks; return them unscaled (training searches the word weight)."""
        return self.chars.fit_transform(texts), self.words.fit_transform(texts)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return side_by_side(self.chars.transform(texts), self.words.transform(texts), self.word_weight)

    def transform_blocks(self, texts: Sequence[str]) -> list[tuple[sparse.csr_matrix, float]]:
        """The blocks of :meth:`transform` with their scales, not stacked (cheaper for prediction)."""
        return [(self.chars.transform(texts), 1.0), (self.words.transform(texts), self.word_weight)]

    def state(self) -> State:
        return {"chars": self.chars.state(), "words": self.words.state(), "word_weight": self.word_weight}

    @classmethod
    def from_state(cls, state: Mapping[str, object]) -> TextFeatures:
        chars, words, weight = state.get("chars"), state.get("words"), state.get("word_weight")
        if not isinstance(chars, Mapping) or not isinstance(words, Mapping):
            raise ModelFileError("model state: feature blocks are missing")
        if not isinstance(weight, float | int):
            raise ModelFileError("model state: word weight is missing")
        return cls(CharNgrams.from_state(chars), WordNgrams.from_state(words), float(weight))
