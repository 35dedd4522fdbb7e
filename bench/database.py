"""The bench's own database: PostgreSQL when one answers on 127.0.0.1:5432, else a SQLite file.

Never the developer's db.sqlite3: the bench makes `desk_bench` (or bench/work/bench.sqlite3)
afresh on every run and leaves it behind for profiling (bench/profile_page.py).
"""

from __future__ import annotations

import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

WORK_DIR = Path(__file__).resolve().parent / "work"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
# A database of another name (BENCH_PG_NAME) lets several people profile on one machine.
PG_NAME = os.environ.get("BENCH_PG_NAME", "desk_bench")
SQLITE_PATH = WORK_DIR / "bench.sqlite3"
CACHE_DIR = WORK_DIR / "cache"
# One throwaway key per run: the sessions made while seeding must be valid on the servers.
_SECRET_KEY = secrets.token_urlsafe(50)
_RUN = secrets.token_hex(4)


@dataclass(frozen=True)
class BenchDatabase:
    vendor: str  # "postgresql" or "sqlite"
    url: str

    @property
    def label(self) -> str:
        return f"PostgreSQL ({PG_NAME})" if self.vendor == "postgresql" else f"SQLite ({self.url})"


def _postgres_answers() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001 - any failure means: use SQLite
        return False


def choose() -> BenchDatabase:
    """PostgreSQL when it answers (unless BENCH_DATABASE=sqlite), else the SQLite file."""
    if os.environ.get("BENCH_DATABASE", "") != "sqlite" and _postgres_answers():
        return BenchDatabase("postgresql", f"postgres://postgres@127.0.0.1:5432/{PG_NAME}")
    return BenchDatabase("sqlite", f"sqlite:///{SQLITE_PATH}")


def recreate(database: BenchDatabase) -> None:
    """Drop the bench database and make it empty again."""
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(CACHE_DIR, ignore_errors=True)
    if database.vendor == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {PG_NAME}")


def cache_namespace(phase: str) -> str:
    """The cache key prefix of one phase of one run: what an earlier phase cached is never used."""
    return f"bench-{_RUN}-{phase}"


def environment(
    database: BenchDatabase, *, cache: bool = True, phase: str = "small"
) -> dict[str, str]:
    """The environment of the bench process and of the servers it starts: production, locally."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database.url,
        "DEBUG": "0",
        "DESK_TESTING": "0",
        "SECRET_KEY": _SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        # The probes ask for pages that may not exist yet: only errors are worth printing.
        "LOG_LEVEL": "ERROR",
        "BENCH_CACHE": "on" if cache else "off",
        # Seeding bypasses the workflow, so nothing tells the app's caches that data changed.
        "BENCH_CACHE_PREFIX": cache_namespace(phase),
        # Where a file-based cache lives for the bench: never the project's own var/cache.
        "CACHE_DIR": str(CACHE_DIR),
    }
