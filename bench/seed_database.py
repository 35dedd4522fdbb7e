"""Seed the bench database as `make bench` does, without measuring: for bench/profile_page.py.

    BENCH_PG_NAME=desk_mine .venv/bin/python bench/seed_database.py [--excerpts N]

The database (PostgreSQL `BENCH_PG_NAME`, default desk_bench, or the SQLite file) is made
afresh, migrated (static files collected under bench/work/) and seeded with the bench's own
library and N excerpts (default 1,000).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

from bench import database as bench_database  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--excerpts", type=int, default=1_000)
    args = parser.parse_args()
    database = bench_database.choose()
    bench_database.recreate(database)
    os.environ.update(bench_database.environment(database))
    import django

    django.setup()
    from django.core.management import call_command

    from bench.seed import seed_library
    from bench.seed_excerpts import analyze, grow_to

    began = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    rng = random.Random(10)
    library = seed_library(rng)
    grow_to(library, args.excerpts, rng)
    analyze()
    print(
        f"{database.label}: seeded {args.excerpts:,} excerpts in {time.monotonic() - began:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
