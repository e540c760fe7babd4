"""The machine line every benchmark prints (figures mean nothing without it)."""

from __future__ import annotations

import os
import platform
import sqlite3
from pathlib import Path


def describe(postgres_version: str) -> str:
    cpu = next(
        (ln.split(":", 1)[1].strip() for ln in _lines("/proc/cpuinfo") if ln.startswith("model name")), "?"
    )
    mem = next((ln.split()[1] for ln in _lines("/proc/meminfo") if ln.startswith("MemTotal")), "0")
    return (
        f"CPU {cpu}, {os.cpu_count()} cores, RAM {int(mem) / 2**20:.1f} GiB, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"PostgreSQL {postgres_version}, {platform.platform()}"
    )


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []
