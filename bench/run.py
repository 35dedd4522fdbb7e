"""`make bench`: the desk's speed against its floor, in one run, printed as one table.

1. A separate database (PostgreSQL `desk_bench` when reachable, else bench/work/bench.sqlite3)
   is made afresh and seeded with bulk inserts: 1,000 sources, 500 actors, 5,000 events,
   20 briefings and, first, 1,000 excerpts.
2. In-process (test Client): which features exist yet and the SQL queries of every page.
3. gunicorn (2 workers, production settings) on core 1, wrk (1 thread) on core 0: the pages
   that scale at 1,000 excerpts; then the seed grows to 100,000 and every row is measured.
4. Two servers sharing PostgreSQL and Redis (bench/two_servers.py): publish on one, time until
   the other serves it, and their combined throughput.
5. Varnish in front of gunicorn (bench/front_cache.py): hits against the floor, publishing
   under 64 readers, the time from a decision to its visibility, readers while the app is down.
6. Quote anchoring on a 1 MB source, then the table, bench/results/*.json and latest.md.

Sizes and durations can be lowered for a quick look: BENCH_SMALL, BENCH_LARGE, BENCH_SECONDS,
BENCH_WARMUP, BENCH_CONNECTIONS.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

from bench import database as bench_database  # noqa: E402
from bench import machine, wrk  # noqa: E402
from bench.server import LOAD_CPU, SERVER_CPU, WORKERS, Server, get  # noqa: E402
from desk.project.environment import env_int  # noqa: E402

SMALL = env_int("BENCH_SMALL", default=1_000)
LARGE = env_int("BENCH_LARGE", default=100_000)
SECONDS = env_int("BENCH_SECONDS", default=10)
WARMUP = env_int("BENCH_WARMUP", default=3)
CONNECTIONS = env_int("BENCH_CONNECTIONS", default=8)
STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


def measure(tool, database, pages, keys, *, session: str, cache: bool, phase: str):
    """wrk on each built page of `keys`, against a fresh server; returns results and memory."""
    todo = [pages[key] for key in keys if pages[key].built]
    if not todo:
        return {}, []
    from django.conf import settings

    cookie = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"}
    results = {}
    environment = bench_database.environment(database, cache=cache, phase=phase)
    label = f"{phase}-{'cached' if cache else 'uncached'}"
    with Server(environment, label, bench_database.WORK_DIR) as server:
        log(f"gunicorn ({label}, caches {'on' if cache else 'off'}) on :{server.port}")
        for page in todo:
            headers = {**page.headers, **(cookie if page.signed_in else {})}
            if page.expect == 304:
                # The validator the server itself sends, in case it differs from in-process.
                (condition,) = page.headers
                validator = "etag" if condition == "If-None-Match" else "last-modified"
                _, answer = get(server.port, page.path)
                headers[condition] = {k.lower(): v for k, v in answer.items()}.get(validator, "")
            server.warm(page.path, headers, page.expect)
            url = server.url(page.path)
            wrk.run(tool, url, headers=headers, seconds=WARMUP, connections=CONNECTIONS)
            busy = machine.wait_for_quiet()
            result = wrk.run(tool, url, headers=headers, seconds=SECONDS, connections=CONNECTIONS)
            result.background_busy = round(busy, 3)
            results[page.key] = result
            log(
                f"  {page.label}: {result.requests_per_second:,.0f} req/s, "
                f"p50 {result.p50_ms:.2f} ms, p99 {result.p99_ms:.2f} ms"
                + (f" (other programs used {busy:.0%} of the CPUs)" if busy > 0.1 else "")
            )
        memory = server.memory()
    return results, memory


def main() -> int:
    tool = wrk.ensure_installed()
    database = bench_database.choose()
    log(f"database: {database.label}; server on CPU {SERVER_CPU}, wrk on CPU {LOAD_CPU}")
    bench_database.recreate(database)
    os.environ.update(bench_database.environment(database))

    import django

    django.setup()
    from django.core.management import call_command

    from bench import anchoring_rate, front_cache, report, targets, two_servers
    from bench.probe import Page, Prober
    from bench.seed import seed_library
    from bench.seed_excerpts import analyze, check_quotes, grow_to

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    log("migrated; static files collected under bench/work/")

    rng = random.Random(10)
    seeding = {}
    began = time.monotonic()
    library = seed_library(rng)
    grow_to(library, SMALL, rng)
    analyze()
    seeding["small_seconds"] = round(time.monotonic() - began, 1)
    log(f"seeded the library and {SMALL:,} excerpts in {seeding['small_seconds']} s")

    prober = Prober(library)
    session = library.session_key
    pages = prober.discover()
    if pages["cached"].built:
        # Junk parameters are ignored for caching (desk.public.cache): the canonical page's entry.
        pages["junk"] = Page(
            "junk",
            "briefing page, junk query string (?utm_source=…&fbclid=…)",
            f"{pages['cached'].path}?utm_source=bench&fbclid=junk&ref=x",
        )
    for page in pages.values():
        where = f"n/a ({page.missing})" if page.missing else page.path
        log(f"  {page.label}: {where}")
    prober.count(pages, targets.SMALL)
    scaling_keys = ("uncached", "filtered", "search")
    small, _ = measure(
        tool, database, pages, scaling_keys, session=session, cache=False, phase="small"
    )

    began = time.monotonic()
    added = grow_to(library, LARGE, rng)
    analyze()
    seeding["large_seconds"] = round(time.monotonic() - began, 1)
    seeding["excerpts_per_second"] = round(added / max(seeding["large_seconds"], 0.001))
    log(f"grew to {LARGE:,} excerpts (+{added:,}) in {seeding['large_seconds']} s")
    checked, wrong = check_quotes()
    seeding["quotes_checked"], seeding["quotes_wrong"] = checked, wrong
    log(f"checked {checked:,} quotes against their source text: {wrong} wrong")
    if wrong:
        raise RuntimeError("Seeded quotes do not match their source text; the bench is invalid.")

    prober.use_cache_prefix(bench_database.cache_namespace("large"))
    prober.count(pages, targets.LARGE)
    large, _ = measure(
        tool, database, pages, scaling_keys, session=session, cache=False, phase="large"
    )
    cached_keys = (
        "floor", "cached", "junk", "not_modified", "review", "desk_home", "sources", "reader",
        "api", "values",
    )  # fmt: skip
    more, memory = measure(
        tool, database, pages, cached_keys, session=session, cache=True, phase="large"
    )
    large.update(more)

    log("two servers sharing PostgreSQL and Redis: publish on one, read on the other…")
    two = two_servers.measure(
        tool,
        database,
        library,
        page=pages["cached"].path,
        seconds=SECONDS,
        warmup=WARMUP,
        connections=CONNECTIONS,
    )
    log(f"  {two.missing or two.as_json()}")

    log("Varnish in front of gunicorn: hits, publishing under load, the app down…")
    front = front_cache.measure(
        tool,
        database,
        library,
        pages=front_cache.public_paths(),
        seconds=SECONDS,
        warmup=WARMUP,
        connections=CONNECTIONS,
    )
    log(f"  {front.missing or 'measured'}")

    log("anchoring quotes in a 1 MB source…")
    anchoring_busy = machine.wait_for_quiet()
    anchoring = anchoring_rate.measure()

    rows, notes = targets.build(pages, large, small, (SMALL, LARGE), anchoring, memory, two)
    rows += front_cache.rows(front)
    total = round(time.monotonic() - STARTED, 1)
    notes += [
        f"seeding: library + {SMALL:,} excerpts {seeding['small_seconds']} s; "
        f"+{added:,} excerpts {seeding['large_seconds']} s; whole run {total} s",
        f"gunicorn {WORKERS} sync workers pinned to CPU {SERVER_CPU}; wrk -t1 -c{CONNECTIONS} "
        f"-d{SECONDS}s on CPU {LOAD_CPU} after {WARMUP} s of warm-up; "
        f"database: {database.label}, not pinned",
    ]
    commit = report.git_commit()
    result = {
        "commit": commit,
        "machine": machine.describe(database.label, wrk.version(tool)),
        "settings": {
            "sizes": [SMALL, LARGE],
            "seconds": SECONDS,
            "warmup_seconds": WARMUP,
            "connections": CONNECTIONS,
            "workers": WORKERS,
            "server_cpu": SERVER_CPU,
            "wrk_cpu": LOAD_CPU,
        },
        "seeding": seeding,
        "pages": {
            key: {
                "label": p.label,
                "path": p.path,
                "built": p.built,
                "missing": p.missing,
                "items": p.items,
                "queries": p.queries,
                "repeated_sql": p.repeated_sql,
            }
            for key, p in pages.items()
        },
        "measurements": {
            "large": {k: m.as_json() for k, m in large.items()},
            "small": {k: m.as_json() for k, m in small.items()},
        },
        "anchoring": {
            "text_chars": anchoring[0],
            "background_busy": round(anchoring_busy, 3),
            "rates": [r.as_json() for r in anchoring[1]],
        },
        "memory": [vars(m) for m in memory],
        "two_servers": two.as_json(),
        "front_cache": front.as_json(),
        "duration_seconds": total,
    }
    path = report.write(result, rows, notes)
    print()
    print(report.text_table(rows, notes))
    print(f"\nWritten to {path.relative_to(ROOT)}, bench/results/latest.json and latest.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
