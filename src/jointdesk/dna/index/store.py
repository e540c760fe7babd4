"""Row storage: a ``(loci, rows)`` grid of ``uint16`` genotype codes (one contiguous row per locus, so
compiled kernels take every column in one array), references and categories.

A row is one indexed profile. ``profile_ref`` is kept as fixed-width bytes (no Python object per row) and
found again through a :class:`~jointdesk.dna.index.lookup.KeyIndex`; a category is a ``uint8`` code. Rows of
the separately scanned store keep all-``NOT_TYPED`` columns and carry the :data:`IRREGULAR` bit in their
category code; a removed row's category code is :data:`REMOVED`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import numpy.typing as npt

from jointdesk.dna.index.encoding import NOT_TYPED, U8, U16, U32
from jointdesk.dna.index.lookup import KeyIndex, text_key, text_keys

REMOVED = 0xFF
IRREGULAR = 0x80
MAX_CATEGORIES = 0x7F
Refs = npt.NDArray[np.bytes_]


class RowStore:
    """Columns, references and categories of the indexed rows."""

    __slots__ = (
        "_cap",
        "_cat",
        "_category_code",
        "_grid",
        "_position",
        "_refs",
        "categories",
        "loci",
        "n",
        "ref_index",
    )

    def __init__(self) -> None:
        self.n = 0
        self._cap = 0
        self._refs: Refs = np.empty(0, dtype="S8")
        self._cat: U8 = np.empty(0, dtype=np.uint8)
        self._grid: U16 = np.empty((0, 0), dtype=np.uint16)
        self.loci: list[str] = []
        self._position: dict[str, int] = {}
        self.categories: list[str] = []
        self._category_code: dict[str, int] = {}
        self.ref_index = KeyIndex()

    @property
    def cat(self) -> U8:
        """Category code per row."""
        return self._cat[: self.n]

    def column(self, locus: str) -> U16:
        """The genotype column of a locus (rows 0..n-1)."""
        return self._grid[self._position[locus], : self.n]

    @property
    def grid(self) -> U16:
        """Every column, ``(loci, capacity)``: row ``position(locus)`` is that locus (a view)."""
        return self._grid

    def position(self, locus: str) -> int:
        """Position of a locus in :attr:`loci`."""
        return self._position[locus]

    def category_code(self, name: str) -> int:
        """The code of a category name, registering a new one."""
        code = self._category_code.get(name)
        if code is None:
            if len(self.categories) >= MAX_CATEGORIES:
                raise ValueError(f"more than {MAX_CATEGORIES} categories")
            code = len(self.categories)
            self.categories.append(name)
            self._category_code[name] = code
        return code

    def category_codes(self, names: Iterable[str]) -> list[int]:
        """Codes of the given category names that exist (unknown names select nothing)."""
        return [self._category_code[name] for name in names if name in self._category_code]

    def ensure_locus(self, locus: str) -> None:
        """Add a column (all ``NOT_TYPED``) for a new locus."""
        if locus not in self._position:
            grid = np.full((len(self.loci) + 1, self._cap), NOT_TYPED, dtype=np.uint16)
            grid[: len(self.loci)] = self._grid
            self._grid = grid
            self._position[locus] = len(self.loci)
            self.loci.append(locus)

    def find(self, profile_ref: str) -> int | None:
        """The live row of a reference, or ``None``."""
        ref = profile_ref.encode()
        for row in self.ref_index.find(text_key(ref)).tolist():
            if self._cat[row] != REMOVED and self._refs[row] == ref:
                return int(row)
        return None

    def ref(self, row: int) -> str:
        """The reference of a row."""
        return bytes(self._refs[row]).decode()

    def refs(self, rows: U32) -> list[str]:
        """References of rows."""
        return [bytes(value).decode() for value in self._refs[rows].tolist()]

    def append(self, profile_ref: str, category: int, codes: Mapping[str, int]) -> int:
        """Add one row; returns its number."""
        ref = _checked_ref(profile_ref)
        self._reserve(self.n + 1)
        self._fit_refs(len(ref))
        row = self.n
        for locus, code in codes.items():
            self.ensure_locus(locus)
            self._grid[self._position[locus], row] = code
        self._refs[row], self._cat[row] = ref, category
        self.n += 1
        self.ref_index.add(np.array([text_key(ref)], dtype=np.uint64), np.array([row], dtype=np.uint32))
        return row

    def extend(self, refs: Refs, categories: U8, block: Mapping[str, U16]) -> U32:
        """Add a block of rows (references, category codes, one code array per locus); returns the rows."""
        count = refs.size
        self._reserve(self.n + count)
        self._fit_refs(refs.dtype.itemsize)
        rows = np.arange(self.n, self.n + count, dtype=np.uint32)
        for locus, codes in block.items():
            self.ensure_locus(locus)
            self._grid[self._position[locus], self.n : self.n + count] = codes
        self._refs[self.n : self.n + count] = refs
        self._cat[self.n : self.n + count] = categories
        self.n += count
        self.ref_index.add(text_keys(refs), rows)
        return rows

    def mark_removed(self, row: int) -> None:
        """Flag a row as removed (it is filtered from every search)."""
        self._cat[row] = REMOVED

    def nbytes(self) -> int:
        """Bytes held by columns, references, categories and the reference index."""
        return self._grid.nbytes + self._refs.nbytes + self._cat.nbytes + self.ref_index.nbytes()

    def trim(self) -> None:
        """Shrink the arrays to the rows held (after loading)."""
        if self._cap > self.n:
            self._resize(self.n)

    def _reserve(self, size: int) -> None:
        if size > self._cap:
            self._resize(size if self.n == 0 else max(size, self._cap + max(self._cap // 8, 1024)))

    def _resize(self, capacity: int) -> None:
        grid = np.full((len(self.loci), capacity), NOT_TYPED, dtype=np.uint16)
        grid[:, : self.n] = self._grid[:, : self.n]
        self._grid = grid
        refs = np.zeros(capacity, dtype=self._refs.dtype)
        refs[: self.n] = self._refs[: self.n]
        cat = np.full(capacity, REMOVED, dtype=np.uint8)
        cat[: self.n] = self._cat[: self.n]
        self._refs, self._cat, self._cap = refs, cat, capacity

    def _fit_refs(self, width: int) -> None:
        if width > self._refs.dtype.itemsize:
            self._refs = self._refs.astype(f"S{width}")


def _checked_ref(profile_ref: str) -> bytes:
    ref = profile_ref.encode()
    if not ref or b"\x00" in ref:
        raise ValueError("profile_ref must be a non-empty string without NUL characters")
    return ref
