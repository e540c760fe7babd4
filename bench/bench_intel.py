"""Fraud-intelligence benchmark (issue #3): ingest, lookup, 2-hop expansion, vs pairwise correlation.

For SQLite (a file in a temporary directory) and PostgreSQL (a throwaway database):
- ingest: synthetic reports (``jointdesk.intel.synthetic``) through the bulk path, normalisation and
  narrative extraction in worker processes, database writes and network maintenance in this one,
  500 reports per transaction; end-to-end sightings/s and peak RSS;
- single lookups over real HTTP: ``jointdesk serve`` in a subprocess, a pool of client threads
  with keep-alive, bearer token of a created user; p50/p99 and lookups/s; beside it, the same
  clients against an ASGI app that does nothing: this machine's ceiling (bench/intel_http.py);
- batch lookup of 10,000 values through the service (``intel.lookup``), one in five never reported;
- 2-hop expansion around a seed in a network of ~100,000 nodes built by construction;
- MISP's design on the same data: ``correlation(a_id, b_id, value)`` (bench/intel_baseline.py).
Run: ``python bench/bench_intel.py [--reports N] [--skip-sqlite] [--skip-postgres]``
(default 1,000,000 reports).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import uuid
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).parent))

from intel_baseline import Baseline, build
from intel_http import http_ceiling, http_lookups
from machine import describe  # bench/machine.py (scripts run from bench/)

from jointdesk import identity, intel
from jointdesk.authz import Principal, Role, permissions_for
from jointdesk.bootstrap import Container, bootstrap
from jointdesk.config import Settings
from jointdesk.db import make_engine, migrate
from jointdesk.db.maintenance import crossed_doubling, refresh_statistics
from jointdesk.identity import AgencyKind
from jointdesk.intel import bulk, synthetic
from jointdesk.intel.imports import INTEL_TABLES
from jointdesk.intel.models import IntelIdentifier
from jointdesk.intel.schemas import ReportIn

SECRET = "bench-secret-key-0123456789abcdef"  # noqa: S105 - a throwaway database
PG_ADMIN = os.environ.get("JOINTDESK_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PASSWORD = "correct-horse-battery-9"  # noqa: S105 - a throwaway user
CHUNK = 500
GRAPH_ACCOUNTS = 400


@dataclass
class Run:
    backend: str
    url: str
    container: Container
    principal: Principal
    token: str


def machine() -> str:
    return describe(_pg_version())


def _pg_version() -> str:
    try:
        with psycopg.connect(_dsn(PG_ADMIN), connect_timeout=3) as conn:
            row = conn.execute("SHOW server_version").fetchone()
        return str(row[0]) if row else "?"
    except psycopg.OperationalError:
        return "unavailable"


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_admin(sql: str) -> None:
    with psycopg.connect(_dsn(PG_ADMIN), autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def open_run(backend: str, url: str, var_dir: Path) -> Run:
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    settings = Settings(
        mode="test",
        database_url=url,
        secret_key=SECRET,
        var_dir=var_dir,
        _env_file=None,  # type: ignore[call-arg]
    )
    container = bootstrap(settings)
    system = Principal.system("bench")
    with container.uow_factory() as uow:
        agency = identity.create_agency(
            uow,
            system,
            cmd=identity.CreateAgency(name="Bench Unit", country="CN", kind=AgencyKind.POLICE_UNIT),
        )
        user = identity.create_user(
            uow,
            system,
            cmd=identity.CreateUser(
                agency_id=agency.id,
                username="bench.analyst",
                display_name="Bench",
                password=PASSWORD,
                roles=[Role.ANALYST],
            ),
            totp_secret=identity.generate_totp_secret(),
        )
        principal = Principal.for_user(
            user_id=user.id, agency_id=agency.id, username=user.username, roles=frozenset({Role.ANALYST})
        )
        scopes = sorted(permissions_for({Role.ANALYST}))
        issued = identity.create_token(uow, principal, cmd=identity.CreateToken(name="bench", scopes=scopes))
        uow.commit()
    return Run(backend, url, container, principal, issued.token)


# --- ingest -------------------------------------------------------------------------------------


def _prepare(rows: list[tuple[int, dict[str, Any]]], ctx: bulk.Context) -> list[bulk.Prepared | bulk.Failure]:
    return bulk.prepare(((i, ReportIn.model_validate(row)) for i, row in rows), ctx)


def ingest(run: Run, n: int, seed: int, workers: int) -> dict[str, float]:
    with run.container.uow_factory() as uow:
        ctx = bulk.context(uow, run.principal)
    rows = enumerate(synthetic.generate_rows(n, seed=seed))
    sightings = reports = 0
    start = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        pending: deque[Future[list[bulk.Prepared | bulk.Failure]]] = deque()
        for chunk in _chunks(rows):
            pending.append(pool.submit(_prepare, chunk, ctx))
            if len(pending) > 2 * workers:
                done = _store(run, pending.popleft().result(), reports)
                reports, sightings = reports + done[0], sightings + done[1]
        while pending:
            done = _store(run, pending.popleft().result(), reports)
            reports, sightings = reports + done[0], sightings + done[1]
    with run.container.uow_factory() as uow:  # as an import batch does when it finishes
        refresh_statistics(uow.session, INTEL_TABLES)
        uow.commit()
    seconds = time.perf_counter() - start
    return {"reports": reports, "sightings": sightings, "seconds": seconds}


def _chunks(rows: Iterator[tuple[int, dict[str, Any]]]) -> Iterator[list[tuple[int, dict[str, Any]]]]:
    while chunk := list(islice(rows, CHUNK)):
        yield chunk


def _store(run: Run, items: list[bulk.Prepared | bulk.Failure], before: int) -> tuple[int, int]:
    with run.container.uow_factory() as uow:
        outcome = bulk.ingest_prepared(uow, run.principal, items)
        if crossed_doubling(before, before + len(outcome.imported)):  # as an import batch does
            refresh_statistics(uow.session, INTEL_TABLES)
        uow.commit()
    new = set(outcome.imported)
    sightings = sum(len(p.sightings) for p in items if isinstance(p, bulk.Prepared) and p.report["id"] in new)
    return len(new), sightings


def peak_rss_mib() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


# --- lookups ------------------------------------------------------------------------------------


def lookup_values(run: Run, k: int) -> list[str]:
    with run.container.uow_factory() as uow:
        stmt = (
            select(IntelIdentifier.id_type, IntelIdentifier.canonical)
            .where(
                IntelIdentifier.status == "normalised", IntelIdentifier.id_type.in_(["phone", "url", "email"])
            )
            .limit(k)
        )
        found = [f"{t}:{c}" for t, c in uow.session.execute(stmt)]
    # One value in five is a number never reported, as in a pasted list of suspects.
    misses = [f"phone:+8617{n:09d}" for n in range(k // 5)]
    return found[: k - len(misses)] + misses


def batch_lookup(run: Run, values: list[str]) -> float:
    with run.container.uow_factory() as uow:
        start = time.perf_counter()
        hits = intel.lookup(uow, run.principal, values)
        seconds = time.perf_counter() - start
        uow.rollback()
    assert len(hits) == len(values)
    return seconds


def http_env(run: Run) -> dict[str, str]:
    return {
        "JOINTDESK_DATABASE_URL": run.url,
        "JOINTDESK_SECRET_KEY": SECRET,
        "JOINTDESK_MODE": "test",
        "JOINTDESK_VAR_DIR": str(run.container.settings.var_dir),
    }


# --- 2-hop expansion in a network built by construction ------------------------------------------


def graph_network(run: Run, n_reports: int) -> tuple[Principal, uuid.UUID, int]:
    """Reports paying two of GRAPH_ACCOUNTS mule accounts each: one network of reports + accounts."""
    system = Principal.system("bench")
    with run.container.uow_factory() as uow:
        agency = identity.create_agency(
            uow,
            system,
            cmd=identity.CreateAgency(name="Graph Unit", country="CN", kind=AgencyKind.POLICE_UNIT),
        )
        uow.commit()
    author = Principal(None, agency.id, "system:bench", permissions=run.principal.permissions)
    first: uuid.UUID | None = None
    for start in range(0, n_reports, CHUNK):
        cmds = [_graph_report(i) for i in range(start, min(start + CHUNK, n_reports))]
        with run.container.uow_factory() as uow:
            outcome = bulk.ingest(uow, author, cmds)
            uow.commit()
        first = first or outcome.imported[0]
    assert first is not None
    return author, first, n_reports + GRAPH_ACCOUNTS


def _graph_report(i: int) -> ReportIn:
    a = i % GRAPH_ACCOUNTS
    b = (a + 1 + (i // GRAPH_ACCOUNTS) % (GRAPH_ACCOUNTS - 1)) % GRAPH_ACCOUNTS
    accounts = [{"id_type": "bank_account", "value": f"62220202{x:08d}", "role": "payee"} for x in (a, b)]
    return ReportIn.model_validate(
        {
            "identifiers": accounts,
            "extract_from_narrative": False,
            "source_ref": f"GRAPH-{i}",
            "jurisdiction": "CN",
        }
    )


def two_hop(run: Run, author: Principal, seed: uuid.UUID) -> tuple[float, int, bool]:
    with run.container.uow_factory() as uow:
        start = time.perf_counter()
        graph = intel.two_hops(uow, author, seed, limit=5000)
        seconds = time.perf_counter() - start
    return seconds, len(graph.nodes), graph.truncated


def network_size(run: Run, seed: uuid.UUID) -> int:
    with run.container.engine.connect() as conn:
        query = text(
            "SELECT COUNT(*) FROM intel_report"
            " WHERE network_id = (SELECT network_id FROM intel_report WHERE id = :s)"
        )
        return int(conn.execute(query, {"s": seed.hex if run.backend == "sqlite" else seed}).scalar_one())


# --- driver ---------------------------------------------------------------------------------------


def bench_backend(backend: str, url: str, args: argparse.Namespace, var_dir: Path) -> dict[str, Any]:
    print(f"\n[{backend}] ingesting {args.reports:,} synthetic reports…", flush=True)
    run = open_run(backend, url, var_dir)
    result: dict[str, Any] = {"ingest": ingest(run, args.reports, args.seed, args.workers)}
    result["rss"] = peak_rss_mib()
    own, worker = result["rss"]
    print(f"[{backend}] ingest {result['ingest']}, peak RSS {own:.0f} / {worker:.0f} MiB", flush=True)
    values = lookup_values(run, 10_000)
    result["batch"], result["batch_n"] = batch_lookup(run, values), len(values)
    print(f"[{backend}] batch lookup of {len(values):,} values: {result['batch']:.2f} s", flush=True)
    if not args.skip_http:
        result["http"] = http_lookups(
            http_env(run), run.token, values, args.http_seconds, args.clients, args.serve_workers
        )
        print(f"[{backend}] http {result['http']}", flush=True)
        result["ceiling"] = http_ceiling(values, args.http_seconds, args.clients)
        print(f"[{backend}] same clients, empty ASGI app: {result['ceiling']}", flush=True)
    print(f"[{backend}] pairwise baseline on the synthetic reports…", flush=True)
    result["baseline"] = build(run.container.engine, cap=args.baseline_cap)
    print(f"[{backend}] baseline {result['baseline']}", flush=True)
    print(f"[{backend}] building a {args.graph_reports:,}-report network…", flush=True)
    author, seed, nodes = graph_network(run, args.graph_reports)
    result["graph"] = (*two_hop(run, author, seed), nodes, network_size(run, seed))
    seconds, returned, _, graph_nodes, reports = result["graph"]
    shown = f"{seconds:.3f} s, {returned:,} nodes of {graph_nodes:,} ({reports:,} reports)"
    print(f"[{backend}] 2-hop {shown}", flush=True)
    run.container.engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--graph-reports", type=int, default=100_000 - GRAPH_ACCOUNTS)
    parser.add_argument("--http-seconds", type=float, default=15.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--serve-workers", type=int, default=1, help="server processes for HTTP lookups")
    parser.add_argument("--baseline-cap", type=int, default=20_000_000, help="pairs built before sampling")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-http", action="store_true")
    args = parser.parse_args()
    print(machine())
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="jd-bench-") as tmp:
        if not args.skip_sqlite:
            results["SQLite"] = bench_backend(
                "sqlite", f"sqlite:///{tmp}/bench.db", args, Path(tmp) / "var-sqlite"
            )
        if not args.skip_postgres:
            name = f"jd_bench_{uuid.uuid4().hex[:8]}"
            _pg_admin(f'CREATE DATABASE "{name}"')
            try:
                url = make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)
                results["PostgreSQL"] = bench_backend("postgresql", url, args, Path(tmp) / "var-pg")
            finally:
                _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print_table(args, results)


def print_table(args: argparse.Namespace, results: dict[str, dict[str, Any]]) -> None:
    print(
        f"\nFraud intelligence benchmark: {args.reports:,} synthetic reports (seed {args.seed}), {machine()}"
    )
    header = f"{'metric':<58}" + "".join(f"{name:>22}" for name in results) + f"{'target':>16}"
    print(header + "\n" + "-" * len(header))

    def row(label: str, cells: list[str], target: str = "") -> None:
        print(f"{label:<58}" + "".join(f"{c:>22}" for c in cells) + f"{target:>16}")

    r = list(results.values())
    row("reports ingested", [f"{x['ingest']['reports']:,}" for x in r])
    row("identifier sightings stored", [f"{x['ingest']['sightings']:,}" for x in r])
    row("ingest wall time (s)", [f"{x['ingest']['seconds']:.1f}" for x in r])
    row(
        "ingest sightings/s (end to end)",
        [f"{x['ingest']['sightings'] / x['ingest']['seconds']:,.0f}" for x in r],
        ">= 50,000",
    )
    row(
        "peak RSS MiB (this process / largest worker)",
        [f"{x['rss'][0]:.0f} / {x['rss'][1]:.0f}" for x in r],
        "< 4,096",
    )
    if not args.skip_http:
        row(
            f"HTTP single lookup p50 / p99 ms ({args.clients} clients)",
            [f"{x['http']['p50']:.1f} / {x['http']['p99']:.1f}" for x in r],
            "p99 < 50",
        )
        row("HTTP single lookups/s", [f"{x['http']['rate']:,.0f}" for x in r], ">= 2,000")
        row(
            "   same clients, empty ASGI app: requests/s, p99 ms",
            [f"{x['ceiling']['rate']:,.0f}, {x['ceiling']['p99']:.1f}" for x in r],
        )
    sizes = "/".join(sorted({f"{x['batch_n']:,}" for x in r}))
    row(f"batch lookup of {sizes} values (s, service)", [f"{x['batch']:.2f}" for x in r], "< 0.2")
    row(
        "2-hop expansion (s) / nodes returned", [f"{x['graph'][0]:.3f} / {x['graph'][1]:,}" for x in r], "< 1"
    )
    row(
        "   network: nodes (reports + accounts) / reports",
        [f"{x['graph'][3]:,} / {x['graph'][4]:,}" for x in r],
    )
    base: list[Baseline] = [x["baseline"] for x in r]
    row("pairwise baseline: correlation rows", [f"{b.pairs:,}" for b in base])
    row("   rows vs occurrence rows (ratio)", [f"{b.pairs / max(b.occurrences, 1):,.1f}x" for b in base])
    row(
        "   bytes: pairwise / linear (occurrence+identifier)",
        [f"{_mib(b.table_bytes)} / {_mib(b.linear_bytes)}" for b in base],
    )
    row("   bytes ratio", [f"{b.table_bytes / max(b.linear_bytes, 1):,.1f}x" for b in base])
    row("   time to build pairwise table (s)", [f"{b.seconds:,.1f}" for b in base])
    sampled = [b for b in base if b.sampled < 1.0]
    if sampled:
        print(
            f"   (pairwise table built for a random {sampled[0].sampled:.1%} of the pairs;"
            " rows, bytes and time extrapolated)"
        )
    print(
        "   (one row per unordered pair, MISP's reworked table; MISP's legacy table stores both directions)"
    )


def _mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


if __name__ == "__main__":
    main()
