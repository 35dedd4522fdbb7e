"""Only the search rows of `make bench`: the briefing page uncached (the plain list) and searched
(a name, all its actor's names), at BENCH_SMALL and then BENCH_LARGE excerpts, served and loaded
as bench/run.py does it. It uses a database and work folder of its own (`desk_bench_search`,
bench/work/search/), so it never disturbs a whole run.

    .venv/bin/python bench/search_rows.py                        # PostgreSQL when it answers
    BENCH_DATABASE=sqlite .venv/bin/python bench/search_rows.py  # the SQLite file
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import database as bench_database  # noqa: E402
from bench import wrk  # noqa: E402
from bench.run import LARGE, SMALL, log, measure  # noqa: E402

KEYS = ("uncached", "search")

bench_database.PG_NAME = "desk_bench_search"
bench_database.WORK_DIR = bench_database.WORK_DIR / "search"
bench_database.SQLITE_PATH = bench_database.WORK_DIR / "bench.sqlite3"
bench_database.CACHE_DIR = bench_database.WORK_DIR / "cache"


def main() -> int:
    tool = wrk.ensure_installed()
    database = bench_database.choose()
    log(f"database: {database.url}")
    bench_database.recreate(database)
    os.environ.update(bench_database.environment(database))

    import django

    django.setup()
    from django.core.management import call_command

    from bench.probe import Prober
    from bench.seed import seed_library
    from bench.seed_excerpts import analyze, grow_to

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    rng = random.Random(10)
    library = seed_library(rng)
    results = {}
    prober = None
    for size in (SMALL, LARGE):
        grow_to(library, size, rng)
        analyze()
        log(f"seeded {size:,} excerpts")
        if prober is None:
            prober = Prober(library)
            pages = prober.discover()
        else:
            prober.use_cache_prefix(bench_database.cache_namespace(f"search-{size}"))
        prober.count(pages, str(size))
        results[size], _ = measure(
            tool, database, pages, KEYS, session=library.session_key, cache=False,
            phase=f"search-{size}",
        )  # fmt: skip
    print(f"\n{database.url}")
    for key in KEYS:
        small, large = results[SMALL].get(key), results[LARGE].get(key)
        if small is None or large is None:
            print(f"{pages[key].label}: not built ({pages[key].missing})")
            continue
        print(
            f"{pages[key].label}: {small.requests_per_second:,.0f} req/s at {SMALL:,}, "
            f"{large.requests_per_second:,.0f} req/s (p50 {large.p50_ms:.1f} ms) at {LARGE:,}: "
            f"×{small.requests_per_second / large.requests_per_second:.2f} slower; "
            f"SQL queries {pages[key].queries}"
        )
    search, plain = results[LARGE].get("search"), results[LARGE].get("uncached")
    if search and plain:
        ratio = plain.requests_per_second / search.requests_per_second
        print(f"at {LARGE:,}: searched page ×{ratio:.2f} the time of the plain list")
    return 0


if __name__ == "__main__":
    sys.exit(main())
