"""Readers through a real front cache: Varnish with xkey in front of gunicorn (issue #33).

Varnish (deploy/varnish/desk.vcl, its backend rewritten to the bench's gunicorn) and gunicorn run
on the server core, wrk on the load core, as the other rows. Measured:
1. the floor, /healthz served by gunicorn directly, then the briefing page, an item page and the
   briefing's feed through Varnish (target: ≥ 10× the floor, a hit's p99 ≤ 5 ms);
2. readers at 64 connections on the briefing page while a reviewer publishes an approved item
   every second through the API: readers' p99 and errors, and for each publication the time
   until the item page, the briefing page, the feed and the sitemap show it through Varnish
   (target: p95 ≤ 1 s; the decision purges their keys, desk.public.purging);
3. gunicorn stopped, then (on PostgreSQL, when BENCH_STOP_DATABASE=1, as `make bench` sets it)
   the machine's PostgreSQL stopped, each for BENCH_OUTAGE_SECONDS (30): the share of readers'
   requests for pages they had seen that still answer 200 (target: 100%).

Run by `make bench` after the other rows (bench/run.py), or alone on a small seed:
`.venv/bin/python bench/front_cache.py`.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import database as bench_database  # noqa: E402
from bench import machine, phone, wrk  # noqa: E402
from bench.report import Row  # noqa: E402
from bench.server import SERVER_CPU, Server, free_port, get  # noqa: E402

VCL = ROOT / "deploy" / "varnish" / "desk.vcl"
OF_FLOOR_TARGET = 10.0
HIT_P99_MS = 5.0
VISIBLE_TARGET_MS = 1000.0
READERS = 64
UNDER_LOAD_P99_MS = 50.0
_GIVE_UP_SECONDS = 10.0
# How long the app, then the database, stays down while readers keep asking.
OUTAGE_SECONDS = int(os.environ.get("BENCH_OUTAGE_SECONDS", "30"))


@dataclass
class FrontCache:
    missing: str = ""
    floor: wrk.Measurement | None = None
    hits: dict[str, wrk.Measurement] = field(default_factory=dict)
    readers_under_publishing: wrk.Measurement | None = None
    # Milliseconds from each publication's answer to its visibility through Varnish, per page.
    visible_ms: dict[str, list[float | None]] = field(default_factory=dict)
    phone: phone.PhoneReading | None = None
    app_down: tuple[int, int] | None = None  # (answered 200, asked)
    database_down: tuple[int, int] | None = None

    def as_json(self) -> dict:
        return {
            "missing": self.missing,
            "floor": self.floor.as_json() if self.floor else None,
            "hits": {k: m.as_json() for k, m in self.hits.items()},
            "readers_under_publishing": (
                self.readers_under_publishing.as_json() if self.readers_under_publishing else None
            ),
            "visible_ms": self.visible_ms,
            "phone": self.phone.as_json() if self.phone else None,
            "app_down": self.app_down,
            "database_down": self.database_down,
        }


def varnish_missing() -> str:
    if not shutil.which("varnishd"):
        return "varnishd not installed (make serve-cached installs Debian's varnish)"
    trial = bench_database.WORK_DIR / "varnish" / "trial.vcl"
    trial.parent.mkdir(parents=True, exist_ok=True)
    trial.write_text(vcl_for(8000))
    probe = subprocess.run(
        ["varnishd", "-C", "-f", str(trial)], capture_output=True, text=True, check=False
    )
    if probe.returncode != 0:
        return "Varnish cannot load deploy/varnish/desk.vcl (varnish-modules for xkey?)"
    return ""


def vcl_for(backend_port: int) -> str:
    """The deployment's VCL with the bench's gunicorn as its backend."""
    text = VCL.read_text().replace("APP_HOST", "127.0.0.1")
    return text.replace("APP_PORT", str(backend_port))


class Varnish:
    """varnishd in the foreground, pinned to the server core, in front of one backend port."""

    def __init__(self, port: int, backend_port: int):
        self.port = port
        self.work = bench_database.WORK_DIR / "varnish"
        self.vcl = self.work / "desk.vcl"
        self.backend_port = backend_port
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Varnish:
        self.work.mkdir(parents=True, exist_ok=True)
        self.vcl.write_text(vcl_for(self.backend_port))
        command = [
            "taskset", "-c", str(SERVER_CPU),
            "varnishd", "-F", "-n", str(self.work / "state"),
            "-a", f"127.0.0.1:{self.port}", "-f", str(self.vcl), "-s", "malloc,256m",
        ]  # fmt: skip
        log = (self.work / "varnishd.log").open("w")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        # Up, and its probe has found the backend healthy (a public page answers through it).
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if get(self.port, "/robots.txt")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("varnishd did not answer within 30 s; see bench/work/varnish/")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def measure(
    tool: str, database, library, *, pages: dict[str, str], seconds: int, warmup: int,
    connections: int, publications: int = 10,
) -> FrontCache:  # fmt: skip
    """The rows of this module's docstring; `pages` maps "briefing", "item", "feed" to paths."""
    missing = varnish_missing()
    if missing:
        return FrontCache(missing=missing)
    varnish_port = free_port()
    environment = {
        **bench_database.environment(database, cache=True, phase="front-cache"),
        "FRONT_CACHE_PURGER": "desk.public.purging.HttpPurger",
        "FRONT_CACHE_PURGE_URLS": f"http://127.0.0.1:{varnish_port}/",
        "TRUSTED_PROXY_COUNT": "1",
    }
    result = FrontCache()
    server = Server(environment, "front-cache", bench_database.WORK_DIR)
    with server, Varnish(varnish_port, server.port) as varnish:
        wrk.run(tool, server.url("/healthz"), headers={}, seconds=warmup, connections=connections)
        machine.wait_for_quiet()
        result.floor = wrk.run(
            tool, server.url("/healthz"), headers={}, seconds=seconds, connections=connections
        )
        for key, path in pages.items():
            for _ in range(3):
                get(varnish.port, path)
            wrk.run(
                tool, varnish.url(path), headers=READER, seconds=warmup, connections=connections
            )
            machine.wait_for_quiet()
            result.hits[key] = wrk.run(
                tool, varnish.url(path), headers=READER, seconds=seconds, connections=connections
            )
        result.phone = phone.measure(varnish.url(pages["briefing"]))
        result.readers_under_publishing, result.visible_ms = _publishing_under_load(
            tool, varnish, server, library, pages["briefing"], publications
        )
        seen = [*pages.values(), "/sitemap.xml"]
        for path in seen:
            get(varnish.port, path)
        server.__exit__(None, None, None)
        result.app_down = _readers_during(varnish, seen, OUTAGE_SECONDS)
        if database.vendor == "postgresql" and os.environ.get("BENCH_STOP_DATABASE") == "1":
            with Server(environment, "front-cache-2", bench_database.WORK_DIR) as second:
                varnish_backend_moved = _restart_varnish_on(varnish, second.port)
                with varnish_backend_moved:
                    for path in seen:
                        get(varnish_backend_moved.port, path)
                    result.database_down = _with_database_stopped(
                        lambda: _readers_during(varnish_backend_moved, seen, OUTAGE_SECONDS)
                    )
    return result


def _restart_varnish_on(old: Varnish, backend_port: int) -> Varnish:
    old.__exit__(None, None, None)
    return Varnish(free_port(), backend_port)


def _with_database_stopped(run):
    clusters = subprocess.run(["ls", "/etc/postgresql"], capture_output=True, text=True)
    version = clusters.stdout.split()[0]
    control = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]
    subprocess.run([*control, "stop", "-m", "fast"], check=True)
    try:
        return run()
    finally:
        subprocess.run([*control, "start"], check=True)


def _readers_during(varnish: Varnish, paths: list[str], seconds: int) -> tuple[int, int]:
    """Readers asking for pages they had seen, for `seconds`: (answered 200, asked)."""
    answered = asked = 0
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        for path in paths:
            asked += 1
            with contextlib.suppress(OSError):
                answered += get(varnish.port, path)[0] == 200
        time.sleep(0.05)
    return answered, asked


def _publishing_under_load(tool, varnish, server, library, briefing_path, publications):
    """wrk at READERS connections on the briefing page while one item a second is published."""
    from bench.two_servers import _approved_excerpt, _publish, _reviewer_token

    secret = _reviewer_token(library)
    visible: dict[str, list[float | None]] = {"item": [], "briefing": [], "feed": [], "sitemap": []}
    load: list[wrk.Measurement] = []
    duration = publications + 5
    reader = threading.Thread(
        target=lambda: load.append(
            wrk.run(tool, varnish.url(briefing_path), headers=READER, seconds=duration,
                    connections=READERS)
        )
    )  # fmt: skip
    reader.start()
    time.sleep(1)
    for _ in range(publications):
        began = time.monotonic()
        chosen = _approved_excerpt(library)
        if chosen is None:
            break
        pk, item_path, briefing = chosen
        feed = f"{briefing}feed/"
        sitemap_before = get(varnish.port, "/sitemap.xml")[1].get("ETag")
        for path in (item_path, briefing, feed):
            get(varnish.port, path)  # cached before the decision, as readers had it
        if _publish(server.port, pk, secret) != 200:
            break
        since = time.monotonic()
        waits = _until_visible(varnish.port, item_path, briefing, feed, sitemap_before, since)
        for page, ms in zip(("item", "briefing", "feed", "sitemap"), waits, strict=True):
            visible[page].append(ms)
        time.sleep(max(0.0, 1.0 - (time.monotonic() - began)))
    reader.join()
    return (load[0] if load else None), visible


# What every browser sends: Varnish keeps pages gzipped and, to a client that does not take
# gzip, unzips each one again (measured: the 50-item briefing page 3,503 req/s that way).
READER = {"Accept-Encoding": "gzip"}


def _until_visible(port, item_path, briefing, feed, sitemap_etag, since):
    item = listed = fed = mapped = None
    while time.monotonic() - since < _GIVE_UP_SECONDS and None in (item, listed, fed, mapped):
        now = lambda: round((time.monotonic() - since) * 1000, 1)  # noqa: E731
        if item is None and get(port, item_path)[0] == 200:
            item = now()
        if listed is None and item_path.encode() in _body(port, briefing):
            listed = now()
        if fed is None and item_path.encode() in _body(port, feed):
            fed = now()
        if mapped is None and get(port, "/sitemap.xml")[1].get("ETag") != sitemap_etag:
            mapped = now()
        time.sleep(0.005)
    return item, listed, fed, mapped


def _body(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        return connection.getresponse().read()
    finally:
        connection.close()


def _p95(values: list[float | None]) -> float | None:
    if not values or any(v is None for v in values):
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def rows(front: FrontCache) -> list[Row]:
    """The front cache's rows for the bench's table."""
    if front.missing:
        return [Row("through the front cache (Varnish)", missing=front.missing)]
    floor = front.floor.requests_per_second if front.floor else None
    out = [
        Row(
            "/healthz on gunicorn directly (the front cache's floor)",
            rate=floor,
            p50_ms=front.floor.p50_ms,
            p99_ms=front.floor.p99_ms,
            vs_floor=1.0,
        )
    ]
    names = {"briefing": "briefing page", "item": "item page", "feed": "briefing feed"}
    for key, measured in front.hits.items():
        ratio = measured.requests_per_second / floor if floor else None
        out.append(
            Row(
                f"{names.get(key, key)} through Varnish (a hit)",
                rate=measured.requests_per_second,
                p50_ms=measured.p50_ms,
                p99_ms=measured.p99_ms,
                vs_floor=ratio,
                target=f"≥ {OF_FLOOR_TARGET:.0f}× floor, p99 ≤ {HIT_P99_MS:.0f} ms",
                met=ratio is not None
                and ratio >= OF_FLOOR_TARGET
                and measured.p99_ms <= HIT_P99_MS,
            )
        )
    out += _phone_rows(front.phone)
    load = front.readers_under_publishing
    if load is not None:
        errors = load.bad_status + load.socket_errors
        out.append(
            Row(
                f"readers at {READERS} connections while an item is published each second",
                rate=load.requests_per_second,
                p50_ms=load.p50_ms,
                p99_ms=load.p99_ms,
                target=f"p99 ≤ {UNDER_LOAD_P99_MS:.0f} ms, 0 errors: {errors} errors",
                met=load.p99_ms <= UNDER_LOAD_P99_MS and errors == 0,
            )
        )
    for page, values in front.visible_ms.items():
        p95 = _p95(values)
        shown = "never (10 s)" if p95 is None else f"{p95:.0f} ms"
        out.append(
            Row(
                f"from a decision to the {page} through Varnish (p95 of {len(values)})",
                target=f"≤ {VISIBLE_TARGET_MS / 1000:.0f} s: {shown}",
                met=p95 is not None and p95 <= VISIBLE_TARGET_MS,
            )
        )
    for label, share in (
        ("gunicorn stopped", front.app_down),
        ("PostgreSQL stopped", front.database_down),
    ):
        if share is None:
            continue
        answered, asked = share
        out.append(
            Row(
                f"{label}: readers' requests for pages they had seen",
                target=f"100% answered: {answered:,} of {asked:,}",
                met=answered == asked and asked > 0,
            )
        )
    return out


def _phone_rows(reading: phone.PhoneReading | None) -> list[Row]:
    what = "briefing page on a phone (slow 4G, CPU 4× slower), through Varnish"
    if reading is None:
        return []
    if reading.missing:
        return [Row(what, missing=reading.missing)]
    lcp, weight = reading.lcp_ms, reading.gzipped_bytes
    return [
        Row(
            f"{what}: Largest Contentful Paint",
            target=f"≤ {phone.LCP_TARGET_MS / 1000:.1f} s: {lcp / 1000:.2f} s",
            met=lcp <= phone.LCP_TARGET_MS,
        ),
        Row(
            "briefing page's HTML and style sheets, gzipped",
            target=f"≤ {phone.WEIGHT_TARGET_BYTES // 1000} KB: {weight / 1000:.1f} KB "
            f"({reading.transferred_bytes / 1000:.1f} KB on the wire, "
            f"{reading.scripts} scripts)",
            met=weight <= phone.WEIGHT_TARGET_BYTES,
        ),
    ]


def main() -> int:
    """Alone, on a small seed: BENCH_SMALL excerpts (default 1,000)."""
    from desk.project.environment import env_int

    tool = wrk.ensure_installed()
    database = bench_database.choose()
    bench_database.recreate(database)
    os.environ.update(bench_database.environment(database))
    import django

    django.setup()
    from django.core.management import call_command

    from bench.report import text_table
    from bench.seed import seed_library
    from bench.seed_excerpts import grow_to

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    import random

    library = seed_library(random.Random(10))
    grow_to(library, env_int("BENCH_SMALL", default=1_000), random.Random(11))
    paths = public_paths()
    front = measure(
        tool,
        database,
        library,
        pages=paths,
        seconds=env_int("BENCH_SECONDS", default=10),
        warmup=env_int("BENCH_WARMUP", default=3),
        connections=env_int("BENCH_CONNECTIONS", default=8),
    )
    print(text_table(rows(front), []))
    out = bench_database.WORK_DIR / "front-cache.json"
    out.write_text(json.dumps(front.as_json(), indent=2))
    return 0


def public_paths() -> dict[str, str]:
    """A public briefing's page, one of its live items and its feed."""
    from django.urls import reverse

    from desk.models import Excerpt

    item = (
        Excerpt.objects.published()
        .filter(published_revision__briefing__is_public=True)
        .select_related("published_revision__briefing")
        .order_by("pk")
        .first()
    )
    briefing = item.published_revision.briefing
    return {
        "briefing": briefing.get_absolute_url(),
        "item": reverse("briefings:item", args=[briefing.slug, item.pk]),
        "feed": reverse("briefings:feed", args=[briefing.slug]),
    }


if __name__ == "__main__":
    sys.exit(main())
