"""Oversight-log benchmark: appends through ``audit.record`` and offline verification.

Side by side in one run against baselines, so the ratios survive a noisy machine:
- append: incremental right-edge peaks (ours) vs recomputing the RFC 6962 root from all leaves
  on every append (the naive way), both pure, same leaves;
- record(): events per second through the real service on SQLite (one transaction per event);
- verify: entries per second for `audit verify` on an export, vs hashing the same bytes once
  (the floor any verifier pays).
Run: `make bench-audit` (or `python bench/bench_audit.py [N]`).
"""

from __future__ import annotations

import hashlib
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from jointdesk import audit
from jointdesk.audit.frontier import append_leaf, root_of
from jointdesk.audit.merkle import leaf_hash, root_from_leaf_hashes
from jointdesk.authz import Principal
from jointdesk.bootstrap import Container, bootstrap
from jointdesk.config import Settings
from jointdesk.db import migrate


def timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def append_incremental(leaves: list[bytes]) -> bytes:
    peaks: list[tuple[int, bytes]] = []
    root = b""
    for leaf in leaves:
        peaks = append_leaf(peaks, leaf)
        root = root_of(peaks)
    return root


def append_naive(leaves: list[bytes]) -> bytes:
    root = b""
    for i in range(1, len(leaves) + 1):
        root = root_from_leaf_hashes(leaves[:i])
    return root


def record_events(n: int, workdir: Path) -> tuple[float, float, bytes]:
    settings = Settings(
        mode="test",
        database_url=f"sqlite:///{workdir / 'bench.db'}",
        secret_key="bench-secret-0123456789",
        var_dir=workdir,
        _env_file=None,  # type: ignore[call-arg]
    )
    container = bootstrap(settings)
    migrate.upgrade(container.engine)
    system = Principal.system("bench")

    def run() -> None:
        for i in range(n):
            with container.uow_factory() as uow:
                audit.record(uow, system, audit.AuditLogEvent.ADMIN_PRIVILEGED_ACCESS, fields={"n": i})
                if i % 1000 == 999:
                    audit.publish_checkpoint(uow, system)
                uow.commit()

    seconds = timed(run)
    with container.uow_factory() as uow:
        data = audit.export_lines(uow)
    baseline = plain_inserts(container, n)
    container.engine.dispose()
    return seconds, baseline, data


def plain_inserts(container: Container, n: int) -> float:
    """Baseline: the same one-transaction-per-event shape, inserting one plain row, no tree."""
    with container.engine.begin() as connection:
        connection.execute(text("CREATE TABLE bench_plain (seq INTEGER PRIMARY KEY, entry TEXT)"))

    def run() -> None:
        for i in range(n):
            with container.uow_factory() as uow:
                uow.session.execute(
                    text("INSERT INTO bench_plain VALUES (:s, :e)"), {"s": i, "e": f'{{"n":{i}}}'}
                )
                uow.commit()

    return timed(run)


def main() -> None:
    n_append = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    n_record = 3000
    leaves = [leaf_hash(str(i).encode()) for i in range(n_append)]
    t_inc = timed(lambda: append_incremental(leaves))
    t_naive = timed(lambda: append_naive(leaves))
    assert append_incremental(leaves) == append_naive(leaves)
    with tempfile.TemporaryDirectory() as tmp:
        t_record, t_plain, export = record_events(n_record, Path(tmp))
    t_verify = timed(lambda: audit.verify_export(export))
    t_hash = timed(lambda: hashlib.sha256(export).digest())
    rows = [
        ("append: incremental peaks (ours)", n_append, t_inc, "appends/s"),
        ("append: recompute root (baseline)", n_append, t_naive, "appends/s"),
        ("record() on SQLite, 1 tx/event", n_record, t_record, "events/s"),
        ("plain row insert, 1 tx (baseline)", n_record, t_plain, "events/s"),
        ("verify export (ours)", n_record, t_verify, "entries/s"),
        ("sha256 of export once (floor)", n_record, t_hash, "entries/s"),
    ]
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}")
    print(f"{'case':<36} {'n':>6} {'seconds':>9} {'rate':>12}  unit")
    for name, n, seconds, unit in rows:
        print(f"{name:<36} {n:>6} {seconds:>9.3f} {n / seconds:>12,.0f}  {unit}")
    print(f"incremental vs recompute: {t_naive / t_inc:,.0f}x faster at n={n_append}")
    print(f"record() costs {t_record / t_plain:.1f}x a plain insert (tree, commitment, pseudonyms)")
    print(f"export size: {len(export):,} bytes for {n_record} entries")


if __name__ == "__main__":
    main()
