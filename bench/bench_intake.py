"""Raid-intake benchmark: 2,500 persons from a CSV into the restricted store (target < 60 s).

Side by side on SQLite and PostgreSQL, against a naive baseline that sends each row through the
full person service in its own transaction (validate, encrypt, audit leaf, access-log entry, commit).
Both paths encrypt every person's personal data. A re-run of the same file is timed too (no new rows).
Run: ``python bench/bench_intake.py [--rows N] [--baseline-rows N] [--skip-postgres]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from machine import describe  # bench/machine.py (scripts run from bench/)
from sqlalchemy.engine import make_url

from jointdesk import identity
from jointdesk.authz import Principal, Role
from jointdesk.bootstrap import Container, bootstrap
from jointdesk.config import Settings
from jointdesk.cooperation import intake, persons
from jointdesk.cooperation.persons_schemas import PersonIn
from jointdesk.db import make_engine, migrate

PG_ADMIN = os.environ.get("JOINTDESK_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
TARGET_SECONDS = 60.0
HEADER = (
    "intake_ref,full_name,date_of_birth,estimated_age,nationality,languages,"
    "found_country,found_area,passport_no"
)
NATIONALITIES = ("CN", "VN", "ID", "KE", "MM")


def raid_csv(rows: int) -> str:
    lines = [HEADER]
    for i in range(1, rows + 1):
        dob, age = ("1994-03-0" + str(1 + i % 9), "") if i % 3 else ("", str(17 + i % 25))
        lines.append(f"R-{i:05d},Person {i},{dob},{age},{NATIONALITIES[i % 5]},zh;en,MM,Myawaddy,E{i:08d}")
    return "\n".join(lines) + "\n"


def open_backend(url: str, var_dir: Path) -> tuple[Container, Principal]:
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    settings = Settings(
        mode="test",
        database_url=url,
        secret_key="bench-secret-0123456789abcdef",
        var_dir=var_dir,
        _env_file=None,  # type: ignore[call-arg]
    )
    container = bootstrap(settings)
    system = Principal.system("bench")
    with container.uow_factory() as uow:
        agency = identity.create_agency(
            uow,
            system,
            cmd=identity.CreateAgency(name="Bench MM", country="MM", kind=identity.AgencyKind.POLICE_UNIT),
        )
        user = identity.create_user(
            uow,
            system,
            cmd=identity.CreateUser(
                agency_id=agency.id,
                username="bench.inv",
                display_name="Bench",
                password="correct-horse-battery-9",
                roles=[Role.INVESTIGATOR],
            ),
            totp_secret=identity.generate_totp_secret(),
        )
        uow.commit()
    principal = Principal.for_user(
        user_id=user.id, agency_id=agency.id, username="bench.inv", roles=frozenset({Role.INVESTIGATOR})
    )
    return container, principal


def bulk(container: Container, principal: Principal, text: str, batch: str) -> tuple[float, int]:
    start = time.perf_counter()
    with container.uow_factory() as uow:
        report = intake.ingest_csv(uow, principal, text, batch=batch)
        uow.commit()
    return time.perf_counter() - start, report.created


def naive(container: Container, principal: Principal, rows: int) -> float:
    start = time.perf_counter()
    for i in range(1, rows + 1):
        cmd = PersonIn.model_validate(
            {
                "category": "unclassified",
                "facts": {
                    "nationalities": ["VN"],
                    "languages": ["zh"],
                    "location_history": [
                        {
                            "country": "MM",
                            "area": "Myawaddy",
                            "site_kind": "scam_compound",
                            "found_in_raid": True,
                        }
                    ],
                },
                "personal": {"full_name": f"Naive {i}", "passport_numbers": [f"N{i:08d}"]},
            }
        )
        with container.uow_factory() as uow:
            persons.create_person(uow, principal, cmd)
            uow.commit()
    return time.perf_counter() - start


def run_backend(url: str, var_dir: Path, args: argparse.Namespace) -> dict[str, float]:
    container, principal = open_backend(url, var_dir)
    try:
        text = raid_csv(args.rows)
        first, created = bulk(container, principal, text, "bench-raid")
        assert created == args.rows, created
        rerun, again = bulk(container, principal, text, "bench-raid")
        assert again == 0, again
        baseline = naive(container, principal, args.baseline_rows)
    finally:
        container.engine.dispose()
    return {"bulk": first, "rerun": rerun, "naive": baseline * args.rows / args.baseline_rows}


def machine() -> str:
    return describe(_pg_version())


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_version() -> str:
    try:
        with psycopg.connect(_dsn(PG_ADMIN), connect_timeout=3) as conn:
            row = conn.execute("SHOW server_version").fetchone()
        return str(row[0]) if row else "?"
    except psycopg.OperationalError:
        return "unavailable"


def _pg_admin(sql: str) -> None:
    with psycopg.connect(_dsn(PG_ADMIN), autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def print_table(args: argparse.Namespace, results: dict[str, dict[str, float]]) -> None:
    scaled = "" if args.baseline_rows == args.rows else f" (timed on {args.baseline_rows:,}, scaled)"
    print(f"\nRaid intake of {args.rows:,} persons (target < {TARGET_SECONDS:.0f} s)")
    naive_head = "naive baseline" + scaled
    print(
        f"{'backend':<11} {'bulk intake':>12} {'rows/s':>9} {'re-run':>8} {naive_head:>40} "
        f"{'speed-up':>9} {'target':>7}"
    )
    for backend, r in results.items():
        ok = "met" if r["bulk"] < TARGET_SECONDS else "MISSED"
        print(
            f"{backend:<11} {r['bulk']:>10.2f} s {args.rows / r['bulk']:>9,.0f} {r['rerun']:>6.2f} s "
            f"{r['naive']:>38.1f} s {r['naive'] / r['bulk']:>8.0f}x {ok:>7}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=2500)
    parser.add_argument("--baseline-rows", type=int, default=2500)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    print(machine())
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="jd-bench-intake-") as tmp:
        results["SQLite"] = run_backend(f"sqlite:///{tmp}/bench.db", Path(tmp) / "var-sqlite", args)
        if not args.skip_postgres:
            name = f"jd_bench_{uuid.uuid4().hex[:8]}"
            _pg_admin(f'CREATE DATABASE "{name}"')
            try:
                url = make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)
                results["PostgreSQL"] = run_backend(url, Path(tmp) / "var-pg", args)
            finally:
                _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print_table(args, results)


if __name__ == "__main__":
    sys.exit(main())
