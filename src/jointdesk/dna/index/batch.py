"""Batch search: many queries over shared read-only columns (dna.md §6.2.7).

Threads share the index but most of a query's time holds the interpreter lock (many small NumPy
calls), so they rarely help. Worker processes started by ``fork`` share the columns copy-on-write (the
index is never written while searching) and run queries truly in parallel; only queries and
candidates cross the process boundary (queries are inherited by the fork, not pickled: profiles
hold read-only mapping proxies).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

Query = TypeVar("Query")
Result = TypeVar("Result")

_worker: tuple[Callable[[object], object], Sequence[object]] | None = None


def _start(search: Callable[[object], object], queries: Sequence[object]) -> None:
    global _worker  # noqa: PLW0603 - one search function and query list per forked worker process
    _worker = (search, queries)


def _run(span: tuple[int, int]) -> list[object]:
    if _worker is None:
        raise RuntimeError("batch worker started without a search function")
    search, queries = _worker
    return [search(queries[i]) for i in range(*span)]


def can_fork() -> bool:
    """True where worker processes can be forked (Linux, macOS with ``fork`` available)."""
    return "fork" in multiprocessing.get_all_start_methods()


def run_batch(
    search: Callable[[Query], Result], queries: Sequence[Query], *, workers: int, processes: bool
) -> list[Result]:
    """``search`` over every query: in this thread, in ``workers`` threads, or in forked processes."""
    if workers <= 1 or len(queries) <= 1:
        return [search(query) for query in queries]
    if processes and can_fork():
        size = max(1, len(queries) // (4 * workers))
        spans = [(start, min(start + size, len(queries))) for start in range(0, len(queries), size)]
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, initializer=_start, initargs=(search, queries)) as pool:
            parts = pool.map(_run, spans)
        return [result for part in parts for result in part]  # type: ignore[misc]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(search, queries))
