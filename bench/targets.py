"""The targets of issues 10 and 16, as ratios measured in one run, and the rows showing them."""

from __future__ import annotations

from bench.anchoring_rate import AnchoringRate
from bench.probe import Page
from bench.report import Row
from bench.seed_excerpts import BENCH_ITEMS
from bench.server import WorkerMemory
from bench.two_servers import PROPAGATION_TARGET_MS, TwoServers
from bench.wrk import Measurement

# Throughput as a share of the floor's (/healthz) throughput.
OF_FLOOR = {
    "cached": 0.8,
    "junk": 0.5,
    "not_modified": 0.9,
    "uncached": 0.15,
    "filtered": 0.10,
    "search": 0.10,
    "review": 0.10,
}
UNCACHED_P99_MS = 60.0
WORKER_RSS_MB = 150.0
API_OF_VALUES = 0.6
SEARCH_SLOWDOWN_MAX = 3.0
SMALL, LARGE = "small", "large"


def _sql(page: Page) -> str:
    if not page.queries:
        return ""
    return f"{page.queries.get(SMALL, '?')} / {page.queries.get(LARGE, '?')}"


def _ratio(a: Measurement | None, b: Measurement | None) -> float | None:
    if a is None or b is None or not b.requests_per_second:
        return None
    return a.requests_per_second / b.requests_per_second


def build(
    pages: dict[str, Page],
    large: dict[str, Measurement],
    small: dict[str, Measurement],
    sizes: tuple[int, int],
    anchoring: tuple[int, list[AnchoringRate]],
    memory: list[WorkerMemory],
    two: TwoServers | None = None,
) -> tuple[list[Row], list[str]]:
    floor = large.get("floor")
    rows = []
    for key, page in pages.items():
        measured = large.get(key)
        row = Row(page.label, missing=page.missing, sql=_sql(page))
        if measured:
            row.rate, row.p50_ms, row.p99_ms = (
                measured.requests_per_second,
                measured.p50_ms,
                measured.p99_ms,
            )
            row.vs_floor = _ratio(measured, floor)
        if key in OF_FLOOR:
            row.target = f"≥ {OF_FLOOR[key]:.2f} of floor"
            row.met = None if row.vs_floor is None else row.vs_floor >= OF_FLOOR[key]
        if key == "api" and not page.missing:
            share = _ratio(measured, large.get("values"))
            row.target = f"≥ {API_OF_VALUES:.2f} of values(): " + (
                f"{share:.2f}" if share is not None else "values() not measured"
            )
            row.met = None if share is None else share >= API_OF_VALUES
        rows.append(row)
    rows += _tail_and_memory_rows(large.get("uncached"), memory)
    rows += _scaling_rows(pages, large, small, sizes, floor)
    rows.append(_same_queries_row(pages, sizes))
    if two is not None:
        rows += _two_servers_rows(two, floor)
    size, rates = anchoring
    for rate in rates:
        rows.append(
            Row(
                f"anchoring, {rate.kind} quotes/s ({size / 1_048_576:.1f} MB source)",
                rate=rate.quotes_per_second,
                p50_ms=rate.p50_ms,
                p99_ms=rate.p99_ms,
                sql=f"found {rate.found}/{rate.quotes}",
            )
        )
    return rows, _notes(pages, large, memory)


def _tail_and_memory_rows(uncached: Measurement | None, memory: list[WorkerMemory]) -> list[Row]:
    """Issue 16's p99 of the uncached page under 8 connections, and each worker's memory."""
    rows = []
    if uncached is not None:
        rows.append(
            Row(
                "briefing page, 50 items, uncached: p99",
                p99_ms=uncached.p99_ms,
                target=f"p99 ≤ {UNCACHED_P99_MS:.0f} ms",
                met=uncached.p99_ms <= UNCACHED_P99_MS,
            )
        )
    if memory:
        largest = max(m.rss_mb for m in memory)
        rows.append(
            Row(
                "memory per worker (RSS, largest)",
                target=f"≤ {WORKER_RSS_MB:.0f} MB: {largest:.0f} MB",
                met=largest <= WORKER_RSS_MB,
            )
        )
    return rows


def _scaling_rows(pages, large, small, sizes, floor) -> list[Row]:
    rows = []
    for key in ("uncached", "filtered", "search"):
        page = pages[key]
        what = f"{page.label} at {sizes[0]:,} excerpts"
        if page.missing:
            rows.append(Row(what, missing=page.missing))
            continue
        at_small, at_large = small.get(key), large.get(key)
        slowdown = _ratio(at_small, at_large)
        row = Row(
            what,
            rate=at_small.requests_per_second,
            p50_ms=at_small.p50_ms,
            p99_ms=at_small.p99_ms,
            vs_floor=_ratio(at_small, floor),
            sql=_sql(page),
            target=f"slowdown at {sizes[1]:,}: ×{slowdown:.2f}",
        )
        if key == "search":
            row.target = f"slowdown at {sizes[1]:,} ≤ ×{SEARCH_SLOWDOWN_MAX:.0f}: ×{slowdown:.2f}"
            row.met = slowdown <= SEARCH_SLOWDOWN_MAX
        rows.append(row)
    return rows


def _two_servers_rows(two: TwoServers, floor: Measurement | None) -> list[Row]:
    """Issue 16's "two app servers, one truth": propagation, then combined throughput."""
    served = "two servers: published on one, served by the other"
    if two.missing:
        return [Row(served, missing=two.missing)]
    slowest = max(two.item_page_ms or float("inf"), two.briefing_page_ms or float("inf"))
    rate = Row(
        "two servers at once, cached briefing page (combined)",
        rate=two.combined,
        p99_ms=two.p99_ms,
        target="each: " + " + ".join(f"{r:,.0f}" for r in two.each) + " req/s",
    )
    if floor is not None and two.combined is not None:
        rate.vs_floor = two.combined / floor.requests_per_second
    return [
        Row(
            served,
            target=f"≤ {PROPAGATION_TARGET_MS / 1000:.0f} s: item page "
            f"{_ms(two.item_page_ms)}, briefing page {_ms(two.briefing_page_ms)}",
            met=slowest <= PROPAGATION_TARGET_MS,
        ),
        rate,
    ]


def _ms(value: float | None) -> str:
    return "never (10 s)" if value is None else f"{value:.0f} ms"


def _same_queries_row(pages: dict[str, Page], sizes: tuple[int, int]) -> Row:
    counted = [p for p in pages.values() if SMALL in p.queries and LARGE in p.queries]
    differing = [p.key for p in counted if p.queries[SMALL] != p.queries[LARGE]]
    return Row(
        f"SQL queries per page, same at {sizes[0]:,} and {sizes[1]:,}",
        sql=f"{len(counted) - len(differing)}/{len(counted)} pages",
        target="same" if not differing else "differ: " + ", ".join(differing),
        met=not differing,
    )


def _notes(pages, large, memory: list[WorkerMemory]) -> list[str]:
    notes = []
    shown = pages["uncached"].items
    if shown != BENCH_ITEMS:
        notes.append(f"the bench briefing page shows {shown} items, not {BENCH_ITEMS}")
    if memory:
        rss = ", ".join(f"{m.rss_mb:.0f}" for m in memory)
        pss = ", ".join(f"{m.pss_mb:.0f}" for m in memory if m.pss_mb is not None)
        notes.append(f"memory per worker after the runs: RSS {rss} MB; PSS {pss} MB")
    for page in pages.values():
        for shape, count in page.repeated_sql[:2]:
            notes.append(f"possible N+1 on {page.label}: ×{count} {shape[:120]}")
    busy = {key: m.background_busy for key, m in large.items() if m.background_busy > 0.1}
    if busy:
        worst = max(busy.values())
        notes.append(
            f"other programs kept up to {worst:.0%} of the CPUs busy just before "
            f"{len(busy)} of the runs: those figures are noisy (see background_busy in the JSON)"
        )
    for key, measured in large.items():
        if measured.bad_status or measured.socket_errors:
            notes.append(
                f"{pages[key].label}: {measured.bad_status} non-2xx/3xx answers, "
                f"{measured.socket_errors} socket errors"
            )
    return notes
