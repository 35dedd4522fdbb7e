"""What the app can do yet, and what each page costs in SQL, asked in-process with the test Client.

A row is measured only when its feature answers: a cached page runs fewer queries the second
time, a 304 needs an ETag (or Last-Modified) that a conditional request honours, a filter or a
search must narrow the fifty items, and the API must not answer 404. Otherwise the row says
"n/a (not built yet: …)" with what was seen.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from bench.corpus import SEARCH_TERM
from bench.seed import Library
from bench.seed_excerpts import BENCH_ITEMS
from bench.views import API_PATH

VALUES_PATH = "/bench/excerpt-values/"
_LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")


# The desk's own pages, for a signed-in reviewer: at 100,000 excerpts as at 1,000 (issue 16).
DESK_PAGES = ("review", "desk_home", "sources", "reader")


@dataclass
class Page:
    """One measured row: where it is, how it is asked for, and what it costs."""

    key: str
    label: str
    path: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    signed_in: bool = False
    # Measured on the server whose page cache works (True) or the one rendering every page (False).
    cache: bool = True
    expect: int = 200
    missing: str = ""
    items: int | None = None
    queries: dict[str, int] = field(default_factory=dict)
    repeated_sql: list[tuple[str, int]] = field(default_factory=list)

    @property
    def built(self) -> bool:
        return not self.missing

    def not_built(self, reason: str) -> None:
        self.missing = f"not built yet: {reason}"

    def broken(self, status: int) -> None:
        self.missing = f"error: {self.path} answered {status} in-process; see the log above"


@dataclass
class Fetched:
    status: int
    body: bytes
    headers: dict[str, str]
    sql: list[str]

    @property
    def items(self) -> int | None:
        if self.headers.get("Content-Type", "").startswith("application/json"):
            data = json.loads(self.body or b"null")
            if isinstance(data, dict):
                data = data.get("results", data.get("items"))
            return len(data) if isinstance(data, list) else None
        return self.body.count(b'id="item-')


class Prober:
    def __init__(self, library: Library):
        self.library = library
        self.anonymous = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
        self.staff = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
        self.staff.cookies[settings.SESSION_COOKIE_NAME] = library.session_key
        self.caches = settings.CACHES

    def use_cache_prefix(self, prefix: str) -> None:
        """Cache under a new prefix, as the servers of the next phase do."""
        self.caches = {alias: {**c, "KEY_PREFIX": prefix} for alias, c in settings.CACHES.items()}

    def fetch(self, page: Page, *, path: str = "", cached: bool | None = None) -> Fetched:
        """Ask twice (the first warms the process) and keep the second answer and its SQL."""
        client = self.staff if page.signed_in else self.anonymous
        use_cache = page.cache if cached is None else cached
        # Uncached as the uncached server runs (bench.settings): every page rendered, the pieces
        # kept below it (each item's HTML, the filter menus) kept as in production.
        with override_settings(CACHES=self.caches, PUBLIC_PAGE_CACHE=use_cache):
            client.get(path or page.path, headers=page.headers)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path or page.path, headers=page.headers)
        return Fetched(
            response.status_code,
            response.content,
            {k: v for k, v in response.items()},
            [q["sql"] for q in queries.captured_queries],
        )

    def discover(self) -> dict[str, Page]:
        briefing = self.library.bench_briefing.get_absolute_url()
        # The reader of the source the bench briefing quotes first: it holds excerpts at any size.
        reader = self.library.sources[0].version.source.get_absolute_url()
        pages = {
            "floor": Page("floor", "/healthz (the floor)", "/healthz"),
            "cached": Page("cached", f"briefing page, {BENCH_ITEMS} items, cached", briefing),
            "uncached": Page(
                "uncached", f"briefing page, {BENCH_ITEMS} items, uncached", briefing, cache=False
            ),
            "not_modified": Page("not_modified", "briefing page, answered 304", briefing),
            "filtered": Page("filtered", "briefing page, filtered", briefing, cache=False),
            "search": Page(
                "search",
                "briefing page, searched (a name, all its actor's names)",
                briefing,
                cache=False,
            ),
            "review": Page("review", "desk review queue (signed in)", "/desk/review/"),
            "desk_home": Page("desk_home", "desk home (signed in)", "/desk/"),
            "sources": Page("sources", "sources list (signed in)", "/sources/"),
            "reader": Page("reader", "reader, a source and its excerpts (signed in)", reader),
            "api": Page("api", f"API list, {BENCH_ITEMS} excerpts", API_PATH),
            "values": Page("values", "raw values() JSON, same rows", VALUES_PATH),
        }
        for key in DESK_PAGES:
            pages[key].signed_in = True
        self._require(pages["floor"], None)
        uncached = self._require(pages["uncached"], None)
        self._check_cached(pages["cached"], uncached)
        self._check_conditional(pages["not_modified"])
        self._check_narrowing(pages["filtered"], self._filter_candidates())
        # An actor's name, expanded to all its names (one of them is the search term).
        name = self.library.filter_actor.name
        self._check_narrowing(
            pages["search"], [("q", name), ("q", SEARCH_TERM), ("search", SEARCH_TERM)]
        )
        for key in DESK_PAGES:
            self._check_status(pages[key])
        self._check_api(pages["api"], pages["values"])
        self._check_status(pages["values"])
        return pages

    def count(self, pages: dict[str, Page], size: str) -> None:
        """SQL queries per page at this database size, and any query repeated per item."""
        for page in pages.values():
            if page.built:
                fetched = self.fetch(page)
                page.queries[size] = len(fetched.sql)
                page.repeated_sql = repeated(fetched.sql) or page.repeated_sql

    def _require(self, page: Page, items: int | None) -> Fetched:
        fetched = self.fetch(page)
        if fetched.status != 200 or (items is not None and fetched.items != items):
            raise RuntimeError(
                f"{page.path} answered {fetched.status} with {fetched.items} items "
                f"(expected 200 with {items}); the bench cannot measure it."
            )
        page.items = fetched.items
        return fetched

    def _check_cached(self, page: Page, uncached: Fetched) -> None:
        fetched = self.fetch(page, cached=True)
        if len(fetched.sql) >= len(uncached.sql):
            page.not_built(
                f"a repeated request runs the same {len(fetched.sql)} SQL queries as an uncached "
                "one; nothing is cached"
            )

    def _check_conditional(self, page: Page) -> None:
        fetched = self.fetch(page)
        validators = [
            ("If-None-Match", fetched.headers.get("ETag")),
            ("If-Modified-Since", fetched.headers.get("Last-Modified")),
        ]
        header = next(((name, value) for name, value in validators if value), None)
        if header is None:
            page.not_built("no ETag or Last-Modified header on the briefing page")
            return
        page.headers = {header[0]: header[1]}
        answer = self.fetch(page)
        if answer.status != 304:
            page.not_built(f"a request with {header[0]} got {answer.status}, not 304")
            return
        page.expect = 304

    def _filter_candidates(self) -> list[tuple[str, str]]:
        """The ways a FilterSet is likely to spell "items with this topic, kind or actor"."""
        topic, actor = self.library.filter_topic, self.library.filter_actor
        return [
            *[(name, value) for name in ("topic", "topics") for value in (topic.slug, topic.pk)],
            ("kind", "assessment"),
            *[(name, value) for name in ("actor", "actors") for value in (actor.slug, actor.pk)],
        ]

    def _check_narrowing(self, page: Page, candidates: list[tuple[str, str]]) -> None:
        base = page.path
        for name, value in candidates:
            path = f"{base}?{urlencode({name: value})}"
            fetched = self.fetch(page, path=path)
            if fetched.status == 200 and fetched.items and fetched.items < BENCH_ITEMS:
                page.path, page.items = path, fetched.items
                return
        tried = ", ".join(sorted({f"?{name}=" for name, _ in candidates}))
        page.not_built(f"no parameter narrows the {BENCH_ITEMS} items (tried {tried})")

    def _check_status(self, page: Page) -> None:
        fetched = self.fetch(page)
        if fetched.status == 404:
            page.not_built(f"{page.path} answers 404")
        elif fetched.status != 200:
            page.broken(fetched.status)
        page.items = fetched.items

    def _check_api(self, page: Page, values: Page) -> None:
        """The API list of fifty, anonymous or else signed in; the values() view follows it."""
        fetched = self.fetch(page)
        if fetched.status == 404:
            page.not_built(f"{API_PATH} answers 404")
            return
        if fetched.status in (401, 403):
            page.signed_in = values.signed_in = True
            page.label += " (signed in)"
        for suffix in (f"?page_size={BENCH_ITEMS}", f"?limit={BENCH_ITEMS}", ""):
            fetched = self.fetch(page, path=API_PATH + suffix)
            if fetched.status == 200 and fetched.items == BENCH_ITEMS:
                break
        if fetched.status != 200:
            page.broken(fetched.status)
            return
        # Measured as it is even when no parameter gives fifty rows: the row says how many.
        page.path, page.items = API_PATH + suffix, fetched.items
        values.path = VALUES_PATH + suffix
        if fetched.items != BENCH_ITEMS:
            page.label = f"API list, {fetched.items} excerpts" + " (signed in)" * page.signed_in


def repeated(sql: list[str], at_least: int = 3) -> list[tuple[str, int]]:
    """Queries that differ only in their literals and run several times: the N+1 signature."""
    shapes = Counter(_LITERALS.sub("?", statement) for statement in sql)
    return [(shape, count) for shape, count in shapes.most_common() if count >= at_least]
